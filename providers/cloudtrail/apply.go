package cloudtrail

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	ct "github.com/orgctl/orgctl/services/cloudtrail"
)

// Apply implements engine.Provider. Every change is idempotent: a trail
// already there is brought in line, one already gone is deleted.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	if c.Kind != ct.KindTrail {
		return "", fmt.Errorf("the cloudtrail provider does not handle %s", c.Kind)
	}
	switch c.Action {
	case engine.Create:
		return p.create(ctx, c)
	case engine.Delete:
		return "", p.delete(ctx, c, ids)
	}
	arn, err := ids.Require(c.Ref())
	if err != nil {
		return "", err
	}
	return "", p.update(ctx, arn, c)
}

// afterTrustedAccess retries, for a while, the refusal of an organization
// trail while the trusted access just given to CloudTrail spreads.
func afterTrustedAccess(o *cloudtrail.Options) {
	o.Retryer = awsapi.Attempts(awsapi.Retry(o.Retryer, "CloudTrailAccessNotEnabledException"), 20)
}

// create makes the trail and starts it logging: CreateTrail does not.
func (p *Provider) create(ctx context.Context, c *engine.Change) (string, error) {
	a := c.After
	tags := []types.Tag{{Key: aws.String(facts.ManagedTagKey), Value: aws.String(facts.ManagedTagValue)}}
	for _, k := range sortedKeys(a.Map(engine.AttrTags)) {
		tags = append(tags, types.Tag{Key: aws.String(k), Value: aws.String(a.Map(engine.AttrTags)[k])})
	}
	out, err := awsapi.Do(ctx, func() (*cloudtrail.CreateTrailOutput, error) {
		return p.api.CreateTrail(ctx, &cloudtrail.CreateTrailInput{
			Name:                       aws.String(c.Key),
			S3BucketName:               aws.String(a.String(ct.AttrBucket)),
			S3KeyPrefix:                optional(a.String(ct.AttrKeyPrefix)),
			KmsKeyId:                   optional(a.String(ct.AttrKMSKey)),
			IsOrganizationTrail:        aws.Bool(a.Bool(ct.AttrOrganization)),
			IsMultiRegionTrail:         aws.Bool(a.Bool(ct.AttrMultiRegion)),
			EnableLogFileValidation:    aws.Bool(a.Bool(ct.AttrLogFileValidation)),
			IncludeGlobalServiceEvents: aws.Bool(true),
			TagsList:                   tags,
		}, afterTrustedAccess)
	})
	var exists *types.TrailAlreadyExistsException
	switch {
	case errors.As(err, &exists):
		// Made by an interrupted run, or by hand: bring it in line.
		t, err := p.find(ctx, c.Key)
		if err != nil {
			return "", err
		}
		live := resource(t)
		if err := p.details(ctx, &live, aws.ToString(t.TrailARN)); err != nil {
			return "", err
		}
		adopt := &engine.Change{Kind: c.Kind, Key: c.Key, Action: engine.Update, Before: live.Attrs, After: a,
			Fields: []engine.FieldDiff{{Name: ct.AttrBucket}, {Name: ct.AttrKeyPrefix}, {Name: ct.AttrKMSKey}, {Name: ct.AttrMultiRegion},
				{Name: ct.AttrLogFileValidation}, {Name: ct.AttrOrganization}, {Name: ct.AttrLogging}, {Name: engine.AttrTags}}}
		adopt.After = withManaged(a)
		return aws.ToString(t.TrailARN), p.update(ctx, aws.ToString(t.TrailARN), adopt)
	case err != nil:
		return "", apiError("CreateTrail "+c.Key, err)
	}
	arn := aws.ToString(out.TrailARN)
	return arn, p.startLogging(ctx, arn)
}

// update sends what the change sets: the trail's settings, logging, tags.
func (p *Provider) update(ctx context.Context, arn string, c *engine.Change) error {
	a := c.After
	in := &cloudtrail.UpdateTrailInput{Name: aws.String(arn)}
	changed := false
	set := func(name string, fn func()) {
		if c.Changed(name) {
			fn()
			changed = true
		}
	}
	set(ct.AttrBucket, func() { in.S3BucketName = aws.String(a.String(ct.AttrBucket)) })
	set(ct.AttrKeyPrefix, func() { in.S3KeyPrefix = aws.String(a.String(ct.AttrKeyPrefix)) })
	set(ct.AttrKMSKey, func() { in.KmsKeyId = aws.String(a.String(ct.AttrKMSKey)) })
	set(ct.AttrMultiRegion, func() { in.IsMultiRegionTrail = aws.Bool(a.Bool(ct.AttrMultiRegion)) })
	set(ct.AttrLogFileValidation, func() { in.EnableLogFileValidation = aws.Bool(a.Bool(ct.AttrLogFileValidation)) })
	set(ct.AttrOrganization, func() { in.IsOrganizationTrail = aws.Bool(a.Bool(ct.AttrOrganization)) })
	if changed {
		if _, err := awsapi.Do(ctx, func() (*cloudtrail.UpdateTrailOutput, error) { return p.api.UpdateTrail(ctx, in, afterTrustedAccess) }); err != nil {
			return apiError("UpdateTrail "+c.Key, err)
		}
	}
	if c.Changed(ct.AttrLogging) && a.Bool(ct.AttrLogging) {
		if err := p.startLogging(ctx, arn); err != nil {
			return err
		}
	}
	if c.Changed(engine.AttrTags) {
		return p.syncTags(ctx, arn, c.Before.Map(engine.AttrTags), a.Map(engine.AttrTags))
	}
	return nil
}

func (p *Provider) startLogging(ctx context.Context, arn string) error {
	_, err := awsapi.Do(ctx, func() (*cloudtrail.StartLoggingOutput, error) {
		return p.api.StartLogging(ctx, &cloudtrail.StartLoggingInput{Name: aws.String(arn)})
	})
	return apiError("StartLogging "+arn, err)
}

func (p *Provider) delete(ctx context.Context, c *engine.Change, ids *engine.IDs) error {
	name := c.Key
	if arn, ok := ids.ID(c.Ref()); ok {
		name = arn
	}
	_, err := awsapi.Do(ctx, func() (*cloudtrail.DeleteTrailOutput, error) {
		return p.api.DeleteTrail(ctx, &cloudtrail.DeleteTrailInput{Name: aws.String(name)})
	})
	var gone *types.TrailNotFoundException
	if errors.As(err, &gone) {
		return nil
	}
	return apiError("DeleteTrail "+c.Key, err)
}

// find returns the trail named name in the home region.
func (p *Provider) find(ctx context.Context, name string) (types.Trail, error) {
	out, err := awsapi.Do(ctx, func() (*cloudtrail.DescribeTrailsOutput, error) {
		return p.api.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{TrailNameList: []string{name}, IncludeShadowTrails: aws.Bool(false)})
	})
	if err != nil {
		return types.Trail{}, apiError("DescribeTrails "+name, err)
	}
	for _, t := range out.TrailList {
		if aws.ToString(t.Name) == name {
			return t, nil
		}
	}
	return types.Trail{}, fmt.Errorf("CloudTrail reports a trail named %s but does not list it in its home region; it may belong to another region", name)
}

// syncTags makes the trail's tags (but orgctl's own) equal want.
func (p *Provider) syncTags(ctx context.Context, arn string, have, want map[string]string) error {
	var add []types.Tag
	for _, k := range sortedKeys(want) {
		if v, ok := have[k]; !ok || v != want[k] {
			add = append(add, types.Tag{Key: aws.String(k), Value: aws.String(want[k])})
		}
	}
	var remove []types.Tag
	for _, k := range sortedKeys(have) {
		if _, ok := want[k]; !ok && k != facts.ManagedTagKey {
			remove = append(remove, types.Tag{Key: aws.String(k)})
		}
	}
	if len(remove) > 0 {
		if _, err := awsapi.Do(ctx, func() (*cloudtrail.RemoveTagsOutput, error) {
			return p.api.RemoveTags(ctx, &cloudtrail.RemoveTagsInput{ResourceId: aws.String(arn), TagsList: remove})
		}); err != nil {
			return apiError("RemoveTags "+arn, err)
		}
	}
	if len(add) > 0 {
		if _, err := awsapi.Do(ctx, func() (*cloudtrail.AddTagsOutput, error) {
			return p.api.AddTags(ctx, &cloudtrail.AddTagsInput{ResourceId: aws.String(arn), TagsList: add})
		}); err != nil {
			return apiError("AddTags "+arn, err)
		}
	}
	return nil
}

// withManaged adds orgctl's ownership tag to a desired trail's tags.
func withManaged(a engine.Attrs) engine.Attrs {
	out := engine.Attrs{}
	for k, v := range a {
		out[k] = v
	}
	tags := map[string]string{facts.ManagedTagKey: facts.ManagedTagValue}
	for k, v := range a.Map(engine.AttrTags) {
		tags[k] = v
	}
	out[engine.AttrTags] = tags
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
