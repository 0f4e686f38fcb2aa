package organizations

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// Read implements engine.Provider: it reads the whole organization, with
// independent reads running concurrently within the request bound.
func (p *Provider) Read(ctx context.Context) ([]engine.Resource, error) {
	who, err := call(ctx, p, func() (*sts.GetCallerIdentityOutput, error) { return p.sts.GetCallerIdentity(ctx, nil) })
	if err != nil {
		return nil, apiError("sts GetCallerIdentity", err)
	}
	org, err := call(ctx, p, func() (*organizations.DescribeOrganizationOutput, error) {
		return p.org.DescribeOrganization(ctx, nil)
	})
	if err != nil {
		var notInUse *types.AWSOrganizationsNotInUseException
		if errors.As(err, &notInUse) {
			return nil, fmt.Errorf("account %s is not in an organization: create one first (aws organizations create-organization --feature-set ALL)", aws.ToString(who.Account))
		}
		return nil, apiError("DescribeOrganization", err)
	}
	if mgmt := aws.ToString(org.Organization.MasterAccountId); aws.ToString(who.Account) != mgmt {
		return nil, fmt.Errorf("orgctl needs credentials of the organization's management account %s, but these are of account %s (%s); use its profile or --role-arn", mgmt, aws.ToString(who.Account), aws.ToString(who.Arn))
	}
	roots, err := p.settledRoots(ctx)
	if err != nil {
		return nil, apiError("ListRoots", err)
	}
	if len(roots.Roots) != 1 {
		return nil, fmt.Errorf("the organization has %d roots; orgctl expects one", len(roots.Roots))
	}
	root := roots.Roots[0]

	r := &reader{p: p, ix: newIndex(), tags: map[string]map[string]string{}, content: map[string]string{}}
	r.ix.orgID = aws.ToString(org.Organization.Id)
	r.ix.rootID = aws.ToString(root.Id)
	r.ix.mgmtID = aws.ToString(org.Organization.MasterAccountId)
	enabled := map[string]bool{}
	for _, t := range root.PolicyTypes {
		if t.Status == types.PolicyTypeStatusEnabled || t.Status == types.PolicyTypeStatusPendingEnable {
			enabled[string(t.Type)] = true
		}
	}
	if err := r.readAll(ctx, enabled); err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.idx = r.ix
	p.mu.Unlock()
	return r.resources(string(org.Organization.FeatureSet), enabled), nil
}

// reader collects one Read's results; its fields are guarded by mu.
type reader struct {
	p  *Provider
	mu sync.Mutex
	ix *index

	ous         []ouInfo
	accounts    []types.Account
	policies    []types.PolicySummary
	content     map[string]string // policy ID -> document
	targets     []attachInfo
	tags        map[string]map[string]string // resource ID -> tags
	principals  []string
	delegations []delegation
}

type ouInfo struct{ id, path, name string }

type attachInfo struct{ policyID, policyType, policyName, targetID string }

type delegation struct{ principal, accountID string }

func (r *reader) readAll(ctx context.Context, enabled map[string]bool) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return r.readTags(ctx, r.ix.rootID) })
	g.Go(func() error { return r.readAccounts(ctx, g, r.ix.rootID) })
	g.Go(func() error { return r.readOUs(ctx, g, r.ix.rootID, "") })
	for _, t := range spec.PolicyTypes {
		g.Go(func() error { return r.readPolicies(ctx, g, t, enabled[t.Name]) })
	}
	g.Go(func() error { return r.readServiceAccess(ctx) })
	g.Go(func() error { return r.readDelegatedAdmins(ctx, g) })
	return g.Wait()
}

func (r *reader) readOUs(ctx context.Context, g *errgroup.Group, parentID, parentPath string) error {
	return pages(ctx, r.p, "ListOrganizationalUnitsForParent "+parentID, organizations.NewListOrganizationalUnitsForParentPaginator(r.p.org, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parentID)}),
		func(out *organizations.ListOrganizationalUnitsForParentOutput) error {
			for _, ou := range out.OrganizationalUnits {
				id, name := aws.ToString(ou.Id), aws.ToString(ou.Name)
				path := spec.JoinOUPath(parentPath, name)
				r.mu.Lock()
				r.ous = append(r.ous, ouInfo{id: id, path: path, name: name})
				r.ix.ous[path], r.ix.ouPaths[id] = id, path
				r.mu.Unlock()
				g.Go(func() error { return r.readTags(ctx, id) })
				g.Go(func() error { return r.readAccounts(ctx, g, id) })
				g.Go(func() error { return r.readOUs(ctx, g, id, path) })
			}
			return nil
		})
}

func (r *reader) readAccounts(ctx context.Context, g *errgroup.Group, parentID string) error {
	return pages(ctx, r.p, "ListAccountsForParent "+parentID, organizations.NewListAccountsForParentPaginator(r.p.org, &organizations.ListAccountsForParentInput{ParentId: aws.String(parentID)}),
		func(out *organizations.ListAccountsForParentOutput) error {
			for _, a := range out.Accounts {
				id := aws.ToString(a.Id)
				r.mu.Lock()
				r.accounts = append(r.accounts, a)
				r.ix.accounts[engine.AccountKey(aws.ToString(a.Email))] = id
				r.ix.emails[id] = engine.AccountKey(aws.ToString(a.Email))
				r.ix.parents[id] = parentID
				r.mu.Unlock()
				g.Go(func() error { return r.readTags(ctx, id) })
			}
			return nil
		})
}

func (r *reader) readPolicies(ctx context.Context, g *errgroup.Group, t spec.PolicyType, enabled bool) error {
	return pages(ctx, r.p, "ListPolicies "+t.Name, organizations.NewListPoliciesPaginator(r.p.org, &organizations.ListPoliciesInput{Filter: types.PolicyType(t.Name)}),
		func(out *organizations.ListPoliciesOutput) error {
			for _, s := range out.Policies {
				id, name := aws.ToString(s.Id), aws.ToString(s.Name)
				r.mu.Lock()
				r.ix.policies[engine.PolicyKey(t.Name, name)] = id
				r.mu.Unlock()
				if s.AwsManaged {
					// Where a default cannot be detached, AWS keeps it on every
					// target; reading its targets would only cost calls.
					if enabled && t.DefaultDetachable {
						g.Go(func() error { return r.readTargets(ctx, id, t.Name, name) })
					}
					continue
				}
				r.mu.Lock()
				r.policies = append(r.policies, s)
				r.mu.Unlock()
				g.Go(func() error {
					out, err := call(ctx, r.p, func() (*organizations.DescribePolicyOutput, error) {
						return r.p.org.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(id)})
					})
					if err != nil {
						return apiError("DescribePolicy "+id, err)
					}
					r.mu.Lock()
					r.content[id] = aws.ToString(out.Policy.Content)
					r.mu.Unlock()
					return nil
				})
				g.Go(func() error { return r.readTags(ctx, id) })
				g.Go(func() error { return r.readTargets(ctx, id, t.Name, name) })
			}
			return nil
		})
}

func (r *reader) readTargets(ctx context.Context, policyID, policyType, policyName string) error {
	return pages(ctx, r.p, "ListTargetsForPolicy "+policyID, organizations.NewListTargetsForPolicyPaginator(r.p.org, &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(policyID)}),
		func(out *organizations.ListTargetsForPolicyOutput) error {
			r.mu.Lock()
			for _, t := range out.Targets {
				r.targets = append(r.targets, attachInfo{policyID, policyType, policyName, aws.ToString(t.TargetId)})
			}
			r.mu.Unlock()
			return nil
		})
}

func (r *reader) readTags(ctx context.Context, id string) error {
	tags, err := r.p.tags(ctx, id)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.tags[id] = tags
	r.mu.Unlock()
	return nil
}

func (r *reader) readServiceAccess(ctx context.Context) error {
	return pages(ctx, r.p, "ListAWSServiceAccessForOrganization", organizations.NewListAWSServiceAccessForOrganizationPaginator(r.p.org, &organizations.ListAWSServiceAccessForOrganizationInput{}),
		func(out *organizations.ListAWSServiceAccessForOrganizationOutput) error {
			r.mu.Lock()
			for _, s := range out.EnabledServicePrincipals {
				r.principals = append(r.principals, aws.ToString(s.ServicePrincipal))
			}
			r.mu.Unlock()
			return nil
		})
}

func (r *reader) readDelegatedAdmins(ctx context.Context, g *errgroup.Group) error {
	return pages(ctx, r.p, "ListDelegatedAdministrators", organizations.NewListDelegatedAdministratorsPaginator(r.p.org, &organizations.ListDelegatedAdministratorsInput{}),
		func(out *organizations.ListDelegatedAdministratorsOutput) error {
			for _, a := range out.DelegatedAdministrators {
				id := aws.ToString(a.Id)
				g.Go(func() error { return r.readDelegatedServices(ctx, id) })
			}
			return nil
		})
}

func (r *reader) readDelegatedServices(ctx context.Context, accountID string) error {
	return pages(ctx, r.p, "ListDelegatedServicesForAccount "+accountID, organizations.NewListDelegatedServicesForAccountPaginator(r.p.org, &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(accountID)}),
		func(out *organizations.ListDelegatedServicesForAccountOutput) error {
			r.mu.Lock()
			for _, s := range out.DelegatedServices {
				r.delegations = append(r.delegations, delegation{aws.ToString(s.ServicePrincipal), accountID})
			}
			r.mu.Unlock()
			return nil
		})
}
