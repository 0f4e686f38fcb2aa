package macie

import (
	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// Path is the section's place in org.yaml.
const Path = "security.macie"

// AllEnrolled is the members resource's value when every active account
// (but the administrator) is enrolled: members.All of the provider toolkit.
const AllEnrolled = "ALL"

// Desired returns, for each governed region, Macie's administrator, its
// organization configuration and, with members: all, the enrolment of the
// existing accounts, when the spec has the section.
func Desired(s *spec.Spec) []engine.Resource {
	m := spec.SectionOf[Macie](s, Path)
	admin := s.SecurityAdmin()
	if m == nil || admin == nil {
		return nil
	}
	regions := s.GovernedRegions()
	first := regions[0]
	for _, r := range regions {
		if r == s.Home() {
			first = r // the home region leads, when governed
		}
	}
	membersOf := "NEW"
	if m.Members == "none" {
		membersOf = "NONE"
	}
	// Macie registers its administrator with Organizations, and removing
	// it may leave that registration: the spec's is explicit, so that
	// moving the administrator deregisters the old account, after Macie is
	// done with it and before the new one is designated.
	email := orgs.AccountKey(admin.Email)
	out := []engine.Resource{{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(Principal, email),
		Attrs: engine.Attrs{orgs.AttrPrincipal: Principal, orgs.AttrAccount: email}}}
	for _, region := range regions {
		out = append(out,
			engine.Resource{Kind: KindAdmin, Key: Admin(region, email).Key, Source: s.Locs.Pos("security.admin"),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrFirst: first}},
			engine.Resource{Kind: KindOrgConfig, Key: OrgConfig(region, email).Key, Source: s.Locs.Pos(Path),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrMembers: membersOf}},
		)
		if m.Members == "" || m.Members == "all" {
			out = append(out, engine.Resource{Kind: KindMembers, Key: Members(region, email).Key, Source: s.Locs.Pos(Path),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrMembers: AllEnrolled}})
		}
	}
	return out
}
