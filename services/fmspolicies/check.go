package fmspolicies

import (
	"fmt"
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
	allowed, known := ResourceTypes[p.Type]
	if !known {
		r.Errorf(at+".type", "Firewall Manager policy types orgctl manages: "+strings.Join(Types, ", ")+"."+spec.DidYouMean(p.Type, Types),
			"unknown Firewall Manager policy type %q", p.Type)
		return
	}
	if len(p.ResourceTypes) == 0 {
		r.Errorf(at, "List the resource types the policy covers: "+strings.Join(allowed, ", ")+".", "policy %q has no resourceTypes", p.Name)
	}
	for j, rt := range p.ResourceTypes {
		if !slices.Contains(allowed, rt) {
			r.Errorf(fmt.Sprintf("%s.resourceTypes[%d]", at, j), "A "+p.Type+" policy covers "+strings.Join(allowed, ", ")+"."+spec.DidYouMean(rt, allowed),
				"%s is not a resource type of %s policies", rt, p.Type)
		}
	}
	checkData(p, at+".managedServiceData", r)
	if p.Include != nil && p.Exclude != nil {
		r.Errorf(at+".exclude", "Keep include or exclude, not both: Firewall Manager ignores exclude when include is set.",
			"policy %q has both include and exclude", p.Name)
	}
	checkScope(s, p.Include, at+".include", r)
	checkScope(s, p.Exclude, at+".exclude", r)
	if len(p.ResourceTags) > maxResourceTags {
		r.Errorf(at+".resourceTags", fmt.Sprintf("Firewall Manager takes at most %d resource tags a policy.", maxResourceTags),
			"policy %q has %d resource tags", p.Name, len(p.ResourceTags))
	}
	governed := s.GovernedRegions()
	for j, region := range p.Regions {
		if !slices.Contains(governed, region) {
			r.Errorf(fmt.Sprintf("%s.regions[%d]", at, j), "Name Regions of settings.regions ("+strings.Join(governed, ", ")+")."+spec.DidYouMean(region, governed),
				"%s is not a governed Region", region)
		}
	}
	if slices.Contains(p.ResourceTypes, CloudFront) {
		if len(slices.Compact(slices.Sorted(slices.Values(p.ResourceTypes)))) > 1 {
			r.Errorf(at+".resourceTypes", "Make a separate policy for CloudFront distributions: Firewall Manager takes AWS::CloudFront::Distribution only as a policy's one resource type.",
				"policy %q covers %s with other resource types", p.Name, CloudFront)
		}
		for _, region := range Regions(s, p) {
			if region != "us-east-1" {
				r.Errorf(at+".regions", "A policy for CloudFront distributions is made in us-east-1 only: write regions: [us-east-1], or make a separate policy for CloudFront.",
					"policy %q covers %s, which Firewall Manager protects only from us-east-1, and is made in %s", p.Name, CloudFront, region)
				break
			}
		}
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
