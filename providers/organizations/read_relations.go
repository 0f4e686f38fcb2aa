package organizations

import (
	"context"

	"github.com/orgctl/orgctl/providers/internal/awsapi"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
)

// readRelations reads what links the listed resources: the parents of
// accounts whose listing did not say, and policy attachments. Each is read
// the cheapest of two ways, judged on what is known by now.
func (r *reader) readRelations(ctx context.Context) {
	r.readOrphans(ctx)
	for _, t := range facts.PolicyTypes {
		// Disabling a type detaches all its policies: only types present
		// on the root can have attachments.
		if r.status[t.Name] != "" {
			r.readAttachments(ctx, t)
		}
	}
}

// readOrphans finds the parents of accounts listed without Paths: one
// ListParents each, or, when there are more of them than parents to ask,
// the accounts of every parent.
func (r *reader) readOrphans(ctx context.Context) {
	if len(r.orphans) == 0 {
		return
	}
	parents := []string{r.ix.rootID}
	for _, ou := range r.ous {
		parents = append(parents, ou.id)
	}
	if len(parents)+len(r.accounts)/pageSize < len(r.orphans) {
		for _, parent := range parents {
			r.leaf(func() error {
				return awsapi.Pages(ctx, apiError, "ListAccountsForParent "+parent,
					organizations.NewListAccountsForParentPaginator(r.p.org, &organizations.ListAccountsForParentInput{ParentId: aws.String(parent), MaxResults: maxResults}),
					func(out *organizations.ListAccountsForParentOutput) error {
						r.mu.Lock()
						for _, a := range out.Accounts {
							r.ix.parents[aws.ToString(a.Id)] = parent
						}
						r.mu.Unlock()
						return nil
					})
			})
		}
		return
	}
	for _, id := range r.orphans {
		r.leaf(func() error {
			out, err := awsapi.Do(ctx, func() (*organizations.ListParentsOutput, error) {
				return r.p.org.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(id), MaxResults: maxResults})
			})
			if err != nil {
				return apiError("ListParents "+id, err)
			}
			if len(out.Parents) > 0 {
				r.mu.Lock()
				r.ix.parents[id] = aws.ToString(out.Parents[0].Id)
				r.mu.Unlock()
			}
			return nil
		})
	}
}

// readAttachments reads the attachments of policies of type t. Policies
// the scope leaves out (not in the spec) are read by policy, all their
// targets, since deleting one means detaching it everywhere. For the rest
// only targets in the scope matter: reading by policy costs a call per
// policy (more for one attached widely, like FullAWSAccess), by target a
// call per target in scope; the reader takes the cheaper.
func (r *reader) readAttachments(ctx context.Context, t facts.PolicyType) {
	type pol struct{ id, name string }
	var inScope, outOfScope []pol
	for _, s := range r.policies {
		if string(s.Type) != t.Name {
			continue
		}
		p := pol{aws.ToString(s.Id), aws.ToString(s.Name)}
		if r.scope.Detailed(policyRef(t.Name, p.name)) {
			inScope = append(inScope, p)
		} else {
			outOfScope = append(outOfScope, p)
		}
	}
	// A default that cannot be detached is on every target; the reader
	// adds it without asking.
	if id := r.defaults[t.Name]; id != "" && t.DefaultDetachable && r.enabled(t.Name) {
		inScope = append(inScope, pol{id, t.Default})
	}
	for _, p := range outOfScope {
		r.leaf(func() error { return r.readTargets(ctx, p.id, t.Name, p.name) })
	}

	targets := r.targetsInScope()
	byPolicy := 0
	for _, p := range inScope {
		byPolicy += pagesFor(r.expectedTargets(t.Name, p.name))
	}
	if len(targets) >= byPolicy {
		for _, p := range inScope {
			r.leaf(func() error { return r.readTargets(ctx, p.id, t.Name, p.name) })
		}
		return
	}
	skip := map[string]bool{}
	for _, p := range outOfScope {
		skip[p.id] = true
	}
	for _, target := range targets {
		r.leaf(func() error { return r.readPoliciesForTarget(ctx, target, t, skip) })
	}
}

// pagesFor is the number of pages a listing of n items takes.
func pagesFor(n int) int { return max(1, (n+pageSize-1)/pageSize) }

// expectedTargets estimates how many targets a policy has: as many as the
// spec attaches it to when the scope knows, else one, or every target for
// a default policy.
func (r *reader) expectedTargets(typ, name string) int {
	want, known := r.desiredAttachments()
	if known {
		return want[orgs.PolicyKey(typ, name)]
	}
	if t, ok := facts.LookupPolicyType(typ); ok && t.Default == name {
		return 1 + len(r.ous) + len(r.accounts)
	}
	return 1
}

// desiredAttachments counts the spec's attachments by policy key, once;
// known is false when the scope does not come from a spec.
func (r *reader) desiredAttachments() (want map[string]int, known bool) {
	r.attachOnce.Do(func() {
		r.wantAttach = map[string]int{}
		r.scope.Each(func(d *engine.Resource) {
			r.wantKnown = true
			if d.Kind == orgs.KindAttachment {
				r.wantAttach[orgs.PolicyKey(d.Attrs.String(orgs.AttrPolicyType), d.Attrs.String(orgs.AttrPolicy))]++
			}
		})
	})
	return r.wantAttach, r.wantKnown
}

// targetsInScope returns the IDs of the root and of the OUs and accounts
// whose attachments the scope needs.
func (r *reader) targetsInScope() []string {
	out := []string{r.ix.rootID}
	for _, ou := range r.ous {
		if r.scope.Detailed(engine.Ref{Kind: orgs.KindOU, Key: ou.path}) {
			out = append(out, ou.id)
		}
	}
	for _, a := range r.accounts {
		if r.scope.Detailed(engine.Ref{Kind: orgs.KindAccount, Key: orgs.AccountKey(aws.ToString(a.Email))}) {
			out = append(out, aws.ToString(a.Id))
		}
	}
	return out
}

func (r *reader) readTargets(ctx context.Context, policyID, policyType, policyName string) error {
	return awsapi.Pages(ctx, apiError, "ListTargetsForPolicy "+policyID,
		organizations.NewListTargetsForPolicyPaginator(r.p.org, &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(policyID), MaxResults: maxResults}),
		func(out *organizations.ListTargetsForPolicyOutput) error {
			r.mu.Lock()
			for _, t := range out.Targets {
				r.attached = append(r.attached, attachInfo{policyID, policyType, policyName, aws.ToString(t.TargetId)})
			}
			r.mu.Unlock()
			return nil
		})
}

// readPoliciesForTarget records the policies of type t attached to target,
// but for those read by policy (skip) and non-detachable defaults.
func (r *reader) readPoliciesForTarget(ctx context.Context, target string, t facts.PolicyType, skip map[string]bool) error {
	return awsapi.Pages(ctx, apiError, "ListPoliciesForTarget "+target,
		organizations.NewListPoliciesForTargetPaginator(r.p.org, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(target), Filter: types.PolicyType(t.Name), MaxResults: maxResults}),
		func(out *organizations.ListPoliciesForTargetOutput) error {
			r.mu.Lock()
			for _, s := range out.Policies {
				id, name := aws.ToString(s.Id), aws.ToString(s.Name)
				if skip[id] || (s.AwsManaged && !(name == t.Default && t.DefaultDetachable)) {
					continue
				}
				r.attached = append(r.attached, attachInfo{id, t.Name, name, target})
			}
			r.mu.Unlock()
			return nil
		})
}
