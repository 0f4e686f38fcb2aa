package config

import (
	"slices"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// Path is the section's place in org.yaml.
const Path = "security.config"

// DefaultAggregatorName names the aggregator when the spec does not.
const DefaultAggregatorName = "organization"

// Desired returns AWS Config's administrator registrations and, when the
// spec names one, its organization aggregator in the home region.
func Desired(s *spec.Spec) []engine.Resource {
	c := spec.SectionOf[AWSConfig](s, Path)
	if c == nil {
		return nil
	}
	admin, at := adminOf(s, c)
	if admin == nil {
		return nil
	}
	email := orgs.AccountKey(admin.Email)
	var out []engine.Resource
	for _, p := range Principals {
		out = append(out, engine.Resource{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(p, email),
			Attrs: engine.Attrs{orgs.AttrPrincipal: p, orgs.AttrAccount: email}})
	}
	a := c.Aggregator
	if a == nil {
		return out
	}
	name := a.Name
	if name == "" {
		name = DefaultAggregatorName
	}
	attrs := engine.Attrs{AttrRegion: s.Home(), AttrAccount: email, AttrName: name, AttrRole: a.RoleName}
	if a.Regions == "all" {
		attrs[AttrAllRegions] = true
	} else {
		attrs[AttrRegions] = Regions(s, a.Regions)
	}
	source := s.Locs.Pos(Path + ".aggregator")
	if p := s.Locs.Pos(at); p != nil {
		source = p // where the management account is refused
	}
	return append(out, engine.Resource{Kind: KindAggregator, Key: Aggregator(s.Home(), email, name).Key, Source: source, Attrs: attrs})
}

// adminOf returns the administrator account and the path that names it.
func adminOf(s *spec.Spec, c *AWSConfig) (*spec.Account, string) {
	if c.Admin != "" {
		a, _ := s.Account(c.Admin)
		return a, Path + ".admin"
	}
	return s.SecurityAdmin(), "security.admin"
}

// Regions are the Regions a section lists (v, a YAML list), or the
// governed ones when it lists none, sorted: for Config's aggregator, and
// for conformance packs and organization rules.
func Regions(s *spec.Spec, v any) []string {
	var out []string
	if list, ok := v.([]any); ok {
		for _, e := range list {
			if r, ok := e.(string); ok {
				out = append(out, r)
			}
		}
	} else {
		out = slices.Clone(s.GovernedRegions())
	}
	slices.Sort(out)
	return slices.Compact(out)
}
