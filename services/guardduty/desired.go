package guardduty

import (
	"strings"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// Path is the section's place in org.yaml.
const Path = "security.guardDuty"

// Desired returns, for each governed region, GuardDuty's administrator
// and its organization configuration, when the spec has the section.
func Desired(s *spec.Spec) []engine.Resource {
	g := spec.SectionOf[GuardDuty](s, Path)
	admin := s.SecurityAdmin()
	if g == nil || admin == nil {
		return nil
	}
	regions := s.GovernedRegions()
	first := regions[0]
	for _, r := range regions {
		if r == s.Home() {
			first = r // the home region leads, when governed
		}
	}
	features := map[string]string{}
	for f, v := range g.Features {
		if v = strings.ToUpper(v); v != "NONE" {
			features[f] = v
		}
	}
	if len(features) == 0 {
		features = nil
	}
	var out []engine.Resource
	for _, region := range regions {
		out = append(out,
			engine.Resource{Kind: KindAdmin, Key: region, Source: s.Locs.Pos("security.admin"),
				Attrs: engine.Attrs{AttrAccount: orgs.AccountKey(admin.Email), AttrFirst: first}},
			engine.Resource{Kind: KindOrgConfig, Key: region, Source: s.Locs.Pos(Path),
				Attrs: engine.Attrs{AttrMembers: members(g), AttrFeatures: features}},
		)
	}
	return out
}

// members is the spec's members as AWS writes it; all by default.
func members(g *GuardDuty) string {
	if g.Members == "" {
		return "ALL"
	}
	return strings.ToUpper(g.Members)
}
