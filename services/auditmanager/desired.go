package auditmanager

import (
	"slices"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// Desired returns, for each governed region, Audit Manager's
// administrator and its own registration, when the spec has the section.
func Desired(s *spec.Spec) []engine.Resource {
	am := spec.SectionOf[AuditManager](s, Path)
	if am == nil {
		return nil
	}
	adminAt, admin := "security.admin", s.SecurityAdmin()
	if am.Admin != "" {
		adminAt = Path + ".admin"
		admin, _ = s.Account(am.Admin)
	}
	if admin == nil {
		return nil
	}
	regions := s.GovernedRegions()
	first := regions[0]
	if slices.Contains(regions, s.Home()) {
		first = s.Home() // the home region leads, when governed
	}
	// Audit Manager registers its administrator with Organizations; the
	// spec's registration is explicit, so that moving the administrator
	// deregisters the old account before the new one is designated.
	email := orgs.AccountKey(admin.Email)
	out := []engine.Resource{{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(Principal, email),
		Attrs: engine.Attrs{orgs.AttrPrincipal: Principal, orgs.AttrAccount: email}}}
	for _, region := range regions {
		key := region + "/" + email
		out = append(out,
			engine.Resource{Kind: KindAdmin, Key: key, Source: s.Locs.Pos(adminAt),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrFirst: first}},
			engine.Resource{Kind: KindAccount, Key: key, Source: s.Locs.Pos(Path),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrStatus: "ACTIVE"}},
		)
	}
	return out
}
