package guardduty

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/spec"
)

// check validates security.guardDuty.
func check(s *spec.Spec, v any, r *spec.Reporter) {
	g := v.(*GuardDuty)
	if s.Security.Admin == "" {
		r.Errorf(Path, "Add security.admin: the name of the account that runs GuardDuty for the organization (a security account, not the management account).",
			"security.guardDuty needs security.admin")
	}
	if g.Members != "" && !slices.Contains([]string{"all", "new", "none"}, g.Members) {
		r.Errorf(Path+".members", "Use all (every account), new (accounts that join from now on) or none."+spec.DidYouMean(g.Members, []string{"all", "new", "none"}),
			"security.guardDuty.members %q is not all, new or none", g.Members)
	}
	for _, f := range sortedKeys(g.Features) {
		at := Path + ".features." + f
		if !slices.Contains(Features, f) {
			r.Errorf(at+spec.KeySuffix, "GuardDuty's protection plans are "+strings.Join(Features, ", ")+"."+spec.DidYouMean(f, Features),
				"unknown GuardDuty protection plan %q", f)
			continue
		}
		if v := g.Features[f]; !slices.Contains([]string{"all", "new", "none"}, v) {
			r.Errorf(at, "Use all, new or none.", "security.guardDuty.features.%s %q is not all, new or none", f, v)
		}
	}
	// AWS refuses both at once: RUNTIME_MONITORING includes EKS's.
	if on(g, "RUNTIME_MONITORING") && on(g, "EKS_RUNTIME_MONITORING") {
		r.Errorf(Path+".features.EKS_RUNTIME_MONITORING"+spec.KeySuffix, "RUNTIME_MONITORING covers EKS too; remove EKS_RUNTIME_MONITORING.",
			"GuardDuty takes RUNTIME_MONITORING or EKS_RUNTIME_MONITORING, not both")
	}
	for i, d := range s.Organization.DelegatedAdministrators {
		if d.Service == Principal {
			r.Errorf(fmt.Sprintf("organization.delegatedAdministrators[%d].service", i),
				"security.guardDuty designates GuardDuty's administrator (security.admin), through GuardDuty's own API; remove this entry.",
				"GuardDuty's administrator is set by security.guardDuty")
		}
	}
}

func on(g *GuardDuty, f string) bool {
	v, ok := g.Features[f]
	return ok && v != "none"
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
