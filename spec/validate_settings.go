package spec

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/orgctl/orgctl/facts"
)

// rolePattern is the character set of IAM role names.
var rolePattern = regexp.MustCompile(`^[\w+=,.@-]+$`)

// checkVersion: version must be 1.
func checkVersion(s *Spec, r *reporter) {
	if s.Version == 1 {
		return
	}
	if _, given := s.Locs["version"]; !given && s.Version == 0 {
		r.errorf("version", "Add `version: 1` at the top of the file.", "the spec has no version")
		return
	}
	r.errorf("version", "This orgctl reads version 1 specs; set version: 1.", "unsupported spec version %d", s.Version)
}

// checkSettings: homeRegion and regions look like AWS regions, regions are
// listed once, crossAccountRole is a valid role name.
func checkSettings(s *Spec, r *reporter) {
	st := s.Settings
	if st.HomeRegion != "" {
		checkRegion(r, "settings.homeRegion", st.HomeRegion)
	}
	seen := map[string]string{}
	for i, reg := range st.Regions {
		at := indexPath("settings.regions", i)
		if !checkRegion(r, at, reg) {
			continue
		}
		if first, dup := seen[reg]; dup {
			r.errorf(at, fmt.Sprintf("It is first listed at %s; remove one of them.", r.where(first)),
				"region %s is listed twice in settings.regions", reg)
			continue
		}
		seen[reg] = at
	}
	checkPartition(s, r)
	if _, known := facts.LookupRegion(st.HomeRegion); known && len(st.Regions) > 0 && seen[st.HomeRegion] == "" {
		r.warnf("settings.regions", fmt.Sprintf("Regional security services will not be configured in %s; add it to settings.regions if they should be.", st.HomeRegion),
			"settings.homeRegion %s is not in settings.regions", st.HomeRegion)
	}
	checkCrossAccountRole(s, r)
	checkExternalID(s, r)
	checkIgnore(s, r)
	checkLintDisable(s, r)
}

// checkLintDisable: each entry names a rule once, with a reason. Whether
// the rule exists is orgctl lint's to say: spec does not know its rules.
func checkLintDisable(s *Spec, r *reporter) {
	seen := map[string]string{}
	for i, d := range s.Settings.Lint.Disable {
		at := indexPath("settings.lint.disable", i)
		if strings.TrimSpace(d.Rule) == "" {
			r.errorf(at, "Name the rule by its id, as orgctl lint prints it: rule: org-trail.", "settings.lint.disable entry names no rule")
		} else if first, dup := seen[d.Rule]; dup {
			r.errorf(at+".rule", fmt.Sprintf("It is first disabled at %s; remove one of them.", r.where(first)),
				"lint rule %s is disabled twice", d.Rule)
		} else {
			seen[d.Rule] = at + ".rule"
		}
		if strings.TrimSpace(d.Reason) == "" {
			r.errorf(at, "Say why the rule does not apply, for whoever reviews the spec next.", "settings.lint.disable entry for %s has no reason", d.Rule)
		}
	}
}

// checkIgnore: each entry one of policy, ou or account, a valid glob, and
// a reason.
func checkIgnore(s *Spec, r *reporter) {
	for i, ig := range s.Settings.Ignore {
		at := indexPath("settings.ignore", i)
		var given []string
		for _, p := range []struct{ key, pattern string }{{"policy", ig.Policy}, {"ou", ig.OU}, {"account", ig.Account}} {
			if p.pattern == "" {
				continue
			}
			given = append(given, p.key)
			if _, err := path.Match(p.pattern, ""); err != nil {
				r.errorf(at+"."+p.key, "Use a glob: * matches any run of characters but /, ? one character, [a-z] a class.",
					"settings.ignore pattern %q is not a glob", p.pattern)
			}
		}
		switch {
		case len(given) == 0:
			r.errorf(at, "Give what to leave alone: policy:, ou: or account:, each a glob such as aws-guardrails-*.", "settings.ignore entry names nothing")
		case len(given) > 1:
			r.errorf(at, "Write one entry each.", "settings.ignore entry gives %s at once", strings.Join(given, " and "))
		}
		if strings.TrimSpace(ig.Reason) == "" {
			r.errorf(at, "Say why orgctl leaves it alone, for whoever reads the spec next: reason: Control Tower's guardrails.", "settings.ignore entry has no reason")
		}
	}
}

// externalIDPattern is STS's for ExternalId.
var externalIDPattern = regexp.MustCompile(`^[\w+=,.@:/-]+$`)

// checkExternalID: 2-1224 characters of STS's set.
func checkExternalID(s *Spec, r *reporter) {
	id := s.Settings.CrossAccountExternalID
	if _, given := s.Locs["settings.crossAccountExternalId"]; !given && id == "" {
		return
	}
	if n := len(id); n < 2 || n > 1224 || !externalIDPattern.MatchString(id) {
		r.errorf("settings.crossAccountExternalId", "STS takes 2 to 1,224 letters, digits and + = , . @ : / - as an external ID.",
			"settings.crossAccountExternalId %q is not an external ID STS takes", id)
	}
}

// checkRegion reports a value that is not one of AWS's Regions. The
// shape alone let through us-east-7 and eu-wset-1, which failed only once
// the plan reached them.
func checkRegion(r *reporter, at, region string) bool {
	if _, ok := facts.LookupRegion(region); ok {
		return true
	}
	hint := didYouMean(region, facts.RegionCodes())
	if hint == "" {
		if reg, ok := facts.LookupRegion(strings.ToLower(strings.TrimSpace(region))); ok {
			hint = fmt.Sprintf(" Did you mean %q?", reg.Code)
		}
	}
	r.errorf(at, "Use the code of one of AWS's Regions, such as us-east-1 or eu-west-1."+hint, "%s: %q is not an AWS region", at, region)
	return false
}

// checkPartition: settings.regions are in the home region's partition
// (aws, aws-cn, aws-us-gov, ...): an organization lives in one.
func checkPartition(s *Spec, r *reporter) {
	home, ok := facts.LookupRegion(s.Home())
	if !ok {
		return
	}
	for i, code := range s.Settings.Regions {
		if reg, ok := facts.LookupRegion(code); ok && reg.Partition != home.Partition {
			r.errorf(indexPath("settings.regions", i),
				fmt.Sprintf("An organization and its accounts live in one partition; list Regions of %s, the partition of the home region %s.", home.Partition, home.Code),
				"settings.regions: %s is in partition %s, the home region %s in %s", code, reg.Partition, home.Code, home.Partition)
		}
	}
}

// checkCrossAccountRole: 1-64 characters of an IAM role name.
func checkCrossAccountRole(s *Spec, r *reporter) {
	role := s.Settings.CrossAccountRole
	if _, given := s.Locs["settings.crossAccountRole"]; !given && role == "" {
		return
	}
	const at = "settings.crossAccountRole"
	n := utf8.RuneCountInString(role)
	switch {
	case n < 1 || n > 64:
		r.errorf(at, "IAM role names are 1 to 64 characters; remove the key to use OrganizationAccountAccessRole.",
			"settings.crossAccountRole is %d characters; it must be 1 to 64", n)
	case !rolePattern.MatchString(role):
		r.errorf(at, "IAM role names may use letters, digits and + = , . @ _ -.",
			"settings.crossAccountRole %q is not a valid IAM role name", role)
	}
}

// checkOrganization: featureSet, policyTypes, trustedAccess and the
// delegated administrators.
func checkOrganization(s *Spec, r *reporter) {
	checkFeatureSet(s, r)
	checkPolicyTypes(s, r)
	checkTrustedAccess(s, r)
	checkDelegatedAdministrators(s, r)
}

// checkFeatureSet: ALL or CONSOLIDATED_BILLING.
func checkFeatureSet(s *Spec, r *reporter) {
	fsv := s.Organization.FeatureSet
	if fsv == "" || fsv == "ALL" || fsv == "CONSOLIDATED_BILLING" {
		return
	}
	r.errorf("organization.featureSet", "Use ALL or CONSOLIDATED_BILLING."+didYouMean(fsv, []string{"ALL", "CONSOLIDATED_BILLING"}),
		"organization.featureSet %q is not a feature set", fsv)
}

// checkPolicyTypes: known types, each once, and only with featureSet ALL.
func checkPolicyTypes(s *Spec, r *reporter) {
	names := policyTypeNames()
	seen := map[string]string{}
	for i, t := range s.Organization.PolicyTypes {
		at := indexPath("organization.policyTypes", i)
		if !isPolicyTypeName(t) {
			hint := didYouMean(t, names)
			if pt, ok := facts.LookupPolicyType(strings.ToLower(t)); ok {
				hint = fmt.Sprintf(" Did you mean %q?", pt.Name)
			}
			r.errorf(at, "Use one of: "+strings.Join(names, ", ")+"."+hint, "unknown policy type %q", t)
			continue
		}
		if first, dup := seen[t]; dup {
			r.errorf(at, fmt.Sprintf("It is first listed at %s; remove one of them.", r.where(first)),
				"policy type %s is listed twice", t)
			continue
		}
		seen[t] = at
		if pt, _ := facts.LookupPolicyType(t); pt.ServicePrincipal != "" {
			needsTrustedAccess(s, r, at, pt.ServicePrincipal,
				fmt.Sprintf("policy type %s needs trusted access for %s", t, pt.ServicePrincipal),
				fmt.Sprintf("AWS enables %s only for an organization that gives %s trusted access", t, pt.ServicePrincipal))
		}
	}
	if s.Organization.FeatureSet == "CONSOLIDATED_BILLING" && len(s.Organization.PolicyTypes) > 0 {
		r.errorf("organization.policyTypes", "An organization with only consolidated billing cannot use policies; set organization.featureSet to ALL or remove policyTypes.",
			"policy types need featureSet ALL")
	}
}

// isPolicyTypeName reports whether t is the AWS name (not the short alias)
// of a policy type.
func isPolicyTypeName(t string) bool {
	for _, pt := range facts.PolicyTypes {
		if pt.Name == t {
			return true
		}
	}
	return false
}

// checkPrincipal reports whether p can be a service principal, and says
// so at at when it cannot.
func checkPrincipal(r *reporter, at, p string) bool {
	if p == "" || strings.ContainsFunc(p, unicode.IsSpace) {
		r.errorf(at, "Give a service principal such as guardduty.amazonaws.com.", "invalid service principal %q", p)
		return false
	}
	return true
}

// needsTrustedAccess reports whether the spec gives principal trusted
// access; when it does not, it reports summary at at, with why and what
// to add.
func needsTrustedAccess(s *Spec, r *reporter, at, principal, summary, why string) bool {
	if slices.Contains(s.TrustedAccess(), principal) {
		return true
	}
	r.errorf(at, fmt.Sprintf("%s; add %s to organization.trustedAccess.", why, principal), "%s", summary)
	return false
}

// checkTrustedAccess: service principals, each once.
func checkTrustedAccess(s *Spec, r *reporter) {
	seen := map[string]string{}
	for i, p := range s.Organization.TrustedAccess {
		at := indexPath("organization.trustedAccess", i)
		if !checkPrincipal(r, at, p) {
			continue
		}
		if first, dup := seen[p]; dup {
			r.errorf(at, fmt.Sprintf("It is first listed at %s; remove one of them.", r.where(first)),
				"service principal %s is listed twice", p)
			continue
		}
		seen[p] = at
		checkKnownPrincipal(r, at, p)
	}
	// A section's principals are orgctl's own; one AWS does not list is
	// a bug, but AWS would refuse it halfway through an apply.
	for _, sec := range sections {
		v := s.sections[sec.Path]
		if v == nil || sec.TrustedAccess == nil {
			continue
		}
		for _, p := range sec.TrustedAccess(v) {
			if facts.TrustedAccessPrincipals[p] == "" {
				r.errorf(sec.Path, "This is a bug in orgctl; please report it.",
					"%s implies trusted access for %s, which is not a principal AWS Organizations lists", sec.Path, p)
			}
		}
	}
}

// checkKnownPrincipal reports whether p is a principal that AWS
// Organizations gives trusted access to, and says so at at when it is
// not: EnableAWSServiceAccess would refuse it, after the changes before it.
func checkKnownPrincipal(r *reporter, at, p string) bool {
	if facts.TrustedAccessPrincipals[p] != "" {
		return true
	}
	names := facts.TrustedAccessPrincipalNames()
	hint := didYouMean(p, names)
	if hint == "" {
		if lower := strings.ToLower(p); facts.TrustedAccessPrincipals[lower] != "" {
			hint = fmt.Sprintf(" Did you mean %q?", lower)
		} else if facts.TrustedAccessPrincipals[p+".amazonaws.com"] != "" {
			hint = fmt.Sprintf(" Did you mean %q?", p+".amazonaws.com")
		}
	}
	r.errorf(at, "Give the principal of a service that works with AWS Organizations, such as guardduty.amazonaws.com (AWS's page \"AWS services that you can use with AWS Organizations\")."+hint,
		"%q is not a service principal AWS Organizations gives trusted access to", p)
	return false
}
