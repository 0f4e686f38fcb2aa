package config

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	cfg "github.com/orgctl/orgctl/services/config"
)

// Read implements engine.Provider: which account is AWS Config's
// administrator (one call from the management account) and that
// account's organization aggregators in the home region (one call as the
// administrator), with the tags of those the spec does not name (one call
// each). A spec without an aggregator reads nothing. It changes nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	if !scope.Reads(cfg.KindAggregator) {
		return nil, nil // the spec leaves aggregators alone
	}
	admin, err := p.readAdmin(ctx)
	if err != nil || admin == "" {
		return nil, err // no administrator: no aggregator of the organization's yet
	}
	api, err := p.admin(ctx, admin)
	if err != nil {
		return nil, err
	}
	named := map[string]bool{}
	scope.Each(func(r *engine.Resource) {
		if r.Kind == cfg.KindAggregator {
			named[r.Attrs.String(cfg.AttrName)] = true
		}
	})
	var out []engine.Resource
	err = awsapi.Pages(ctx, apiError, "DescribeConfigurationAggregators",
		configservice.NewDescribeConfigurationAggregatorsPaginator(api, &configservice.DescribeConfigurationAggregatorsInput{}),
		func(page *configservice.DescribeConfigurationAggregatorsOutput) error {
			for _, a := range page.ConfigurationAggregators {
				if a.OrganizationAggregationSource != nil {
					out = append(out, p.resource(admin, a))
				}
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	// Whether orgctl made one matters only for those the spec does not
	// name: their tags (one call each) say whether they go.
	for i := range out {
		if !named[out[i].Attrs.String(cfg.AttrName)] {
			if err := p.owner(ctx, api, &out[i]); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// owner marks r as orgctl's, or another tool's, from its managed-by tag.
func (p *Provider) owner(ctx context.Context, api *configservice.Client, r *engine.Resource) error {
	arn := r.Attrs.String(engine.AttrID)
	var owner string
	tagged := false
	err := awsapi.Pages(ctx, apiError, "ListTagsForResource",
		configservice.NewListTagsForResourcePaginator(api, &configservice.ListTagsForResourceInput{ResourceArn: aws.String(arn)}),
		func(page *configservice.ListTagsForResourceOutput) error {
			for _, t := range page.Tags {
				if aws.ToString(t.Key) == facts.ManagedTagKey {
					owner, tagged = aws.ToString(t.Value), true
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	r.Managed = tagged && owner == facts.ManagedTagValue
	if tagged && !r.Managed {
		r.Attrs[engine.AttrOwner] = owner
	}
	return nil
}

// readAdmin returns the ID of AWS Config's delegated administrator for
// aggregators, or "" when there is none.
func (p *Provider) readAdmin(ctx context.Context) (string, error) {
	return awsapi.DelegatedAdmin(ctx, p.organizations(), cfg.Principal, apiError)
}

// resource is an organization aggregator of the administrator account,
// keyed by the account's ID here; the engine makes it the spec's key.
func (p *Provider) resource(admin string, a types.ConfigurationAggregator) engine.Resource {
	src := a.OrganizationAggregationSource
	name := aws.ToString(a.ConfigurationAggregatorName)
	attrs := engine.Attrs{
		engine.AttrID:  aws.ToString(a.ConfigurationAggregatorArn),
		cfg.AttrRegion: p.home(), cfg.AttrAccount: admin, cfg.AttrName: name,
		cfg.AttrRole: roleName(aws.ToString(src.RoleArn), admin),
	}
	if src.AllAwsRegions {
		attrs[cfg.AttrAllRegions] = true
	} else {
		regions := slices.Clone(src.AwsRegions)
		slices.Sort(regions)
		attrs[cfg.AttrRegions] = regions
	}
	return engine.Resource{Kind: cfg.KindAggregator, Key: cfg.Aggregator(p.home(), admin, name).Key, Attrs: attrs}
}

// roleName is the role's name after its path when the role is the
// administrator account's, else the whole ARN (so that a role of another
// account never equals the spec's).
func roleName(arn, admin string) string {
	rest, ok := strings.CutPrefix(arn, "arn:")
	if !ok {
		return arn
	}
	parts := strings.SplitN(rest, ":", 5) // partition, iam, "", account, role/...
	if len(parts) != 5 || parts[1] != "iam" || parts[3] != admin {
		return arn
	}
	if name, ok := strings.CutPrefix(parts[4], "role/"); ok {
		return name
	}
	return arn
}
