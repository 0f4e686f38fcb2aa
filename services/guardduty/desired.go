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
	// GuardDuty registers its administrator with Organizations, and
	// removing it leaves that registration: the spec's is explicit, so
	// that moving the administrator deregisters the old account, after
	// GuardDuty is done with it and before the new one is designated.
	email := orgs.AccountKey(admin.Email)
	out := []engine.Resource{{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(Principal, email),
		Attrs: engine.Attrs{orgs.AttrPrincipal: Principal, orgs.AttrAccount: email}}}
	for _, region := range regions {
		out = append(out,
			engine.Resource{Kind: KindAdmin, Key: Admin(region, email).Key, Source: s.Locs.Pos("security.admin"),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrFirst: first}},
			engine.Resource{Kind: KindOrgConfig, Key: OrgConfig(region, email).Key, Source: s.Locs.Pos(Path),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrMembers: members(g), AttrFeatures: features}},
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
