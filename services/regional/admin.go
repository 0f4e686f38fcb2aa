package regional

import (
	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// AttrFirst, with AttrRegion and AttrAccount, is an attribute of a
// regional administrator: the Region designated first. The others wait
// for it, since a service may take a while to see an administrator it
// knows in one Region as the organization's.
const AttrFirst = "first"

// Key is the key of a resource a regional administrator holds:
// "REGION/ACCOUNT".
func Key(region, account string) string { return region + "/" + account }

// KeyOf is Key of a resource's attributes.
func KeyOf(r engine.Resource) string {
	return Key(r.Attrs.String(AttrRegion), r.Attrs.String(AttrAccount))
}

// Admin describes a security service's delegated administrator, the same
// account designated in every governed Region from the management
// account: after the service's trusted access, the account and its
// registration with Organizations, the first Region before the others.
type Admin struct {
	Kind engine.Kind
	Rank int
	// Principal is the service principal the administrator is registered
	// for with Organizations.
	Principal string
	// Availability names the service and where AWS offers it.
	Availability Availability
	// Section is the spec's section, for the message about an
	// administrator the spec does not name: "security.macie".
	Section string
	// NotManagement says why the management account cannot be the
	// administrator, and what to name instead.
	NotManagement string
}

// Info is the administrator's kind. One administrator serves every
// Region, so moving it removes the old one everywhere first; without the
// section, an administrator is left alone and shown unmanaged.
func (a Admin) Info() engine.KindInfo {
	return engine.KindInfo{
		Kind: a.Kind, Rank: a.Rank,
		Deps: func(r engine.Resource) []engine.Ref {
			account := r.Attrs.String(AttrAccount)
			deps := []engine.Ref{
				{Kind: orgs.KindTrustedAccess, Key: a.Principal},
				orgs.Account(account),
				{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(a.Principal, account)},
			}
			if first := r.Attrs.String(AttrFirst); first != "" && first != r.Attrs.String(AttrRegion) {
				deps = append(deps, engine.Ref{Kind: a.Kind, Key: Key(first, account)})
			}
			return deps
		},
		Terse:  true,
		Hidden: []string{AttrFirst},
		Refs:   map[string]engine.Kind{AttrAccount: orgs.KindAccount},
		KeyOf:  KeyOf,
		Check: func(r engine.Resource, env *engine.CheckEnv) string {
			account := r.Attrs.String(AttrAccount)
			if m, ok := env.Live(orgs.Account(account)); ok && m.Attrs.Bool(orgs.AttrManagement) {
				return a.NotManagement
			}
			return Check(env, a.Availability.Service, r.Attrs.String(AttrRegion), Management(env), account)
		},
		Exclusive: func(x, y engine.Attrs) bool { return x.String(AttrAccount) != y.String(AttrAccount) },
		Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
			if env.DesiredAny(a.Kind, func(*engine.Resource) bool { return true }) {
				return engine.Extra{Delete: true}
			}
			return engine.Extra{Unmanaged: a.Availability.Service + " administrator not in the spec (no " + a.Section + "); orgctl leaves it alone"}
		},
		Destructive: func(c *engine.Change) bool { return c.Action == engine.Delete },
	}
}
