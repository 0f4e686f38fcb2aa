package securityhub

import (
	"fmt"
	"slices"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// Path is the section's place in org.yaml.
const Path = "security.securityHub"

// AggregationRegion is the spec's aggregation Region: aggregation.region,
// or the home region.
func AggregationRegion(s *spec.Spec, sh *SecurityHub) string {
	if sh.Aggregation.Region != "" {
		return sh.Aggregation.Region
	}
	return s.Home()
}

// Desired returns Security Hub's administrator in each governed region,
// and in the aggregation Region its aggregator, its organization
// configuration (CENTRAL), the configuration policies and their
// associations, when the spec has the section.
func Desired(s *spec.Spec) []engine.Resource {
	sh := spec.SectionOf[SecurityHub](s, Path)
	admin := s.SecurityAdmin()
	if sh == nil || admin == nil {
		return nil
	}
	regions := s.GovernedRegions()
	home := AggregationRegion(s, sh)
	first := regions[0]
	if slices.Contains(regions, home) {
		first = home // the aggregation Region leads
	}
	// Security Hub registers its administrator with Organizations, and
	// removing it leaves that registration: the spec's is explicit, as
	// GuardDuty's.
	email := orgs.AccountKey(admin.Email)
	out := []engine.Resource{{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(Principal, email),
		Attrs: engine.Attrs{orgs.AttrPrincipal: Principal, orgs.AttrAccount: email}}}
	for _, region := range regions {
		out = append(out, engine.Resource{Kind: KindAdmin, Key: Admin(region, email).Key, Source: s.Locs.Pos("security.admin"),
			Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrFirst: first}})
	}
	where := engine.Attrs{AttrRegion: home, AttrAccount: email}
	mode, linked := linking(sh, regions, home)
	out = append(out,
		engine.Resource{Kind: KindAggregator, Key: Aggregator(home, email).Key, Source: s.Locs.Pos(Path + ".aggregation"),
			Attrs: with(where, engine.Attrs{AttrLinkingMode: mode, AttrRegions: linked})},
		engine.Resource{Kind: KindOrgConfig, Key: OrgConfig(home, email).Key, Source: s.Locs.Pos(Path),
			Attrs: with(where, engine.Attrs{AttrConfigurationType: "CENTRAL"})},
	)
	for i, p := range sh.Policies {
		at := fmt.Sprintf("%s.policies[%d]", Path, i)
		out = append(out, engine.Resource{Kind: KindPolicy, Key: p.Name, Managed: s.Settings.Adopt, Source: s.Locs.Pos(at),
			Attrs: with(where, policyAttrs(p))})
		for j, t := range p.Targets {
			key, _ := targetKey(s, t)
			out = append(out, engine.Resource{Kind: KindAssociation, Key: key, Source: s.Locs.Pos(fmt.Sprintf("%s.targets[%d]", at, j)),
				Attrs: with(where, engine.Attrs{AttrPolicy: p.Name, AttrStatus: "SUCCESS"})})
		}
	}
	return out
}

// linking returns the aggregator's RegionLinkingMode and linked Regions:
// all Regions, the listed ones, or by default the other governed ones.
func linking(sh *SecurityHub, governed []string, home string) (string, []string) {
	var linked []string
	switch v := sh.Aggregation.Regions.(type) {
	case string:
		return "ALL_REGIONS", nil
	case []any:
		for _, e := range v {
			linked = append(linked, e.(string))
		}
	default:
		for _, r := range governed {
			if r != home {
				linked = append(linked, r)
			}
		}
	}
	if len(linked) == 0 {
		return "NO_REGIONS", nil
	}
	slices.Sort(linked)
	return "SPECIFIED_REGIONS", linked
}

// policyAttrs are a policy's attributes as the provider reports them.
func policyAttrs(p ConfigurationPolicy) engine.Attrs {
	a := engine.Attrs{engine.AttrName: p.Name, AttrServiceEnabled: true}
	if p.Description != "" {
		a[AttrDescription] = p.Description
	}
	if len(p.Standards) > 0 {
		a[AttrStandards] = sorted(p.Standards)
	}
	if len(p.DisabledControls) > 0 {
		a[AttrDisabledControls] = sorted(p.DisabledControls)
	}
	params := map[string]string{}
	for c, ps := range p.ControlParameters {
		for name, v := range ps {
			var def *ParamDef
			if d, ok := ControlParameters[c][name]; ok {
				def = &d
			}
			params[ParamKey(c, name)], _ = ParamValue(paramType(c, name, v), v, def)
		}
	}
	if len(params) > 0 {
		a[AttrParameters] = params
	}
	return a
}

func sorted(l []string) []string {
	out := slices.Clone(l)
	slices.Sort(out)
	return slices.Compact(out)
}

func with(a, b engine.Attrs) engine.Attrs {
	out := engine.Attrs{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
