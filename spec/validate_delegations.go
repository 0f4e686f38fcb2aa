package spec

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// checkDelegatedAdministrators: each entry names a service with trusted
// access and an open account of the spec, and each pair is listed once.
// AWS refuses the management account too, but the spec does not say which
// account that is; AWS's refusal then names it.
func checkDelegatedAdministrators(s *Spec, r *reporter) {
	byName := map[string]*Account{}
	var names []string
	for i := range s.Accounts {
		a := &s.Accounts[i]
		if _, dup := byName[a.Name]; !dup {
			byName[a.Name] = a
			names = append(names, a.Name)
		}
	}
	seen := map[[2]string]string{}
	for i, d := range s.Organization.DelegatedAdministrators {
		at := indexPath("organization.delegatedAdministrators", i)
		ok := true
		switch {
		case d.Service == "" || strings.ContainsFunc(d.Service, unicode.IsSpace):
			r.errorf(at+".service", "Give a service principal such as config.amazonaws.com.", "invalid service principal %q", d.Service)
			ok = false
		case !slices.Contains(s.Organization.TrustedAccess, d.Service):
			r.errorf(at+".service", fmt.Sprintf("AWS registers a delegated administrator only for a service with trusted access; add %s to organization.trustedAccess.", d.Service),
				"%s has no trusted access", d.Service)
			ok = false
		}
		switch a := byName[d.Account]; {
		case a == nil:
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
