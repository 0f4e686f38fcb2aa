package organizations

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/facts"
)

// The live commit: after an apply from git, orgctl records on the
// organization's root which commit it applied. The tags carry
// facts.ReservedTagPrefix, which the spec may not use; reads leave them out
// of the root's tags, so the diff never sees them.
const (
	TagCommit    = facts.ReservedTagPrefix + "commit"
	TagRef       = facts.ReservedTagPrefix + "ref"
	TagRepo      = facts.ReservedTagPrefix + "repo"
	TagAppliedAt = facts.ReservedTagPrefix + "applied-at"
)

// Record is the commit an apply made live.
type Record struct {
	Commit    string
	Ref       string
	Repo      string
	AppliedAt time.Time
}

// recordFrom reads a record from the root's tags, or nil when none.
func recordFrom(tags map[string]string) *Record {
	if tags[TagCommit] == "" {
		return nil
	}
	r := &Record{Commit: tags[TagCommit], Ref: tags[TagRef], Repo: tags[TagRepo]}
	r.AppliedAt, _ = time.Parse(time.RFC3339, tags[TagAppliedAt])
	return r
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

// rootID returns the root's ID from the last Read, or asks AWS.
func (p *Provider) rootID(ctx context.Context) (string, error) {
	p.mu.Lock()
	ix := p.idx
	p.mu.Unlock()
	if ix != nil && ix.rootID != "" {
		return ix.rootID, nil
	}
	roots, err := call(ctx, p, func() (*organizations.ListRootsOutput, error) { return p.org.ListRoots(ctx, nil) })
	if err != nil {
		return "", apiError("ListRoots", err)
	}
	if len(roots.Roots) != 1 {
		return "", fmt.Errorf("the organization has %d roots; orgctl expects one", len(roots.Roots))
	}
	return aws.ToString(roots.Roots[0].Id), nil
}

// ReadRecord returns the commit recorded as live, or nil when no apply
// from git has recorded one. After a Read it costs no call: the root's tags
// were read with it.
func (p *Provider) ReadRecord(ctx context.Context) (*Record, error) {
	p.mu.Lock()
	ix := p.idx
	p.mu.Unlock()
	if ix != nil {
		return ix.record, nil
	}
	id, err := p.rootID(ctx)
	if err != nil {
		return nil, err
	}
	tags, err := p.tags(ctx, id)
	if err != nil {
		return nil, err
	}
	return recordFrom(tags), nil
}

// WriteRecord records r as the live commit.
func (p *Provider) WriteRecord(ctx context.Context, r Record) error {
	id, err := p.rootID(ctx)
	if err != nil {
		return err
	}
	tags := []types.Tag{
		{Key: aws.String(TagCommit), Value: aws.String(tagValue(r.Commit))},
		{Key: aws.String(TagRef), Value: aws.String(tagValue(r.Ref))},
		{Key: aws.String(TagRepo), Value: aws.String(tagValue(r.Repo))},
		{Key: aws.String(TagAppliedAt), Value: aws.String(r.AppliedAt.UTC().Format(time.RFC3339))},
	}
	_, err = call(ctx, p, func() (*organizations.TagResourceOutput, error) {
		return p.org.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(id), Tags: tags})
	})
	if err != nil {
		return apiError("TagResource "+id, err)
	}
	p.mu.Lock()
	if p.idx != nil {
		p.idx.record = &r
	}
	p.mu.Unlock()
	return nil
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
