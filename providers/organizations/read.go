package organizations

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/orgctl/orgctl/providers/internal/awsapi"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
)

// pageSize is the largest page Organizations' list operations return
// (their MaxResults); asking for it makes the fewest pages.
const pageSize = 20

var maxResults = aws.Int32(pageSize)

// Read implements engine.Provider. It reads the organization in as few
// calls as its shape allows (BENCHMARKS.md derives the number): accounts
// with their parents in one listing, the tags of accounts and the documents
// of policies only where scope needs them, attachments by policy or by
// target, whichever is fewer calls, nothing twice. Independent reads run
// concurrently, paced by the provider's rate limiter.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	r, err := p.readHead(ctx, scope)
	if err != nil {
		return nil, err
	}
	if err := r.readAll(ctx); err != nil {
		return nil, err
	}
	return r.resources(), nil
}

// readHead reads who is calling, the organization and its root, all at
// once, and checks that the caller is the management account.
func (p *Provider) readHead(ctx context.Context, scope *engine.Scope) (*reader, error) {
	var (
		wg                    sync.WaitGroup
		who                   *sts.GetCallerIdentityOutput
		org                   *organizations.DescribeOrganizationOutput
		roots                 *organizations.ListRootsOutput
		whoErr, orgErr, rtErr error
	)
	wg.Add(3)
	go func() {
		defer wg.Done()
		who, whoErr = p.sessions.Caller(ctx)
	}()
	go func() {
		defer wg.Done()
		org, orgErr = awsapi.Do(ctx, func() (*organizations.DescribeOrganizationOutput, error) { return p.org.DescribeOrganization(ctx, nil) })
	}()
	go func() {
		defer wg.Done()
		roots, rtErr = p.settledRoots(ctx)
	}()
	wg.Wait()
	if whoErr != nil {
		return nil, apiError("sts GetCallerIdentity", whoErr)
	}
	if orgErr != nil {
		var notInUse *types.AWSOrganizationsNotInUseException
		if errors.As(orgErr, &notInUse) {
			return nil, errNotInOrganization(aws.ToString(who.Account))
		}
		return nil, apiError("DescribeOrganization", orgErr)
	}
	if mgmt := aws.ToString(org.Organization.MasterAccountId); aws.ToString(who.Account) != mgmt {
		return nil, fmt.Errorf("orgctl needs credentials of the organization's management account %s, but these are of account %s (%s); use its profile or --role-arn", mgmt, aws.ToString(who.Account), aws.ToString(who.Arn))
	}
	if rtErr != nil {
		return nil, apiError("ListRoots", rtErr)
	}
	if len(roots.Roots) != 1 {
		return nil, fmt.Errorf("the organization has %d roots; orgctl expects one", len(roots.Roots))
	}
	root := roots.Roots[0]
	r := &reader{
		p: p, scope: scope, ix: newIndex(),
		featureSet: string(org.Organization.FeatureSet),
		status:     map[string]types.PolicyTypeStatus{},
		tags:       map[string]map[string]string{},
		content:    map[string]string{},
		defaults:   map[string]string{},
	}
	r.ix.orgID = aws.ToString(org.Organization.Id)
	r.ix.rootID = aws.ToString(root.Id)
	r.ix.mgmtID = aws.ToString(org.Organization.MasterAccountId)
	for _, t := range root.PolicyTypes {
		r.status[string(t.Type)] = t.Status
	}
	return r, nil
}

// reader collects one Read's results; the fields after mu are guarded by it.
type reader struct {
	p          *Provider
	scope      *engine.Scope
	featureSet string
	status     map[string]types.PolicyTypeStatus // policy type -> its status on the root

	ctx   context.Context
	queue chan func() error // reads for the pool of readAll

	// Accounts are most of a large read's calls, so they are what its
	// progress counts: those read of those listed, or, while the listing
	// goes on, of those the spec names if it names more.
	acctWanted           int
	acctListed, acctDone atomic.Int64
	acctAllListed        atomic.Bool

	mu          sync.Mutex
	ix          *index
	ous         []ouInfo
	accounts    []types.Account
	orphans     []string // accounts whose parent the listing did not say
	policies    []types.PolicySummary
	defaults    map[string]string // policy type -> ID of its AWS-managed default
	content     map[string]string // policy ID -> document
	attached    []attachInfo
	tags        map[string]map[string]string // resource ID -> tags
	principals  []string
	handshakes  []types.Handshake // of enabling all features, when it lacks them
	delegations []delegation

	attachOnce sync.Once
	wantAttach map[string]int // the spec's attachments by policy key
	wantKnown  bool
}

type ouInfo struct{ id, path, name string }

type attachInfo struct{ policyID, policyType, policyName, targetID string }

type delegation struct{ principal, accountID string }

// enabled reports whether a policy type is enabled, or being enabled.
func (r *reader) enabled(t string) bool {
	s := r.status[t]
	return s == types.PolicyTypeStatusEnabled || s == types.PolicyTypeStatusPendingEnable
}

// readAll reads everything below the root. The structure (OUs, accounts)
// and the policies are listed first, concurrently with the tags and
// documents they lead to; the relations between them (attachments, the
// parents of accounts the listing did not place) are read once both are
// known, as the cheapest way to read them depends on their numbers.
func (r *reader) readAll(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	r.ctx, r.queue = ctx, make(chan func() error, 2*concurrency)
	r.scope.Each(func(d *engine.Resource) {
		if d.Kind == orgs.KindAccount {
			r.acctWanted++
		}
	})
	for range concurrency {
		g.Go(func() error {
			for fn := range r.queue {
				if err := fn(); err != nil {
					return err
				}
			}
			return nil
		})
	}
	// Listings run on goroutines of their own and queue the reads they
	// lead to; once they are done, nothing more is queued.
	var listed sync.WaitGroup
	spawn := func(fn func() error) {
		listed.Add(1)
		g.Go(func() error { defer listed.Done(); return fn() })
	}
	r.leaf(func() error { return r.readTags(ctx, r.ix.rootID) })
	spawn(func() error { return r.readOUs(ctx, spawn, r.ix.rootID, "") })
	spawn(func() error { return r.readAccounts(ctx) })
	for _, t := range facts.PolicyTypes {
		spawn(func() error { return r.readPolicies(ctx, t) })
	}
	spawn(func() error { return r.readServiceAccess(ctx) })
	spawn(func() error { return r.readDelegatedAdmins(ctx) })
	if r.featureSet == string(types.OrganizationFeatureSetConsolidatedBilling) {
		spawn(func() error { return r.readHandshakes(ctx) })
	}
	g.Go(func() error {
		defer close(r.queue)
		listed.Wait()
		if ctx.Err() == nil {
			r.readRelations(ctx)
		}
		return nil
	})
	return g.Wait()
}

// leaf queues a read that leads to no other: tags, documents, attachments.
// A fixed pool of goroutines runs them, where one goroutine a read would
// park ten thousand waiting for their turn in a large organization.
func (r *reader) leaf(fn func() error) {
	select {
	case r.queue <- fn:
	case <-r.ctx.Done():
	}
}

func (r *reader) readOUs(ctx context.Context, spawn func(func() error), parentID, parentPath string) error {
	return awsapi.Pages(ctx, apiError, "ListOrganizationalUnitsForParent "+parentID,
		organizations.NewListOrganizationalUnitsForParentPaginator(r.p.org, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parentID), MaxResults: maxResults}),
		func(out *organizations.ListOrganizationalUnitsForParentOutput) error {
			for _, ou := range out.OrganizationalUnits {
				id, name := aws.ToString(ou.Id), aws.ToString(ou.Name)
				path := facts.JoinOUPath(parentPath, name)
				r.mu.Lock()
				r.ous = append(r.ous, ouInfo{id: id, path: path, name: name})
				r.ix.ous[path], r.ix.ouPaths[id] = id, path
				r.mu.Unlock()
				// Every OU's tags: those in the spec are compared, the
				// others' say whether orgctl owns (and may prune) them.
				r.leaf(func() error { return r.readTags(ctx, id) })
				spawn(func() error { return r.readOUs(ctx, spawn, id, path) })
			}
			return nil
		})
}

// readAccounts lists every account at once; each one's Paths name its
// parent, which saves listing the accounts of every OU separately.
func (r *reader) readAccounts(ctx context.Context) error {
	defer func() {
		r.acctAllListed.Store(true)
		r.accountProgress(ctx)
	}()
	return awsapi.Pages(ctx, apiError, "ListAccounts",
		organizations.NewListAccountsPaginator(r.p.org, &organizations.ListAccountsInput{MaxResults: maxResults}),
		func(out *organizations.ListAccountsOutput) error {
			for _, a := range out.Accounts {
				id, key := aws.ToString(a.Id), orgs.AccountKey(aws.ToString(a.Email))
				parent := parentFromPaths(id, a.Paths)
				r.mu.Lock()
				r.accounts = append(r.accounts, a)
				r.ix.accounts[key], r.ix.emails[id] = id, key
				if parent != "" {
					r.ix.parents[id] = parent
				} else {
					r.orphans = append(r.orphans, id)
				}
				r.mu.Unlock()
				r.acctListed.Add(1)
				if !r.scope.Detailed(engine.Ref{Kind: orgs.KindAccount, Key: key}) {
					r.acctDone.Add(1)
					continue
				}
				r.leaf(func() error {
					defer func() {
						r.acctDone.Add(1)
						r.accountProgress(ctx)
					}()
					return r.readTags(ctx, id)
				})
			}
			r.accountProgress(ctx)
			return nil
		})
}

// accountProgress reports how many accounts are read.
func (r *reader) accountProgress(ctx context.Context) {
	total := int(r.acctListed.Load())
	if !r.acctAllListed.Load() {
		total = max(total, r.acctWanted)
	}
	engine.ReadProgress(ctx, int(r.acctDone.Load()), total, "accounts")
}

// parentFromPaths returns the parent's ID from an account's path
// ("o-x/r-x/ou-x/111122223333/"), or "" when it is not there.
func parentFromPaths(id string, paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	parts := strings.Split(strings.Trim(paths[0], "/"), "/")
	if len(parts) < 3 || parts[len(parts)-1] != id {
		return ""
	}
	return parts[len(parts)-2]
}

// readPolicies lists the policies of type t. An endpoint that does not
// offer t (a partition without it, an endpoint behind on AWS's newest
// types) refuses to list it with InvalidInputException: when t is neither
// enabled nor in the spec, that reads as no policies of t, said under -v,
// rather than stopping every plan.
func (r *reader) readPolicies(ctx context.Context, t facts.PolicyType) error {
	err := r.listPolicies(ctx, t)
	var invalid *types.InvalidInputException
	if errors.As(err, &invalid) && !r.enabled(t.Name) && !r.inSpec(t.Name) {
		r.p.verbose("ListPolicies %s: AWS said %s: %s; read as no policies of that type (it is neither enabled nor in the spec)",
			t.Name, invalid.ErrorCode(), invalid.ErrorMessage())
		return nil
	}
	return err
}

// inSpec reports whether the spec names policy type t: enabled, or the
// type of one of its policies.
func (r *reader) inSpec(t string) bool {
	in := false
	r.scope.Each(func(res *engine.Resource) {
		switch res.Kind {
		case orgs.KindPolicyType:
			in = in || res.Key == t
		case orgs.KindPolicy:
			in = in || res.Attrs.String(orgs.AttrType) == t
		}
	})
	return in
}

func (r *reader) listPolicies(ctx context.Context, t facts.PolicyType) error {
	return awsapi.Pages(ctx, apiError, "ListPolicies "+t.Name,
		organizations.NewListPoliciesPaginator(r.p.org, &organizations.ListPoliciesInput{Filter: types.PolicyType(t.Name), MaxResults: maxResults}),
		func(out *organizations.ListPoliciesOutput) error {
			for _, s := range out.Policies {
				id, name := aws.ToString(s.Id), aws.ToString(s.Name)
				if t.Name == string(lockPolicyType) && isLockPolicy(name) {
					// The apply lock is orgctl's, not the spec's; its holder
					// may delete it at any moment, so reading its tags or
					// attachments would cost calls and risk a not-found.
					continue
				}
				r.mu.Lock()
				r.ix.policies[orgs.PolicyKey(t.Name, name)] = id
				if s.AwsManaged {
					if name == t.Default {
						r.defaults[t.Name] = id
					}
					r.mu.Unlock()
					continue
				}
				r.policies = append(r.policies, s)
				r.mu.Unlock()
				r.leaf(func() error { return r.readTags(ctx, id) })
				if r.scope.Detailed(policyRef(t.Name, name)) {
					r.leaf(func() error { return r.readDocument(ctx, id) })
				}
			}
			return nil
		})
}

func policyRef(typ, name string) engine.Ref {
	return engine.Ref{Kind: orgs.KindPolicy, Key: orgs.PolicyKey(typ, name)}
}

func (r *reader) readDocument(ctx context.Context, id string) error {
	out, err := awsapi.Do(ctx, func() (*organizations.DescribePolicyOutput, error) {
		return r.p.org.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(id)})
	})
	if err != nil {
		return apiError("DescribePolicy "+id, err)
	}
	r.mu.Lock()
	r.content[id] = aws.ToString(out.Policy.Content)
	r.mu.Unlock()
	return nil
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
	return awsapi.Pages(ctx, apiError, "ListAWSServiceAccessForOrganization",
		organizations.NewListAWSServiceAccessForOrganizationPaginator(r.p.org, &organizations.ListAWSServiceAccessForOrganizationInput{MaxResults: maxResults}),
		func(out *organizations.ListAWSServiceAccessForOrganizationOutput) error {
			r.mu.Lock()
			for _, s := range out.EnabledServicePrincipals {
				r.principals = append(r.principals, aws.ToString(s.ServicePrincipal))
			}
			r.mu.Unlock()
			return nil
		})
}

func (r *reader) readDelegatedAdmins(ctx context.Context) error {
	return awsapi.Pages(ctx, apiError, "ListDelegatedAdministrators",
		organizations.NewListDelegatedAdministratorsPaginator(r.p.org, &organizations.ListDelegatedAdministratorsInput{MaxResults: maxResults}),
		func(out *organizations.ListDelegatedAdministratorsOutput) error {
			for _, a := range out.DelegatedAdministrators {
				id := aws.ToString(a.Id)
				r.leaf(func() error { return r.readDelegatedServices(ctx, id) })
			}
			return nil
		})
}

func (r *reader) readDelegatedServices(ctx context.Context, accountID string) error {
	return awsapi.Pages(ctx, apiError, "ListDelegatedServicesForAccount "+accountID,
		organizations.NewListDelegatedServicesForAccountPaginator(r.p.org, &organizations.ListDelegatedServicesForAccountInput{AccountId: aws.String(accountID), MaxResults: maxResults}),
		func(out *organizations.ListDelegatedServicesForAccountOutput) error {
			r.mu.Lock()
			for _, s := range out.DelegatedServices {
				r.delegations = append(r.delegations, delegation{aws.ToString(s.ServicePrincipal), accountID})
			}
			r.mu.Unlock()
			return nil
		})
}
