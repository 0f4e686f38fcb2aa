package cloudtrail

import (
	"context"
	"maps"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	ct "github.com/orgctl/orgctl/services/cloudtrail"
)

// Read implements engine.Provider: the trails of the home region (one
// call) and, for each organization trail, whether it logs and its tags
// (two calls). Trails of the management account alone are listed without
// details: the spec does not manage them. A spec without cloudTrail reads
// nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	if !scope.Reads(ct.KindTrail) {
		return nil, nil // the spec leaves CloudTrail alone
	}
	out, err := awsapi.Do(ctx, func() (*cloudtrail.DescribeTrailsOutput, error) {
		return p.api.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(false)})
	})
	if err != nil {
		return nil, apiError("DescribeTrails", err)
	}
	var rs []engine.Resource
	for _, t := range out.TrailList {
		r := resource(t)
		if !aws.ToBool(t.IsOrganizationTrail) && !scope.Detailed(r.Ref()) {
			r.Shallow = true
			rs = append(rs, r)
			continue
		}
		if err := p.details(ctx, &r, aws.ToString(t.TrailARN)); err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs, nil
}

// resource is a trail as DescribeTrails reports it.
func resource(t types.Trail) engine.Resource {
	return engine.Resource{Kind: ct.KindTrail, Key: aws.ToString(t.Name), Attrs: engine.Attrs{
		engine.AttrID:            aws.ToString(t.TrailARN),
		ct.AttrRegion:            aws.ToString(t.HomeRegion),
		ct.AttrBucket:            aws.ToString(t.S3BucketName),
		ct.AttrKeyPrefix:         aws.ToString(t.S3KeyPrefix),
		ct.AttrKMSKey:            aws.ToString(t.KmsKeyId),
		ct.AttrMultiRegion:       aws.ToBool(t.IsMultiRegionTrail),
		ct.AttrLogFileValidation: aws.ToBool(t.LogFileValidationEnabled),
		ct.AttrOrganization:      aws.ToBool(t.IsOrganizationTrail),
	}}
}

// details adds whether the trail logs, and its tags, to r.
func (p *Provider) details(ctx context.Context, r *engine.Resource, arn string) error {
	st, err := awsapi.Do(ctx, func() (*cloudtrail.GetTrailStatusOutput, error) {
		return p.api.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String(arn)})
	})
	if err != nil {
		return apiError("GetTrailStatus "+r.Key, err)
	}
	r.Attrs[ct.AttrLogging] = aws.ToBool(st.IsLogging)
	tags, err := p.tags(ctx, arn)
	if err != nil {
		return err
	}
	owner, tagged := tags[facts.ManagedTagKey]
	delete(tags, facts.ManagedTagKey)
	r.Managed = tagged && owner == facts.ManagedTagValue
	if tagged && !r.Managed {
		r.Attrs[engine.AttrOwner] = owner
	}
	if len(tags) > 0 {
		r.Attrs[engine.AttrTags] = tags
	}
	return nil
}

// tags reads a trail's tags, orgctl's records left out.
func (p *Provider) tags(ctx context.Context, arn string) (map[string]string, error) {
	tags := map[string]string{}
	err := awsapi.Pages(ctx, apiError, "ListTags",
		cloudtrail.NewListTagsPaginator(p.api, &cloudtrail.ListTagsInput{ResourceIdList: []string{arn}}),
		func(out *cloudtrail.ListTagsOutput) error {
			for _, rt := range out.ResourceTagList {
				for _, t := range rt.TagsList {
					if k := aws.ToString(t.Key); !strings.HasPrefix(k, facts.ReservedTagPrefix) {
						tags[k] = aws.ToString(t.Value)
					}
				}
			}
			return nil
		})
	return maps.Clone(tags), err
}
