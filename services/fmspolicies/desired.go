package fmspolicies

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/engine"
	fm "github.com/orgctl/orgctl/services/fms"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// Path is the section's place in org.yaml.
const Path = "firewallPolicies"

// Desired returns every policy in every one of its regions, made by
// Firewall Manager's administrator. A spec the loader accepted has an
// administrator and valid managed service data.
func Desired(s *spec.Spec) []engine.Resource {
	ps := spec.SectionOf[FirewallPolicies](s, Path)
	if ps == nil {
		return nil
	}
	admin := Admin(s)
	if admin == nil {
		return nil
	}
	var out []engine.Resource
	for i, base := range *ps {
		for _, region := range Regions(s, base) {
			src := s.Locs.Pos(fmt.Sprintf("%s[%d].name", Path, i))
			if _, over := base.Overrides[region]; over {
				src = s.Locs.Pos(fmt.Sprintf("%s[%d].overrides.%s", Path, i, region)) // refusals point at the override
			}
			p := base.In(region) // with its override for the region
			send, err := Data(p.Type, p.ManagedServiceData)
			if err != nil {
				continue
			}
			data, err := Normalize(p.Type, send)
			if err != nil {
				continue
			}
			attrs := engine.Attrs{
				AttrAccount:             orgs.AccountKey(admin.Email),
				AttrRegion:              region,
				AttrType:                p.Type,
				AttrDescription:         p.Description,
				AttrResourceTypes:       sorted(p.ResourceTypes),
				AttrData:                data,
				AttrSend:                send,
				AttrRemediation:         p.Remediation,
				AttrDeleteUnused:        p.DeleteUnusedResources,
				AttrResourceTags:        p.ResourceTags,
				AttrExcludeResourceTags: p.ExcludeResourceTags && len(p.ResourceTags) > 0,
				AttrDeleteResources:     p.DeleteResourcesOnDelete,
			}
			setScope(s, attrs, p.Include, AttrIncludeOUs, AttrIncludeAccounts)
			setScope(s, attrs, p.Exclude, AttrExcludeOUs, AttrExcludeAccounts)
			out = append(out, engine.Resource{Kind: KindPolicy, Key: Key(region, p.Name), Attrs: attrs, Source: src})
		}
	}
	return out
}

// Admin is the account that makes the policies: Firewall Manager's
// administrator, or nil when the spec has none.
func Admin(s *spec.Spec) *spec.Account {
	f := spec.SectionOf[fm.FirewallManager](s, fm.Path)
	if f == nil {
		return nil
	}
	if f.Admin != "" {
		a, _ := s.Account(f.Admin)
		return a
	}
	return s.SecurityAdmin()
}

// Regions are where p is made: its own, else the governed ones.
func Regions(s *spec.Spec, p FirewallPolicy) []string {
	if len(p.Regions) > 0 {
		return p.Regions
	}
	return s.GovernedRegions()
}

// setScope puts sc's OU paths and account keys (emails) in attrs.
func setScope(s *spec.Spec, attrs engine.Attrs, sc *PolicyScope, ous, accounts string) {
	if sc == nil {
		return
	}
	attrs[ous] = sorted(sc.OUs)
	var keys []string
	for _, name := range sc.Accounts {
		if a, ok := s.Account(name); ok {
			keys = append(keys, orgs.AccountKey(a.Email))
		}
	}
	attrs[accounts] = sorted(keys)
}

func sorted(l []string) []string {
	out := slices.Clone(l)
	slices.SortFunc(out, strings.Compare)
	return slices.Compact(out)
}
