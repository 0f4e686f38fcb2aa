package securityhub

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	sh "github.com/orgctl/orgctl/services/securityhub"
)

// Read implements engine.Provider: in each governed region the
// administrator (one call from the management account, all at once);
// then, as the administrator, its aggregator (two calls), the
// organization configuration of the aggregation Region (one), and with
// central configuration on, the policies (one, then two a policy) and the
// targets that apply a configuration of their own (one). A spec without
// security.securityHub reads nothing. It changes nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	if !scope.Reads(sh.KindAdmin) {
		return nil, nil // the spec leaves Security Hub alone
	}
	regions := p.Env.Settings.Regions
	admins := make([]string, len(regions))
	g, gctx := errgroup.WithContext(ctx)
	for i, region := range regions {
		g.Go(func() error {
			a, err := p.readAdmin(gctx, region)
			if err != nil {
				return fmt.Errorf("%s: %w", region, err)
			}
			admins[i] = a
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var out []engine.Resource
	for i, a := range admins {
		if a != "" {
			out = append(out, engine.Resource{Kind: sh.KindAdmin, Key: sh.Admin(regions[i], a).Key,
				Attrs: engine.Attrs{sh.AttrRegion: regions[i], sh.AttrAccount: a, engine.AttrID: a}})
		}
	}
	home := p.wantedHome(scope)
	admin := ""
	if i := slices.Index(regions, home); i >= 0 {
		admin = admins[i]
	}
	if admin == "" {
		return out, nil // no administrator where central configuration would be
	}
	rest, err := p.readCentral(ctx, admin, home, admins, regions)
	if err != nil {
		return nil, err
	}
	return append(out, rest...), nil
}

// wantedHome is the aggregation Region the spec asks for, or the home
// region.
func (p *Provider) wantedHome(scope *engine.Scope) string {
	home := p.Env.Settings.HomeRegion
	scope.Each(func(r *engine.Resource) {
		if r.Kind == sh.KindOrgConfig {
			home = r.Attrs.String(sh.AttrRegion)
		}
	})
	return home
}

// readCentral reads, as the administrator, its aggregator (wherever it
// is: it is listed from every Region), and in the aggregation Region the
// organization configuration, policies and associations.
func (p *Provider) readCentral(ctx context.Context, admin, home string, admins, regions []string) ([]engine.Resource, error) {
	api, err := p.admin(ctx, admin, home)
	if err != nil {
		return nil, err
	}
	var out []engine.Resource
	arn, err := p.aggregatorARN(ctx, api)
	if err != nil {
		return nil, err
	}
	if arn != "" {
		region := arnRegion(arn)
		if region != home {
			if i := slices.Index(regions, region); i < 0 || admins[i] != admin {
				return nil, fmt.Errorf("Security Hub's finding aggregator %s is in %s, where %s is not the administrator: govern that region, or move the aggregator by hand", arn, region, admin)
			}
			if api, err = p.admin(ctx, admin, region); err != nil {
				return nil, err
			}
			home = region
		}
		agg, err := awsapi.Do(ctx, func() (*securityhub.GetFindingAggregatorOutput, error) {
			return api.GetFindingAggregator(ctx, &securityhub.GetFindingAggregatorInput{FindingAggregatorArn: aws.String(arn)})
		})
		if err != nil {
			return nil, apiError("GetFindingAggregator", err)
		}
		linked := slices.Clone(agg.Regions)
		slices.Sort(linked)
		attrs := engine.Attrs{engine.AttrID: arn, sh.AttrRegion: home, sh.AttrAccount: admin,
			sh.AttrLinkingMode: aws.ToString(agg.RegionLinkingMode)}
		if len(linked) > 0 {
			attrs[sh.AttrRegions] = linked
		}
		out = append(out, engine.Resource{Kind: sh.KindAggregator, Key: sh.Aggregator(home, admin).Key, Attrs: attrs})
	}
	oc, err := awsapi.Do(ctx, func() (*securityhub.DescribeOrganizationConfigurationOutput, error) {
		return api.DescribeOrganizationConfiguration(ctx, &securityhub.DescribeOrganizationConfigurationInput{})
	})
	if settling(err) {
		return out, nil // a new administrator: its configuration is not readable yet
	}
	if err != nil {
		return nil, apiError("DescribeOrganizationConfiguration", err)
	}
	typ, status := "LOCAL", "ENABLED"
	if c := oc.OrganizationConfiguration; c != nil {
		typ, status = string(c.ConfigurationType), string(c.Status)
	}
	out = append(out, engine.Resource{Kind: sh.KindOrgConfig, Key: sh.OrgConfig(home, admin).Key,
		Attrs: engine.Attrs{sh.AttrRegion: home, sh.AttrAccount: admin, sh.AttrConfigurationType: typ, sh.AttrStatus: status}})
	if typ != "CENTRAL" || status != "ENABLED" {
		return out, nil // policies are readable once central configuration is on
	}
	policies, err := p.readPolicies(ctx, api, admin, home)
	if err != nil {
		return nil, err
	}
	assocs, err := p.readAssociations(ctx, api, admin, home)
	if err != nil {
		return nil, err
	}
	return slices.Concat(out, policies, assocs), nil
}

// readAdmin returns the account ID of the region's administrator, or ""
// when it has none enabled.
func (p *Provider) readAdmin(ctx context.Context, region string) (string, error) {
	admin := ""
	err := awsapi.Pages(ctx, apiError, "ListOrganizationAdminAccounts",
		securityhub.NewListOrganizationAdminAccountsPaginator(p.management(region), &securityhub.ListOrganizationAdminAccountsInput{}),
		func(out *securityhub.ListOrganizationAdminAccountsOutput) error {
			for _, a := range out.AdminAccounts {
				if a.Status == types.AdminStatusEnabled {
					admin = aws.ToString(a.AccountId)
				}
			}
			return nil
		})
	return admin, err
}

// aggregatorARN returns the ARN of the caller's finding aggregator, or "".
func (p *Provider) aggregatorARN(ctx context.Context, api *securityhub.Client) (string, error) {
	arn := ""
	err := awsapi.Pages(ctx, apiError, "ListFindingAggregators",
		securityhub.NewListFindingAggregatorsPaginator(api, &securityhub.ListFindingAggregatorsInput{}),
		func(out *securityhub.ListFindingAggregatorsOutput) error {
			for _, a := range out.FindingAggregators {
				arn = aws.ToString(a.FindingAggregatorArn)
			}
			return nil
		})
	return arn, err
}

// arnRegion is the Region of an ARN.
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) < 4 {
		return ""
	}
	return parts[3]
}

// readPolicies reads every configuration policy with its tags.
func (p *Provider) readPolicies(ctx context.Context, api *securityhub.Client, admin, home string) ([]engine.Resource, error) {
	var ids []string
	err := awsapi.Pages(ctx, apiError, "ListConfigurationPolicies",
		securityhub.NewListConfigurationPoliciesPaginator(api, &securityhub.ListConfigurationPoliciesInput{}),
		func(out *securityhub.ListConfigurationPoliciesOutput) error {
			for _, s := range out.ConfigurationPolicySummaries {
				ids = append(ids, aws.ToString(s.Id))
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	out := make([]engine.Resource, len(ids))
	g, gctx := errgroup.WithContext(ctx)
	for i, id := range ids {
		g.Go(func() error {
			r, err := p.readPolicy(gctx, api, id)
			if err != nil {
				return err
			}
			r.Attrs[sh.AttrRegion], r.Attrs[sh.AttrAccount] = home, admin
			out[i] = *r
			return nil
		})
	}
	return out, g.Wait()
}

func (p *Provider) readPolicy(ctx context.Context, api *securityhub.Client, id string) (*engine.Resource, error) {
	got, err := awsapi.Do(ctx, func() (*securityhub.GetConfigurationPolicyOutput, error) {
		return api.GetConfigurationPolicy(ctx, &securityhub.GetConfigurationPolicyInput{Identifier: aws.String(id)})
	})
	if err != nil {
		return nil, apiError("GetConfigurationPolicy "+id, err)
	}
	name := aws.ToString(got.Name)
	attrs := policyAttrs(got.ConfigurationPolicy)
	attrs[engine.AttrID], attrs[engine.AttrName] = id, name
	if d := aws.ToString(got.Description); d != "" {
		attrs[sh.AttrDescription] = d
	}
	tags, err := awsapi.Do(ctx, func() (*securityhub.ListTagsForResourceOutput, error) {
		return api.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: got.Arn})
	})
	if err != nil {
		return nil, apiError("ListTagsForResource "+name, err)
	}
	r := &engine.Resource{Kind: sh.KindPolicy, Key: name, Attrs: attrs}
	owner, tagged := tags.Tags[facts.ManagedTagKey]
	r.Managed = tagged && owner == facts.ManagedTagValue
	if tagged && !r.Managed {
		attrs[engine.AttrOwner] = owner
	}
	return r, nil
}

// readAssociations reads the targets that apply a configuration of their
// own; those that inherit follow from them.
func (p *Provider) readAssociations(ctx context.Context, api *securityhub.Client, admin, home string) ([]engine.Resource, error) {
	var out []engine.Resource
	err := awsapi.Pages(ctx, apiError, "ListConfigurationPolicyAssociations",
		securityhub.NewListConfigurationPolicyAssociationsPaginator(api, &securityhub.ListConfigurationPolicyAssociationsInput{
			Filters: &types.AssociationFilters{AssociationType: types.AssociationTypeApplied}}),
		func(page *securityhub.ListConfigurationPolicyAssociationsOutput) error {
			for _, a := range page.ConfigurationPolicyAssociationSummaries {
				target := aws.ToString(a.TargetId)
				attrs := engine.Attrs{sh.AttrRegion: home, sh.AttrAccount: admin, sh.AttrPolicy: aws.ToString(a.ConfigurationPolicyId),
					sh.AttrStatus: string(a.AssociationStatus)}
				switch a.TargetType {
				case types.TargetTypeRoot:
					attrs[sh.AttrRoot] = target
				case types.TargetTypeOrganizationalUnit:
					attrs[sh.AttrOU] = target
				default:
					attrs[sh.AttrTargetAccount] = target
				}
				out = append(out, engine.Resource{Kind: sh.KindAssociation, Key: target, Attrs: attrs})
			}
			return nil
		})
	return out, err
}
