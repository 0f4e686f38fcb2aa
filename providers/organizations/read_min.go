package organizations

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// MinimumCalls returns, by operation ("organizations:ListAccounts"), the
// fewest calls a no-change plan of spec s can make: the organization is
// exactly s plus a management account the spec does not declare, and no
// resource has more than 20 tags. BENCHMARKS.md derives it; a test holds
// the reader to it, and the benchmark divides by it.
func MinimumCalls(s *spec.Spec) map[string]int {
	const org = "organizations:"
	m := map[string]int{
		"sts:GetCallerIdentity":                     1,
		org + "DescribeOrganization":                1,
		org + "ListRoots":                           1,
		org + "ListAWSServiceAccessForOrganization": pagesFor(len(s.Organization.TrustedAccess)),
		org + "ListDelegatedAdministrators":         1,
		org + "ListAccounts":                        pagesFor(len(s.Accounts) + 1),
		org + "DescribePolicy":                      len(s.Policies),
		org + "ListOrganizationalUnitsForParent":    0,
		org + "ListTagsForResource":                 0,
		org + "ListPolicies":                        0,
		org + "ListTargetsForPolicy":                0,
		org + "ListPoliciesForTarget":               0,
	}
	// Every parent (the root and each OU) is asked for its OUs.
	children := map[string]int{"": 0}
	ous := 0
	s.WalkOUs(func(path string, _ *spec.OU, _ string) {
		ous++
		parent, _, _ := cutLast(path)
		children[parent]++
		children[path] += 0
	})
	for _, n := range children {
		m[org+"ListOrganizationalUnitsForParent"] += pagesFor(n)
	}
	// Tags of the root, every OU and policy (ownership), and the accounts
	// the spec declares.
	m[org+"ListTagsForResource"] = 1 + ous + len(s.Policies) + len(s.Accounts)

	perType := map[string]int{}
	for _, p := range s.Policies {
		perType[p.Type]++
	}
	attachments := map[string]int{} // by policy key
	delegates := map[string]bool{}  // accounts that administer a service
	for _, r := range engine.Desired(s) {
		switch r.Kind {
		case orgs.KindAttachment:
			attachments[orgs.PolicyKey(r.Attrs.String(orgs.AttrPolicyType), r.Attrs.String(orgs.AttrPolicy))]++
		case orgs.KindDelegatedAdmin:
			delegates[r.Attrs.String(orgs.AttrAccount)] = true
		}
	}
	// Each of them is asked for the services it administers.
	m[org+"ListDelegatedServicesForAccount"] = len(delegates)
	enabled := map[string]bool{}
	for _, t := range s.Organization.PolicyTypes {
		enabled[t] = true
	}
	targets := 1 + ous + len(s.Accounts)
	for _, t := range facts.PolicyTypes {
		listed := perType[t.Name]
		if t.Default != "" {
			listed++ // AWS's own default policy
		}
		m[org+"ListPolicies"] += pagesFor(listed)
		if !enabled[t.Name] {
			continue
		}
		byPolicy := 0
		for _, p := range s.Policies {
			if p.Type == t.Name {
				byPolicy += pagesFor(attachments[orgs.PolicyKey(t.Name, p.Name)])
			}
		}
		if t.DefaultDetachable {
			// It is on the management account too.
			byPolicy += pagesFor(attachments[orgs.PolicyKey(t.Name, t.Default)] + 1)
		}
		if targets < byPolicy {
			m[org+"ListPoliciesForTarget"] += targets
		} else {
			m[org+"ListTargetsForPolicy"] += byPolicy
		}
	}
	for op, n := range m {
		if n == 0 {
			delete(m, op)
		}
	}
	return m
}

// cutLast splits an OU path at its last element.
func cutLast(path string) (parent, name string, ok bool) {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[:i], path[i+1:], true
		}
	}
	return "", path, false
}
