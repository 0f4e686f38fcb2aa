package fms

import (
	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// Path is the section's place in org.yaml.
const Path = "security.firewallManager"

// Desired returns Firewall Manager's administrator and its registration
// with Organizations, when the spec has the section.
func Desired(s *spec.Spec) []engine.Resource {
	f := spec.SectionOf[FirewallManager](s, Path)
	if f == nil {
		return nil
	}
	admin, at := s.SecurityAdmin(), "security.admin"
	if f.Admin != "" {
		admin, _ = s.Account(f.Admin)
		at = Path + ".admin"
	}
	if admin == nil {
		return nil
	}
	// Firewall Manager registers its administrator with Organizations; the
	// spec's registration is explicit, so that moving the administrator
	// deregisters the old account, after Firewall Manager is done with it.
	email := orgs.AccountKey(admin.Email)
	return []engine.Resource{
		{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(Principal, email),
			Attrs: engine.Attrs{orgs.AttrPrincipal: Principal, orgs.AttrAccount: email}},
		{Kind: KindAdmin, Key: Admin(email).Key, Source: s.Locs.Pos(at),
			Attrs: engine.Attrs{AttrAccount: email, AttrRegion: Region}},
	}
}
