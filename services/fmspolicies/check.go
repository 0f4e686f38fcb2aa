package fmspolicies

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	fm "github.com/orgctl/orgctl/services/fms"
	"github.com/orgctl/orgctl/spec"
)

// maxResourceTags is Firewall Manager's limit of resource tags a policy.
const maxResourceTags = 8

// check validates firewallPolicies.
func check(s *spec.Spec, v any, r *spec.Reporter) {
	ps := *v.(*FirewallPolicies)
	if spec.SectionOf[fm.FirewallManager](s, fm.Path) == nil {
		r.Errorf(Path, "Add security.firewallManager: {} (with security.admin): Firewall Manager's administrator makes the policies.",
			"firewallPolicies needs security.firewallManager")
	}
	seen := map[string]int{}
	for i, p := range ps {
		at := fmt.Sprintf("%s[%d]", Path, i)
		if j, dup := seen[p.Name]; dup && p.Name != "" {
			r.Errorf(at+".name", fmt.Sprintf("Name each policy once; %s[%d] is also %q.", Path, j, p.Name), "duplicate Firewall Manager policy %q", p.Name)
		}
		seen[p.Name] = i
		checkPolicy(s, p, at, r)
	}
}

func checkPolicy(s *spec.Spec, p FirewallPolicy, at string, r *spec.Reporter) {
	if p.Name == "" {
		r.Errorf(at+".name", "Name the policy.", "a Firewall Manager policy needs a name")
	}
	if _, known := ResourceTypes[p.Type]; !known {
		r.Errorf(at+".type", "Firewall Manager policy types orgctl manages: "+strings.Join(Types, ", ")+"."+spec.DidYouMean(p.Type, Types),
			"unknown Firewall Manager policy type %q", p.Type)
		return
	}
	checkFields(s, p, func(field string) (string, bool) { return at + "." + field, true }, r)
	governed := s.GovernedRegions()
	for j, region := range p.Regions {
		if !slices.Contains(governed, region) {
			r.Errorf(fmt.Sprintf("%s.regions[%d]", at, j), "Name Regions of settings.regions ("+strings.Join(governed, ", ")+")."+spec.DidYouMean(region, governed),
				"%s is not a governed Region", region)
		}
	}
	regions := Regions(s, p)
	for _, region := range regions {
		o, over := p.Overrides[region]
		if !slices.Contains(p.In(region).ResourceTypes, CloudFront) || region == "us-east-1" {
			continue
		}
		where := at + ".regions"
		if over && o.ResourceTypes != nil {
			where = at + ".overrides." + region + ".resourceTypes"
		}
		r.Errorf(where, "A policy for CloudFront distributions is made in us-east-1 only: write regions: [us-east-1], or make a separate policy for CloudFront.",
			"policy %q covers %s, which Firewall Manager protects only from us-east-1, and is made in %s", p.Name, CloudFront, region)
		break
	}
	for _, region := range slices.Sorted(maps.Keys(p.Overrides)) {
		oat := at + ".overrides." + region
		if !slices.Contains(regions, region) {
			r.Errorf(oat, "Override the policy in one of its regions ("+strings.Join(regions, ", ")+")."+spec.DidYouMean(region, regions),
				"policy %q is not made in %s", p.Name, region)
			continue
		}
		written := p.Overrides[region].overridden()
		if !slices.Contains(slices.Collect(maps.Values(written)), true) {
			r.Errorf(oat, "Write the fields that differ in "+region+", or remove the override.", "the override of policy %q in %s changes nothing", p.Name, region)
			continue
		}
		checkFields(s, p.In(region), func(field string) (string, bool) { return oat + "." + field, written[field] }, r)
	}
}

// checkFields checks a policy's fields, each reported at the place loc
// gives it; a field loc refuses is not checked (an override's fields the
// policy's own are checked once, not in every region).
func checkFields(s *spec.Spec, p FirewallPolicy, loc func(field string) (string, bool), r *spec.Reporter) {
	allowed := ResourceTypes[p.Type]
	if at, ok := loc("resourceTypes"); ok {
		if len(p.ResourceTypes) == 0 {
			r.Errorf(strings.TrimSuffix(at, ".resourceTypes"), "List the resource types the policy covers: "+strings.Join(allowed, ", ")+".", "policy %q has no resourceTypes", p.Name)
		}
		for j, rt := range p.ResourceTypes {
			if !slices.Contains(allowed, rt) {
				r.Errorf(fmt.Sprintf("%s[%d]", at, j), "A "+p.Type+" policy covers "+strings.Join(allowed, ", ")+"."+spec.DidYouMean(rt, allowed),
					"%s is not a resource type of %s policies", rt, p.Type)
			}
		}
		if slices.Contains(p.ResourceTypes, CloudFront) && len(slices.Compact(slices.Sorted(slices.Values(p.ResourceTypes)))) > 1 {
			r.Errorf(at, "Make a separate policy for CloudFront distributions: Firewall Manager takes AWS::CloudFront::Distribution only as a policy's one resource type.",
				"policy %q covers %s with other resource types", p.Name, CloudFront)
		}
	}
	if at, ok := loc("managedServiceData"); ok {
		checkData(p, at, r)
	}
	inAt, in := loc("include")
	exAt, ex := loc("exclude")
	if (in || ex) && p.Include != nil && p.Exclude != nil {
		r.Errorf(exAt, "Keep include or exclude, not both: Firewall Manager ignores exclude when include is set.",
			"policy %q has both include and exclude", p.Name)
	}
	if in {
		checkScope(s, p.Include, inAt, r)
	}
	if ex {
		checkScope(s, p.Exclude, exAt, r)
	}
	if at, ok := loc("resourceTags"); ok && len(p.ResourceTags) > maxResourceTags {
		r.Errorf(at, fmt.Sprintf("Firewall Manager takes at most %d resource tags a policy.", maxResourceTags),
			"policy %q has %d resource tags", p.Name, len(p.ResourceTags))
	}
}

// checkData validates managed service data: a mapping of the policy's
// type, with the keys the type needs.
func checkData(p FirewallPolicy, at string, r *spec.Reporter) {
	m, ok := p.ManagedServiceData.(map[string]any)
	if !ok {
		r.Errorf(at, "Write the policy's settings for "+p.Type+" as a mapping (type: "+p.Type+", ...).", "policy %q needs managedServiceData", p.Name)
		return
	}
	if t, ok := m["type"]; ok && t != p.Type {
		r.Errorf(at+".type", "Write type: "+p.Type+", the policy's type, or leave it out.", "managedServiceData.type %v is not the policy's type %s", t, p.Type)
	}
	for _, k := range Required[p.Type] {
		if _, ok := m[k]; !ok {
			r.Errorf(at, fmt.Sprintf("Add %s: a %s policy's managed service data needs %s.", k, p.Type, strings.Join(Required[p.Type], ", ")),
				"policy %q: managedServiceData has no %s", p.Name, k)
		}
	}
}

// checkScope checks that sc names OUs and open accounts of the spec.
func checkScope(s *spec.Spec, sc *PolicyScope, at string, r *spec.Reporter) {
	if sc == nil {
		return
	}
	if len(sc.OUs)+len(sc.Accounts) == 0 {
		r.Errorf(at, "Name OUs (ous: [Workloads]) or accounts (accounts: [name]), or remove it.", "%s names nothing", at)
	}
	var paths []string
	s.WalkOUs(func(path string, _ *spec.OU, _ string) { paths = append(paths, path) })
	for j, ou := range sc.OUs {
		if !slices.Contains(paths, ou) {
			r.Errorf(fmt.Sprintf("%s.ous[%d]", at, j), "Name an OU of organizationalUnits by its path (Workloads/Prod)."+spec.DidYouMean(ou, paths),
				"unknown OU %q", ou)
		}
	}
	for j, name := range sc.Accounts {
		r.Account(fmt.Sprintf("%s.accounts[%d]", at, j), name, at)
	}
}
