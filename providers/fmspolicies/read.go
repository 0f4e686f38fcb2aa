package fmspolicies

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/fms"
	"github.com/aws/aws-sdk-go-v2/service/fms/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	fp "github.com/orgctl/orgctl/services/fmspolicies"
)

// Read implements engine.Provider: the policies of Firewall Manager's
// administrator in every governed region. Without an administrator
// whose role is ready there are none. A spec without firewallPolicies
// reads nothing. It changes nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	if !scope.Reads(fp.KindPolicy) {
		return nil, nil
	}
	var out []engine.Resource
	admin, err := p.readAdmin(ctx)
	if err != nil || admin == "" {
		return nil, err
	}
	names := newNames(p.orgs())
	for _, region := range p.regions() {
		rs, err := p.readRegion(ctx, scope, names, admin, region)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// readAdmin returns the administrator whose role is ready, or "".
func (p *Provider) readAdmin(ctx context.Context) (string, error) {
	api := p.management()
	out, err := awsapi.Do(ctx, func() (*fms.GetAdminAccountOutput, error) {
		return api.GetAdminAccount(ctx, &fms.GetAdminAccountInput{})
	})
	switch code := awsapi.Code(err); {
	case code == "ResourceNotFoundException", code == "AccessDeniedException" && strings.Contains(err.Error(), "No default admin could be found"):
		return "", nil
	case err != nil:
		return "", apiError("GetAdminAccount", err)
	case out.RoleStatus != types.AccountRoleStatusReady:
		return "", nil
	}
	return aws.ToString(out.AdminAccount), nil
}

// readRegion lists the policies of region, with their tags, and the
// details of those the run needs.
func (p *Provider) readRegion(ctx context.Context, scope *engine.Scope, names *names, admin, region string) ([]engine.Resource, error) {
	api, err := p.admin(ctx, admin, region)
	if err != nil {
		return nil, err
	}
	var sums []types.PolicySummary
	err = awsapi.Pages(ctx, apiError, "ListPolicies in "+region, fms.NewListPoliciesPaginator(api, &fms.ListPoliciesInput{}),
		func(out *fms.ListPoliciesOutput) error { sums = append(sums, out.PolicyList...); return nil })
	if err != nil {
		return nil, err
	}
	var out []engine.Resource
	seen := map[string]bool{}
	for _, s := range sums {
		tags, err := p.tags(ctx, api, aws.ToString(s.PolicyArn))
		if err != nil {
			return nil, err
		}
		r := engine.Resource{Kind: fp.KindPolicy, Key: fp.Key(region, aws.ToString(s.PolicyName)),
			Managed: tags[facts.ManagedTagKey] == facts.ManagedTagValue,
			Attrs: engine.Attrs{engine.AttrID: aws.ToString(s.PolicyId), fp.AttrAccount: admin, fp.AttrRegion: region,
				fp.AttrType: string(s.SecurityServiceType), fp.AttrDeleteResources: tags[fp.DeleteResourcesTag] == "true"}}
		if owner := tags[facts.ManagedTagKey]; owner != "" && owner != facts.ManagedTagValue {
			r.Attrs[engine.AttrOwner] = owner
		}
		// Firewall Manager does not keep names unique: a second policy of
		// the same name is shown apart, by its ID.
		if seen[r.Key] {
			r.Key += " (" + aws.ToString(s.PolicyId) + ")"
		}
		seen[r.Key] = true
		if !scope.Detailed(r.Ref()) {
			r.Shallow = true
			out = append(out, r)
			continue
		}
		pol, err := p.getPolicy(ctx, api, aws.ToString(s.PolicyId))
		if err != nil {
			return nil, err
		}
		if pol == nil {
			continue // deleted since it was listed
		}
		if err := policyAttrs(ctx, names, pol, r.Attrs); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// getPolicy returns the policy, or nil when it is gone.
func (p *Provider) getPolicy(ctx context.Context, api *fms.Client, id string) (*types.Policy, error) {
	out, err := awsapi.Do(ctx, func() (*fms.GetPolicyOutput, error) {
		return api.GetPolicy(ctx, &fms.GetPolicyInput{PolicyId: aws.String(id)})
	})
	if awsapi.Code(err) == "ResourceNotFoundException" {
		return nil, nil
	}
	if err != nil {
		return nil, apiError("GetPolicy "+id, err)
	}
	return out.Policy, nil
}

// tags returns a policy's tags.
func (p *Provider) tags(ctx context.Context, api *fms.Client, arn string) (map[string]string, error) {
	out, err := awsapi.Do(ctx, func() (*fms.ListTagsForResourceOutput, error) {
		return api.ListTagsForResource(ctx, &fms.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	})
	if err != nil {
		return nil, apiError("ListTagsForResource "+arn, err)
	}
	tags := map[string]string{}
	for _, t := range out.TagList {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags, nil
}

// policyAttrs sets a policy's attributes as the spec writes them: its
// managed service data normalised, its OUs by path and accounts by key.
func policyAttrs(ctx context.Context, names *names, pol *types.Policy, a engine.Attrs) error {
	typ := ""
	if d := pol.SecurityServicePolicyData; d != nil {
		typ = string(d.Type)
		data, err := fp.Normalize(typ, aws.ToString(d.ManagedServiceData))
		if err != nil {
			data = aws.ToString(d.ManagedServiceData) // shown as AWS has it
		}
		a[fp.AttrData] = data
	}
	a[fp.AttrType] = typ
	rts := pol.ResourceTypeList
	if rt := aws.ToString(pol.ResourceType); rt != "" && rt != resourceTypeList {
		rts = []string{rt}
	}
	a[fp.AttrResourceTypes] = sorted(rts)
	a[fp.AttrDescription] = aws.ToString(pol.PolicyDescription)
	a[fp.AttrRemediation] = pol.RemediationEnabled
	a[fp.AttrDeleteUnused] = pol.DeleteUnusedFMManagedResources
	tags := map[string]string{}
	for _, t := range pol.ResourceTags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	a[fp.AttrResourceTags] = tags
	a[fp.AttrExcludeResourceTags] = pol.ExcludeResourceTags && len(tags) > 0
	// AWS ignores the exclude map when there is an include map.
	if len(pol.IncludeMap) > 0 {
		return names.scope(ctx, pol.IncludeMap, a, fp.AttrIncludeOUs, fp.AttrIncludeAccounts)
	}
	return names.scope(ctx, pol.ExcludeMap, a, fp.AttrExcludeOUs, fp.AttrExcludeAccounts)
}

// resourceTypeList is the ResourceType of a policy of several types.
const resourceTypeList = "ResourceTypeList"

// The keys of Firewall Manager's include and exclude maps.
const (
	mapAccount = "ACCOUNT"
	mapOU      = "ORG_UNIT"
)

func sorted(l []string) []string {
	out := slices.Clone(l)
	slices.Sort(out)
	return slices.Compact(out)
}
