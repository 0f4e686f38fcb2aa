package regional

import (
	"slices"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// AttrMembers is, on an organization configuration, NEW (accounts that
// join are enrolled) or NONE; on a members resource, AllEnrolled when
// every active account but the administrator is enrolled, else how many
// are ("37 of 120 accounts enrolled").
const AttrMembers = "members"

// AllEnrolled is a members resource's value when every active account
// (but the administrator) is enrolled.
const AllEnrolled = "ALL"

// Enrolling is a service whose administrator enrols the organization's
// accounts (Macie, Detective): per governed Region its administrator,
// its organization configuration, and, with members: all, the enrolment
// of the accounts already there.
type Enrolling struct {
	Admin              Admin
	OrgConfig, Members engine.Kind
	// Path is the spec's section: "security.macie".
	Path string
}

// Kinds are the administrator's, the organization configuration's and
// the members' kinds.
func (e Enrolling) Kinds() []engine.KindInfo {
	admin := func(r engine.Resource) []engine.Ref { return []engine.Ref{{Kind: e.Admin.Kind, Key: KeyOf(r)}} }
	return []engine.KindInfo{
		e.Admin.Info(),
		{
			Kind: e.OrgConfig, Rank: e.Admin.Rank + 1,
			Deps:     admin,
			Refs:     map[string]engine.Kind{AttrAccount: orgs.KindAccount},
			KeyOf:    KeyOf,
			GoesWith: admin,
			Extra:    func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{Delete: true} },
			// No longer enrolling the accounts that join weakens coverage.
			Destructive: func(c *engine.Change) bool {
				return c.Action == engine.Update && weaker(c.Before.String(AttrMembers), c.After.String(AttrMembers))
			},
		},
		{
			Kind: e.Members, Rank: e.Admin.Rank + 2,
			Deps:     func(r engine.Resource) []engine.Ref { return []engine.Ref{{Kind: e.OrgConfig, Key: KeyOf(r)}} },
			Refs:     map[string]engine.Kind{AttrAccount: orgs.KindAccount},
			KeyOf:    KeyOf,
			GoesWith: admin,
			// Members are never removed: members: new after all, or no
			// section, leaves them enrolled.
			Extra: func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{} },
		},
	}
}

// Desired returns, for each governed Region, the administrator, its
// organization configuration and, with members all (or unset), the
// enrolment of the existing accounts; nothing without a security admin.
func (e Enrolling) Desired(s *spec.Spec, members string) []engine.Resource {
	admin := s.SecurityAdmin()
	if admin == nil {
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
	if members == "none" {
		membersOf = "NONE"
	}
	// The service registers its administrator with Organizations, and
	// removing it may leave that registration: the spec's is explicit, so
	// that moving the administrator deregisters the old account, after the
	// service is done with it and before the new one is designated.
	email := orgs.AccountKey(admin.Email)
	principal := e.Admin.Principal
	out := []engine.Resource{{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(principal, email),
		Attrs: engine.Attrs{orgs.AttrPrincipal: principal, orgs.AttrAccount: email}}}
	for _, region := range regions {
		key := Key(region, email)
		out = append(out,
			engine.Resource{Kind: e.Admin.Kind, Key: key, Source: s.Locs.Pos("security.admin"),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrFirst: first}},
			engine.Resource{Kind: e.OrgConfig, Key: key, Source: s.Locs.Pos(e.Path),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrMembers: membersOf}},
		)
		if members == "" || members == "all" {
			out = append(out, engine.Resource{Kind: e.Members, Key: key, Source: s.Locs.Pos(e.Path),
				Attrs: engine.Attrs{AttrRegion: region, AttrAccount: email, AttrMembers: AllEnrolled}})
		}
	}
	return out
}

// levels are an organization configuration's members, weakest first.
var levels = []string{"NONE", "NEW"}

func weaker(from, to string) bool {
	return slices.Index(levels, orNone(to)) < slices.Index(levels, orNone(from))
}

func orNone(s string) string {
	if s == "" {
		return "NONE"
	}
	return s
}
