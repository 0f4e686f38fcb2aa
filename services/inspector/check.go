package inspector

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/services/regional"
	"github.com/orgctl/orgctl/spec"
)

// check validates security.inspector.
func check(s *spec.Spec, v any, r *spec.Reporter) {
	in := v.(*Inspector)
	switch {
	case in.Admin != "":
		r.Account(Path+".admin", in.Admin, Path+".admin")
	case s.Security.Admin == "":
		r.Errorf(Path, "Add security.admin (or admin: here): the name of the account that runs Amazon Inspector for the organization (a security account, not the management account).",
			"security.inspector needs security.admin")
	}
	if in.Members != "" && !slices.Contains(memberChoices, in.Members) {
		r.Errorf(Path+".members", "Use all (every account), new (accounts that join from now on) or none."+spec.DidYouMean(in.Members, memberChoices),
			"security.inspector.members %q is not all, new or none", in.Members)
	}
	seen := map[string]int{}
	for i, sc := range in.Scans {
		at := fmt.Sprintf("%s.scans[%d]", Path, i)
		if !slices.Contains(ScanTypes, sc) {
			r.Errorf(at, "Inspector's scan types are "+strings.Join(ScanTypes, ", ")+"."+spec.DidYouMean(sc, ScanTypes),
				"unknown Amazon Inspector scan type %q", sc)
			continue
		}
		if j, dup := seen[sc]; dup {
			r.Errorf(at, fmt.Sprintf("It is first listed at %s; remove one.", r.Where(fmt.Sprintf("%s.scans[%d]", Path, j))),
				"scan type %s is listed twice", sc)
			continue
		}
		seen[sc] = i
	}
	if j, ok := seen["LAMBDA_CODE"]; ok {
		if _, lambda := seen["LAMBDA"]; !lambda {
			r.Errorf(fmt.Sprintf("%s.scans[%d]", Path, j), "Add LAMBDA to scans: Lambda code scanning runs on top of Lambda standard scanning.",
				"LAMBDA_CODE needs LAMBDA")
		}
	}
	regional.Validate(s, r, Path, Availability)
	for _, sc := range Scans(in) {
		if a, ok := ScanAvailability[sc]; ok {
			regional.Validate(s, r, sc+" from "+Path+".scans", a)
		}
	}
	for i, d := range s.Organization.DelegatedAdministrators {
		if d.Service == Principal {
			r.Errorf(fmt.Sprintf("organization.delegatedAdministrators[%d].service", i),
				"security.inspector designates Inspector's administrator, through Inspector's own API; remove this entry.",
				"Amazon Inspector's administrator is set by security.inspector")
		}
	}
}

var memberChoices = []string{"all", "new", "none"}
