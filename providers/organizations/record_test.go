package organizations_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/workflow"
)

// The plan's organization (from Read) and the one cheap call that checks
// a saved plan agree.
func TestIdentityAndIdentifyAgree(t *testing.T) {
	t.Parallel()
	f, s := minimalApplied(t)
	p := f.provider()
	fromRead := p.Identity(plan(t, s, p).Live())
	now, err := p.Identify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if fromRead == nil || !strings.HasPrefix(fromRead.ID, "o-") || fromRead.ManagementAccount != f.SB.ManagementAccountID() {
		t.Errorf("Identity = %+v, want the sandbox's o- ID and management account %s", fromRead, f.SB.ManagementAccountID())
	}
	if fromRead != nil && *now != *fromRead {
		t.Errorf("Identify = %+v, Identity = %+v", now, fromRead)
	}
}

// orgctlTags returns the root's tags that orgctl keeps.
func orgctlTags(t *testing.T, f *fixture, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	pages := organizations.NewListTagsForResourcePaginator(f.org(), &organizations.ListTagsForResourceInput{ResourceId: aws.String(root)})
	for pages.HasMorePages() {
		out, err := pages.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range out.Tags {
			if strings.HasPrefix(aws.ToString(tg.Key), facts.ReservedTagPrefix) {
				m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
			}
		}
	}
	return m
}

// An override replaces the live commit in the record, and the next record
// replaces the override; the root never carries more than the four tags
// the spec's validation leaves room for, even when the spec uses the rest.
func TestOverrideAndRecordKeepFourTags(t *testing.T) {
	t.Parallel()
	f, s := minimalApplied(t)
	ctx := context.Background()
	root := rootID(t, f)
	// The spec's share of the root's tags: AWS's 50 less orgctl's four.
	var full []types.Tag
	for i := range facts.MaxTags - len(facts.RecordTags) {
		full = append(full, types.Tag{Key: aws.String(fmt.Sprintf("k%02d", i)), Value: aws.String("v")})
	}
	if _, err := f.org().TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(root), Tags: full}); err != nil {
		t.Fatal(err)
	}
	p := f.provider()
	c1 := engine.GitCommit{Commit: "1111111111111111111111111111111111111111", Ref: "main", Repo: "https://git.example/org.git", AppliedAt: "2026-03-04T05:06:07Z"}
	if err := p.RecordCommit(ctx, f.ids(t), c1); err != nil {
		t.Fatal(err)
	}
	ov := workflow.Override{Commit: c1, At: "2026-03-05T00:00:00Z"}
	if err := p.MarkOverridden(ctx, f.ids(t), ov); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{orgp.TagOverridden: c1.Commit, orgp.TagRef: "main", orgp.TagRepo: c1.Repo, orgp.TagAppliedAt: ov.At}
	if got := orgctlTags(t, f, root); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("root's records after the override = %v, want %v", got, want)
	}
	live := plan(t, s, p).Live()
	if lc := p.LiveCommit(live); lc != nil {
		t.Errorf("LiveCommit after the override = %+v, want none", lc)
	}
	wantOv := workflow.Override{Commit: engine.GitCommit{Commit: c1.Commit, Ref: "main", Repo: c1.Repo}, At: ov.At}
	if got := p.Overridden(live); got == nil || *got != wantOv {
		t.Errorf("Overridden = %+v, want %+v", got, wantOv)
	}

	c2 := engine.GitCommit{Commit: "2222222222222222222222222222222222222222", Ref: "main", Repo: c1.Repo, AppliedAt: "2026-03-06T00:00:00Z"}
	if err := p.RecordCommit(ctx, f.ids(t), c2); err != nil {
		t.Fatal(err)
	}
	want = map[string]string{orgp.TagCommit: c2.Commit, orgp.TagRef: "main", orgp.TagRepo: c1.Repo, orgp.TagAppliedAt: c2.AppliedAt}
	if got := orgctlTags(t, f, root); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("root's records after a new record = %v, want %v", got, want)
	}
	pl := plan(t, s, p)
	if lc := p.LiveCommit(pl.Live()); lc == nil || *lc != c2 || p.Overridden(pl.Live()) != nil {
		t.Errorf("after a new record: LiveCommit %+v, Overridden %+v; want %+v and none", lc, p.Overridden(pl.Live()), c2)
	}
	// The records are orgctl's, never the spec's: the spec's tags on the
	// root are the only change the plan has.
	for _, c := range pl.Changes {
		for _, fd := range c.Fields {
			if strings.Contains(fmt.Sprint(fd.Before), facts.ReservedTagPrefix) {
				t.Errorf("the plan sees orgctl's records: %s %s", c.Address(), fd.Name)
			}
		}
	}
}
