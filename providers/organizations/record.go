package organizations

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/workflow"
)

// The live commit: after an apply from git, orgctl records on the
// organization's root which commit it applied. The tags carry
// facts.ReservedTagPrefix, which the spec may not use; Read reports them
// apart from the root's tags, in the organization's read-only
// orgs.AttrLiveCommit, so the diff never sees them.
var (
	TagCommit    = facts.RecordTags[0]
	TagRef       = facts.RecordTags[1]
	TagRepo      = facts.RecordTags[2]
	TagAppliedAt = facts.RecordTags[3]
)

// TagOverridden replaces TagCommit once an apply from files on disk has
// changed the organization: it keeps the commit git applied, no longer
// live, and TagAppliedAt then says when the apply from disk ran. The
// record stays at four tags, the room the spec's validation leaves on the
// root, and an orgctl that does not know this tag finds no live commit
// rather than a wrong one.
var TagOverridden = facts.ReservedTagPrefix + "overridden"

// recordAttr turns the root's tags into the live-commit attribute, or nil
// when no apply from git recorded one. A record of an override has
// "overridden" set; a live commit wins over it (an orgctl that does not
// know overrides may have recorded one since).
func recordAttr(tags map[string]string) map[string]string {
	m := map[string]string{"ref": tags[TagRef], "repo": tags[TagRepo], "appliedAt": tags[TagAppliedAt]}
	switch {
	case tags[TagCommit] != "":
		m["commit"] = tags[TagCommit]
	case tags[TagOverridden] != "":
		m["commit"], m["overridden"] = tags[TagOverridden], "true"
	default:
		return nil
	}
	return m
}

// record returns the record in what Read returned, or nil.
func record(live engine.Live) map[string]string {
	org, ok := live(orgs.Organization)
	if !ok {
		return nil
	}
	m := org.Attrs.Map(orgs.AttrLiveCommit)
	if m["commit"] == "" {
		return nil
	}
	return m
}

// LiveCommit returns the commit recorded as live in what Read returned, or
// nil when no apply from git has recorded one, or an apply from disk has
// overridden it.
func (p *Provider) LiveCommit(live engine.Live) *engine.GitCommit {
	m := record(live)
	if m == nil || m["overridden"] != "" {
		return nil
	}
	return &engine.GitCommit{Commit: m["commit"], Ref: m["ref"], Repo: m["repo"], AppliedAt: m["appliedAt"]}
}

// Overridden returns what an apply from files on disk overrode, when the
// record says one did.
func (p *Provider) Overridden(live engine.Live) *workflow.Override {
	m := record(live)
	if m == nil || m["overridden"] == "" {
		return nil
	}
	return &workflow.Override{Commit: engine.GitCommit{Commit: m["commit"], Ref: m["ref"], Repo: m["repo"]}, At: m["appliedAt"]}
}

// RecordCommit records c as the live commit on the root. A record of an
// override goes first, so the root never holds more than four records.
func (p *Provider) RecordCommit(ctx context.Context, ids *engine.IDs, c engine.GitCommit) error {
	id, err := rootID(ids)
	if err != nil {
		return err
	}
	at := c.AppliedAt
	if at == "" {
		at = time.Now().UTC().Format(time.RFC3339)
	}
	if err := p.untagRoot(ctx, id, TagOverridden); err != nil {
		return err
	}
	return p.tagRoot(ctx, id, map[string]string{
		TagCommit: c.Commit, TagRef: c.Ref, TagRepo: c.Repo, TagAppliedAt: at,
	})
}

// MarkOverridden records that an apply from files on disk changed the
// organization after o.Commit was applied from git. The live commit's tag
// goes first: should the second call fail, no commit is named live, which
// is true.
func (p *Provider) MarkOverridden(ctx context.Context, ids *engine.IDs, o workflow.Override) error {
	id, err := rootID(ids)
	if err != nil {
		return err
	}
	if err := p.untagRoot(ctx, id, TagCommit); err != nil {
		return err
	}
	return p.tagRoot(ctx, id, map[string]string{
		TagOverridden: o.Commit.Commit, TagRef: o.Commit.Ref, TagRepo: o.Commit.Repo, TagAppliedAt: o.At,
	})
}

func (p *Provider) tagRoot(ctx context.Context, id string, m map[string]string) error {
	tags := make([]types.Tag, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		tags = append(tags, types.Tag{Key: aws.String(k), Value: aws.String(tagValue(m[k]))})
	}
	_, err := awsapi.Do(ctx, func() (*organizations.TagResourceOutput, error) {
		return p.org.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(id), Tags: tags})
	})
	if err != nil {
		return apiError("TagResource "+id, err)
	}
	return nil
}

func (p *Provider) untagRoot(ctx context.Context, id string, keys ...string) error {
	_, err := awsapi.Do(ctx, func() (*organizations.UntagResourceOutput, error) {
		return p.org.UntagResource(ctx, &organizations.UntagResourceInput{ResourceId: aws.String(id), TagKeys: keys})
	})
	if err != nil {
		return apiError("UntagResource "+id, err)
	}
	return nil
}

// withoutReserved returns tags without orgctl's own records.
func withoutReserved(tags map[string]string) map[string]string {
	var out map[string]string
	for k, v := range tags {
		if strings.HasPrefix(k, facts.ReservedTagPrefix) {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[k] = v
	}
	return out
}

// notTagText is what AWS does not allow in tag values.
var notTagText = regexp.MustCompile(`[^\p{L}\p{Z}\p{N}_.:/=+\-@]`)

// tagValue makes s a valid tag value: characters AWS refuses become _,
// and it is cut to AWS's 256 characters.
func tagValue(s string) string {
	s = notTagText.ReplaceAllString(s, "_")
	if r := []rune(s); len(r) > 256 {
		s = string(r[:256])
	}
	return s
}
