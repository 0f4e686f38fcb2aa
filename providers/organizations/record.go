package organizations

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	orgs "github.com/orgctl/orgctl/services/organizations"
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

// recordAttr turns the root's tags into the live-commit attribute, or nil
// when no apply from git recorded one.
func recordAttr(tags map[string]string) map[string]string {
	if tags[TagCommit] == "" {
		return nil
	}
	return map[string]string{
		"commit": tags[TagCommit], "ref": tags[TagRef], "repo": tags[TagRepo], "appliedAt": tags[TagAppliedAt],
	}
}

// LiveCommit returns the commit recorded as live in what Read returned, or
// nil when no apply from git has recorded one.
func (p *Provider) LiveCommit(live engine.Live) *engine.GitCommit {
	org, ok := live(orgs.Organization)
	if !ok {
		return nil
	}
	m := org.Attrs.Map(orgs.AttrLiveCommit)
	if m["commit"] == "" {
		return nil
	}
	return &engine.GitCommit{Commit: m["commit"], Ref: m["ref"], Repo: m["repo"], AppliedAt: m["appliedAt"]}
}

// RecordCommit records c as the live commit on the root.
func (p *Provider) RecordCommit(ctx context.Context, ids *engine.IDs, c engine.GitCommit) error {
	id, err := rootID(ids)
	if err != nil {
		return err
	}
	at := c.AppliedAt
	if at == "" {
		at = time.Now().UTC().Format(time.RFC3339)
	}
	tags := []types.Tag{
		{Key: aws.String(TagCommit), Value: aws.String(tagValue(c.Commit))},
		{Key: aws.String(TagRef), Value: aws.String(tagValue(c.Ref))},
		{Key: aws.String(TagRepo), Value: aws.String(tagValue(c.Repo))},
		{Key: aws.String(TagAppliedAt), Value: aws.String(at)},
	}
	_, err = awsapi.Do(ctx, func() (*organizations.TagResourceOutput, error) {
		return p.org.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(id), Tags: tags})
	})
	if err != nil {
		return apiError("TagResource "+id, err)
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
