package spec

import (
	"slices"

	"github.com/orgctl/orgctl/facts"
)

// WalkOUs calls fn for every organizational unit, parents before their
// children and siblings in spec order. path is the OU's path (Workloads/Prod),
// loc its Locations path (organizationalUnits[1].children[0]). The *OU points
// into the spec.
func (s *Spec) WalkOUs(fn func(path string, ou *OU, loc string)) {
	walkOUs(s.OrganizationalUnits, "", "organizationalUnits", fn)
}

func walkOUs(ous []OU, parent, loc string, fn func(string, *OU, string)) {
	for i := range ous {
		ou := &ous[i]
		p := facts.JoinOUPath(parent, ou.Name)
		l := indexPath(loc, i)
		fn(p, ou, l)
		walkOUs(ou.Children, p, l+".children", fn)
	}
}

// Policy returns the policy the spec declares under name. AWS-managed
// policies are not declared; see PolicyTypeOf.
func (s *Spec) Policy(name string) (*Policy, bool) {
	for i := range s.Policies {
		if s.Policies[i].Name == name {
			return &s.Policies[i], true
		}
	}
	return nil, false
}

// Account returns the first account the spec declares under name.
func (s *Spec) Account(name string) (*Account, bool) {
	for i := range s.Accounts {
		if s.Accounts[i].Name == name {
			return &s.Accounts[i], true
		}
	}
	return nil, false
}

// PolicyTypeOf returns the type of the policy named name: a declared policy
// or an AWS-managed one (FullAWSAccess, RCPFullAWSAccess).
func (s *Spec) PolicyTypeOf(name string) (string, bool) {
	if p, ok := s.Policy(name); ok {
		return p.Type, true
	}
	t, ok := facts.AWSManagedPolicies[name]
	return t, ok
}

// TrustedAccess lists the service principals the organization gives
// trusted access: those organization.trustedAccess lists, then those the
// spec's service sections need, each once.
func (s *Spec) TrustedAccess() []string {
	out := slices.Clone(s.Organization.TrustedAccess)
	for _, p := range s.impliedTrustedAccess() {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}
