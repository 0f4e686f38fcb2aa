package macie

import (
	"fmt"
	"slices"

	"github.com/orgctl/orgctl/services/regional"
	"github.com/orgctl/orgctl/spec"
)

// check validates security.macie.
func check(s *spec.Spec, v any, r *spec.Reporter) {
	m := v.(*Macie)
	if s.Security.Admin == "" {
		r.Errorf(Path, "Add security.admin: the name of the account that runs Macie for the organization (a security account, not the management account).",
			"security.macie needs security.admin")
	}
	if choices := []string{"all", "new", "none"}; m.Members != "" && !slices.Contains(choices, m.Members) {
		r.Errorf(Path+".members", "Use all (every account), new (accounts that join from now on) or none."+spec.DidYouMean(m.Members, choices),
			"security.macie.members %q is not all, new or none", m.Members)
	}
	for i, d := range s.Organization.DelegatedAdministrators {
		if d.Service == Principal {
			r.Errorf(fmt.Sprintf("organization.delegatedAdministrators[%d].service", i),
				"security.macie designates Macie's administrator (security.admin), through Macie's own API; remove this entry.",
				"Macie's administrator is set by security.macie")
		}
	}
	regional.Validate(s, r, Path, Availability)
}
