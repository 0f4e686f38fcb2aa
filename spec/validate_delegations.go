package spec

import "fmt"

// checkDelegatedAdministrators: each entry names a service with trusted
// access and an open account of the spec, and each pair is listed once.
// AWS refuses the management account too, but the spec does not say which
// account that is; AWS's refusal then names it.
func checkDelegatedAdministrators(s *Spec, r *reporter) {
	seen := map[[2]string]string{}
	for i, d := range s.Organization.DelegatedAdministrators {
		at := indexPath("organization.delegatedAdministrators", i)
		ok := checkPrincipal(r, at+".service", d.Service) &&
			checkKnownPrincipal(r, at+".service", d.Service) &&
			needsTrustedAccess(s, r, at+".service", d.Service, d.Service+" has no trusted access",
				"AWS registers a delegated administrator only for a service with trusted access")
		switch a, found := s.Account(d.Account); {
		case !found:
			names := make([]string, len(s.Accounts))
			for i, a := range s.Accounts {
				names[i] = a.Name
			}
			r.errorf(at+".account", "Name an account of the spec (accounts[].name)."+didYouMean(d.Account, names),
				"unknown account %q", d.Account)
			ok = false
		case a.Closed:
			r.errorf(at+".account", "A closed account cannot administer a service; name an open one.",
				"account %q is closed", d.Account)
			ok = false
		}
		if !ok {
			continue
		}
		key := [2]string{d.Service, d.Account}
		if first, dup := seen[key]; dup {
			r.errorf(at, fmt.Sprintf("It is first listed at %s; remove one of them.", r.where(first)),
				"%s is listed twice as delegated administrator for %s", d.Account, d.Service)
			continue
		}
		seen[key] = at
	}
}

// checkSecurity: security.admin names an open account of the spec. Whether
// it is the management account the spec cannot tell; the plan, which
// reads the organization, refuses it.
func checkSecurity(s *Spec, r *reporter) {
	if s.Security.Admin == "" {
		if _, given := s.Locs["security.admin"]; given {
			r.errorf("security.admin", "Name the account that administers the security services (accounts[].name), or remove the key.", "security.admin is empty")
		}
		return
	}
	(&Reporter{r: r}).Account("security.admin", s.Security.Admin, "security.admin")
}

// SecurityAdmin returns the account security.admin names, or nil when it
// names none of the spec's.
func (s *Spec) SecurityAdmin() *Account {
	a, _ := s.Account(s.Security.Admin)
	return a
}
