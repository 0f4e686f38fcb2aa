package config

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/services/regional"
	"github.com/orgctl/orgctl/spec"
)

// AWS's patterns: ConfigurationAggregatorName is [\w\-]+ of 1-256; an
// IAM role name is [\w+=,.@-]{1,64}, its path segments the same.
var (
	reName = regexp.MustCompile(`^[\w-]{1,256}$`)
	reRole = regexp.MustCompile(`^([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$`)
)

// check validates security.config.
func check(s *spec.Spec, v any, r *spec.Reporter) {
	c := v.(*AWSConfig)
	checkAdmin(s, r, c.Admin)
	regional.Validate(s, r, Path, Availability)
	for i, d := range s.Organization.DelegatedAdministrators {
		if slices.Contains(Principals, d.Service) {
			r.Errorf(fmt.Sprintf("organization.delegatedAdministrators[%d].service", i),
				"security.config registers AWS Config's administrator for both of its principals; remove this entry.",
				"AWS Config's administrator is set by security.config")
		}
	}
	a := c.Aggregator
	if a == nil {
		return
	}
	at := Path + ".aggregator"
	if a.Name != "" && !reName.MatchString(a.Name) {
		r.Errorf(at+".name", "Use 1 to 256 letters, digits, _ and -.", "%s.name %q is not a valid aggregator name", at, a.Name)
	}
	switch {
	case a.RoleName == "":
		r.Errorf(at, "Add roleName: the IAM role in the administrator account that AWS Config assumes to read the organization (orgctl does not create it; it trusts config.amazonaws.com and has AWSConfigRoleForOrganizations attached).",
			"%s.roleName is missing", at)
	case len(a.RoleName) > 512 || !reRole.MatchString(a.RoleName):
		r.Errorf(at+".roleName", "Give the role's name, optionally after its path (service-role/OrgConfigAggregator); not an ARN.",
			"%s.roleName %q is not an IAM role name", at, a.RoleName)
	}
	checkRegions(r, at+".regions", a.Regions)
}

// checkAdmin checks the administrator: the section's own, else
// security.admin, which the spec checks itself.
func checkAdmin(s *spec.Spec, r *spec.Reporter, admin string) {
	if admin != "" {
		r.Account(Path+".admin", admin, Path+".admin")
		return
	}
	if s.Security.Admin == "" {
		r.Errorf(Path, "Add security.admin (or security.config.admin): the account that administers AWS Config for the organization (a security account, not the management account).",
			"security.config needs security.admin")
	}
}

// checkRegions: all, or a list of distinct Regions where AWS Config is.
func checkRegions(r *spec.Reporter, at string, v any) {
	switch x := v.(type) {
	case nil:
	case string:
		if x != "all" {
			r.Errorf(at, "Write all, or a list of Regions: [us-east-1, eu-west-1]."+spec.DidYouMean(x, []string{"all"}),
				"%s %q is not all nor a list of Regions", at, x)
		}
	case []any:
		if len(x) == 0 {
			r.Errorf(at, "List at least one Region, write all, or leave regions out for the governed Regions.", "%s is empty", at)
		}
		seen := map[string]bool{}
		for i, e := range x {
			region, ok := e.(string)
			at := fmt.Sprintf("%s[%d]", at, i)
			switch _, known := facts.LookupRegion(region); {
			case !ok:
				r.Errorf(at, "Write a Region's code: eu-west-1.", "%s is not a Region", at)
			case !known:
				r.Errorf(at, "Write a Region's code."+spec.DidYouMean(region, facts.RegionCodes()), "%s: unknown Region %q", at, region)
			case !Availability.Offered(region):
				r.Errorf(at, "AWS Config is not offered there; remove it.", "%s: AWS Config is not offered in %s", at, region)
			case seen[region]:
				r.Errorf(at, "Remove the second one.", "%s: %s is listed twice", at, region)
			}
			seen[region] = true
		}
	default:
		r.Errorf(at, "Write all, or a list of Regions: [us-east-1, eu-west-1].", "%s is not all nor a list of Regions", at)
	}
}
