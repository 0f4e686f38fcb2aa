package inspector

import (
	"slices"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// Desired returns, for each governed region, Inspector's administrator,
// its organization configuration and, with members: all, its members,
// when the spec has the section.
func Desired(s *spec.Spec) []engine.Resource {
	in := spec.SectionOf[Inspector](s, Path)
	if in == nil {
		return nil
	}
	adminAt := "security.admin"
	admin := s.SecurityAdmin()
	if in.Admin != "" {
		adminAt = Path + ".admin"
		admin, _ = s.Account(in.Admin)
	}
	if admin == nil {
		return nil
	}
	var accounts []string
	for _, a := range s.Accounts {
		if !a.Closed {
			accounts = append(accounts, orgs.AccountKey(a.Email))
		}
	}
	regions := s.GovernedRegions()
	first := regions[0]
	if slices.Contains(regions, s.Home()) {
		first = s.Home() // the home region leads, when governed
	}
	members, scans := "NEW", Scans(in)
	if in.Members == "none" {
		members = "NONE"
	}
	var autoEnable []string
	if members == "NEW" {
		autoEnable = scans
	}
	// Inspector registers its administrator with Organizations, and
	// removing it may leave that registration: the spec's is explicit, so
	// that moving the administrator deregisters the old account, after
	// Inspector is done with it and before the new one is designated.
	email := orgs.AccountKey(admin.Email)
	out := []engine.Resource{{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(Principal, email),
		Attrs: engine.Attrs{orgs.AttrPrincipal: Principal, orgs.AttrAccount: email}}}
	for _, region := range regions {
		key := region + "/" + email
		out = append(out,
			engine.Resource{Kind: KindAdmin, Key: key, Source: s.Locs.Pos(adminAt),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrFirst: first}},
			engine.Resource{Kind: KindOrgConfig, Key: key, Source: s.Locs.Pos(Path),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrMembers: members, AttrScans: autoEnable}},
		)
		if in.Members == "" || in.Members == "all" {
			out = append(out, engine.Resource{Kind: KindMembers, Key: key, Source: s.Locs.Pos(Path),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrMembers: "ALL", AttrScans: scans, AttrAccounts: accounts}})
		}
	}
	return out
}

// Scans are the section's scan types, sorted as ScanTypes lists them;
// DefaultScans when it names none.
func Scans(in *Inspector) []string {
	if len(in.Scans) == 0 {
		return slices.Clone(DefaultScans)
	}
	var out []string
	for _, t := range ScanTypes {
		if slices.Contains(in.Scans, t) {
			out = append(out, t)
		}
	}
	return out
}
