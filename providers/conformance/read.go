package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/members"
	cp "github.com/orgctl/orgctl/services/conformance"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// Read implements engine.Provider: AWS Config's administrator (one call
// from the management account), then in each governed Region the packs
// and rules it made, their deployment statuses, and the tags of every
// pack (its template hash) and of the rules the spec does not name; and,
// where the spec's are about to be deployed, which target accounts have
// no configuration recorder (readRecorders). A spec without packs or
// rules reads nothing. It changes nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	packs, rules := scope.Reads(cp.KindPack), scope.Reads(cp.KindRule)
	if !packs && !rules {
		return nil, nil
	}
	admin, err := p.readAdmin(ctx)
	if err != nil {
		return nil, err
	}
	named := map[engine.Ref]bool{}
	scope.Each(func(r *engine.Resource) {
		named[cp.Ref(r.Kind, r.Attrs.String(cp.AttrRegion), "", r.Attrs.String(cp.AttrName))] = true
	})
	var out []engine.Resource
	for _, region := range p.env.Settings.Regions {
		if admin == "" {
			break // no administrator: nothing of the organization's yet
		}
		api, err := p.admin(ctx, admin, region)
		if err != nil {
			return nil, err
		}
		var got []engine.Resource
		if packs {
			if got, err = p.readPacks(ctx, api, admin, region); err != nil {
				return nil, err
			}
		}
		if rules {
			rs, err := p.readRules(ctx, api, admin, region, named)
			if err != nil {
				return nil, err
			}
			got = append(got, rs...)
		}
		out = append(out, got...)
	}
	// The organization's accounts, listed once a read, when needed.
	accounts := sync.OnceValues(func() (map[string]members.Account, error) { return p.accounts(ctx) })
	if err := p.explainFailures(ctx, admin, out, accounts); err != nil {
		return nil, err
	}
	if err := p.excludedKeys(out, accounts); err != nil {
		return nil, err
	}
	reports, err := p.readRecorders(ctx, scope, out, accounts)
	return append(out, reports...), err
}

// explainFailures says, of each failed deployment, in how many accounts it
// failed and which have no configuration recorder (the prerequisite
// orgctl does not create), so plans and drift show it: one detailed
// status listing per failed pack or rule, none when all deployed.
func (p *Provider) explainFailures(ctx context.Context, admin string, rs []engine.Resource, listed func() (map[string]members.Account, error)) error {
	for _, r := range rs {
		if r.Attrs.String(cp.AttrDeployment) != Failed {
			continue
		}
		api, err := p.admin(ctx, admin, r.Attrs.String(cp.AttrRegion))
		if err != nil {
			return err
		}
		failed, total, err := p.members(ctx, api, r.Kind, r.Attrs.String(cp.AttrName))
		if err != nil {
			return err
		}
		accounts, err := listed()
		if err != nil {
			return err
		}
		var noRecorder []string
		for _, m := range failed {
			if m.Code == noRecorderCode {
				name := m.Account
				if a, ok := accounts[m.Account]; ok {
					name = a.Name
				}
				noRecorder = append(noRecorder, name)
			}
		}
		text := fmt.Sprintf("failed in %d of %d accounts", len(failed), total)
		if len(noRecorder) > 0 {
			text += fmt.Sprintf("; %d without a configuration recorder: %s", len(noRecorder), strings.Join(noRecorder, ", "))
		}
		r.Attrs[cp.AttrDeployment] = text
	}
	return nil
}

// noRecorderCode is AWS Config's error for a member account without a
// configuration recorder.
const noRecorderCode = "NoAvailableConfigurationRecorderException"

// readAdmin returns the ID of AWS Config's delegated administrator for
// organization rules and packs, or "" when there is none.
func (p *Provider) readAdmin(ctx context.Context) (string, error) {
	return awsapi.DelegatedAdmin(ctx, p.organizations(), cp.Principal, apiError)
}

func (p *Provider) readPacks(ctx context.Context, api *configservice.Client, admin, region string) ([]engine.Resource, error) {
	statuses := map[string]types.OrganizationConformancePackStatus{}
	err := awsapi.Pages(ctx, apiError, "DescribeOrganizationConformancePackStatuses",
		configservice.NewDescribeOrganizationConformancePackStatusesPaginator(api, &configservice.DescribeOrganizationConformancePackStatusesInput{}),
		func(page *configservice.DescribeOrganizationConformancePackStatusesOutput) error {
			for _, s := range page.OrganizationConformancePackStatuses {
				statuses[aws.ToString(s.OrganizationConformancePackName)] = s
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	var out []engine.Resource
	err = awsapi.Pages(ctx, apiError, "DescribeOrganizationConformancePacks",
		configservice.NewDescribeOrganizationConformancePacksPaginator(api, &configservice.DescribeOrganizationConformancePacksInput{}),
		func(page *configservice.DescribeOrganizationConformancePacksOutput) error {
			for _, pk := range page.OrganizationConformancePacks {
				name := aws.ToString(pk.OrganizationConformancePackName)
				st := statuses[name]
				if gone(string(st.Status)) {
					continue
				}
				params := map[string]string{}
				for _, in := range pk.ConformancePackInputParameters {
					params[aws.ToString(in.ParameterName)] = aws.ToString(in.ParameterValue)
				}
				attrs := engine.Attrs{engine.AttrID: aws.ToString(pk.OrganizationConformancePackArn),
					cp.AttrRegion: region, cp.AttrAccount: admin, cp.AttrName: name,
					cp.AttrParameters: params, cp.AttrExcluded: sorted(pk.ExcludedAccounts),
					cp.AttrDeployment: deployment(string(st.Status))}
				if b := aws.ToString(pk.DeliveryS3Bucket); b != "" {
					attrs[cp.AttrDeliveryBucket] = b
				}
				if k := aws.ToString(pk.DeliveryS3KeyPrefix); k != "" {
					attrs[cp.AttrDeliveryPrefix] = k
				}
				out = append(out, engine.Resource{Kind: cp.KindPack, Key: cp.Ref(cp.KindPack, region, admin, name).Key, Attrs: attrs})
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	for i := range out {
		tags, err := p.tags(ctx, api, out[i].Attrs.String(engine.AttrID))
		if err != nil {
			return nil, err
		}
		owner(&out[i], tags)
		out[i].Attrs[cp.AttrTemplate] = tags[cp.TemplateTag]
	}
	return out, nil
}

func (p *Provider) readRules(ctx context.Context, api *configservice.Client, admin, region string, named map[engine.Ref]bool) ([]engine.Resource, error) {
	statuses := map[string]types.OrganizationConfigRuleStatus{}
	err := awsapi.Pages(ctx, apiError, "DescribeOrganizationConfigRuleStatuses",
		configservice.NewDescribeOrganizationConfigRuleStatusesPaginator(api, &configservice.DescribeOrganizationConfigRuleStatusesInput{}),
		func(page *configservice.DescribeOrganizationConfigRuleStatusesOutput) error {
			for _, s := range page.OrganizationConfigRuleStatuses {
				statuses[aws.ToString(s.OrganizationConfigRuleName)] = s
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	var out []engine.Resource
	err = awsapi.Pages(ctx, apiError, "DescribeOrganizationConfigRules",
		configservice.NewDescribeOrganizationConfigRulesPaginator(api, &configservice.DescribeOrganizationConfigRulesInput{}),
		func(page *configservice.DescribeOrganizationConfigRulesOutput) error {
			for _, r := range page.OrganizationConfigRules {
				name := aws.ToString(r.OrganizationConfigRuleName)
				st := statuses[name]
				if gone(string(st.OrganizationRuleStatus)) {
					continue
				}
				attrs := engine.Attrs{engine.AttrID: aws.ToString(r.OrganizationConfigRuleArn),
					cp.AttrRegion: region, cp.AttrAccount: admin, cp.AttrName: name,
					cp.AttrExcluded: sorted(r.ExcludedAccounts), cp.AttrDeployment: deployment(string(st.OrganizationRuleStatus))}
				if m := r.OrganizationManagedRuleMetadata; m != nil {
					attrs[cp.AttrIdentifier] = aws.ToString(m.RuleIdentifier)
					for k, v := range map[string]string{cp.AttrDescription: aws.ToString(m.Description), cp.AttrParameters: aws.ToString(m.InputParameters),
						cp.AttrFrequency: string(m.MaximumExecutionFrequency)} {
						if v != "" {
							attrs[k] = v
						}
					}
					if len(m.ResourceTypesScope) > 0 {
						attrs[cp.AttrResourceTypes] = sorted(m.ResourceTypesScope)
					}
				} else {
					attrs[cp.AttrIdentifier] = "(a custom rule)"
				}
				out = append(out, engine.Resource{Kind: cp.KindRule, Key: cp.Ref(cp.KindRule, region, admin, name).Key, Attrs: attrs})
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	for i := range out {
		// Whether orgctl made one matters only for those the spec does
		// not name: their tags say whether they go.
		if !named[cp.Ref(cp.KindRule, region, "", out[i].Attrs.String(cp.AttrName))] {
			tags, err := p.tags(ctx, api, out[i].Attrs.String(engine.AttrID))
			if err != nil {
				return nil, err
			}
			owner(&out[i], tags)
		}
	}
	return out, nil
}

// Failed is the deployment attribute of a deployment that failed in
// some accounts. Which ones costs a call per pack or rule, which only
// apply makes (and names them).
const Failed = "failed in some accounts"

// deployment turns r's status into the deployment attribute: Deployed,
// or how it is not.
func deployment(status string) string {
	switch {
	case strings.HasSuffix(status, "_SUCCESSFUL"):
		return cp.Deployed
	case strings.HasSuffix(status, "_IN_PROGRESS"):
		return cp.Deploying
	case strings.HasSuffix(status, "_FAILED"):
		return Failed
	}
	return "status unknown"
}

// gone: a pack or rule being deleted is no longer the organization's.
func gone(status string) bool {
	return status == "DELETE_IN_PROGRESS" || status == "DELETE_SUCCESSFUL"
}

// tags returns the tags of arn.
func (p *Provider) tags(ctx context.Context, api *configservice.Client, arn string) (map[string]string, error) {
	out := map[string]string{}
	err := awsapi.Pages(ctx, apiError, "ListTagsForResource",
		configservice.NewListTagsForResourcePaginator(api, &configservice.ListTagsForResourceInput{ResourceArn: aws.String(arn)}),
		func(page *configservice.ListTagsForResourceOutput) error {
			for _, t := range page.Tags {
				out[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			return nil
		})
	return out, err
}

// owner marks r as orgctl's, or another tool's, from its managed-by tag.
func owner(r *engine.Resource, tags map[string]string) {
	v, tagged := tags[facts.ManagedTagKey]
	r.Managed = tagged && v == facts.ManagedTagValue
	if tagged && !r.Managed {
		r.Attrs[engine.AttrOwner] = v
	}
}

// excludedKeys turns the excluded account IDs into the spec's keys
// (emails), listing the organization's accounts only when one excludes
// any. An ID of no account stays, so the plan shows it.
func (p *Provider) excludedKeys(rs []engine.Resource, listed func() (map[string]members.Account, error)) error {
	if !slices.ContainsFunc(rs, func(r engine.Resource) bool { return len(r.Attrs.Strings(cp.AttrExcluded)) > 0 }) {
		return nil
	}
	accounts, err := listed()
	if err != nil {
		return err
	}
	for i := range rs {
		var keys []string
		for _, id := range rs[i].Attrs.Strings(cp.AttrExcluded) {
			if a, ok := accounts[id]; ok {
				id = orgs.AccountKey(a.Email)
			}
			keys = append(keys, id)
		}
		rs[i].Attrs[cp.AttrExcluded] = sorted(keys)
	}
	return nil
}

// accounts are the organization's active accounts by ID.
func (p *Provider) accounts(ctx context.Context) (map[string]members.Account, error) {
	list, err := members.Active(ctx, p.env.Sessions.Management(p.home()),
		func(o *organizations.Options) { o.APIOptions = append(o.APIOptions, p.bound) }, p.env.PaceOrganizations)
	if err != nil {
		return nil, err
	}
	out := map[string]members.Account{}
	for _, a := range list {
		out[a.ID] = a
	}
	return out, nil
}

func sorted(in []string) []string {
	out := append([]string{}, in...)
	slices.Sort(out)
	return slices.Compact(out)
}
