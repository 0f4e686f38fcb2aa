package fms

import (
	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/services/regional"
)

// KindAdmin is Firewall Manager's default administrator, keyed by the
// account's key (email): there is one for the organization, and moving
// it is a new one, associated once the old one is gone.
const KindAdmin engine.Kind = "fms-admin"

// Attributes of the administrator.
const (
	// AttrAccount is the administrator: its account's key (email), which
	// the provider reports as the account ID.
	AttrAccount = "account"
	// AttrRegion is where Firewall Manager associates it: us-east-1.
	AttrRegion = "region"
)

// Principal is Firewall Manager's service principal.
const Principal = "fms.amazonaws.com"

// Region is the one Region where Firewall Manager's default administrator
// is associated and read (the Firewall Manager API reference and
// developer guide: the administrator is set in US East (N. Virginia)).
const Region = "us-east-1"

// Availability is where the association is made.
var Availability = regional.Availability{Service: "AWS Firewall Manager's administrator association", Only: []string{Region}}

// Admin returns the ref of the administrator account (by its key).
func Admin(account string) engine.Ref { return engine.Ref{Kind: KindAdmin, Key: account} }

var kinds = []engine.KindInfo{{
	Kind: KindAdmin, Rank: 20,
	Deps: func(r engine.Resource) []engine.Ref {
		account := r.Attrs.String(AttrAccount)
		return []engine.Ref{
			{Kind: orgs.KindTrustedAccess, Key: Principal},
			orgs.Account(account),
			{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(Principal, account)},
		}
	},
	Terse: true,
	Refs:  map[string]engine.Kind{AttrAccount: orgs.KindAccount},
	KeyOf: func(r engine.Resource) string { return Admin(r.Attrs.String(AttrAccount)).Key },
	Check: func(r engine.Resource, env *engine.CheckEnv) string {
		account := r.Attrs.String(AttrAccount)
		if a, ok := env.Live(orgs.Account(account)); ok && a.Attrs.Bool(orgs.AttrManagement) {
			return "the management account cannot be Firewall Manager's administrator; name a member account (a security account) in security.admin"
		}
		return regional.Check(env, Availability.Service, Region, managementKey(env), account)
	},
	// Firewall Manager has one default administrator: moving it removes
	// the old one first.
	Exclusive: func(a, b engine.Attrs) bool { return a.String(AttrAccount) != b.String(AttrAccount) },
	// With security.firewallManager in the spec, the administrator is the
	// spec's; without, it is not read.
	Extra:       func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{Delete: true} },
	Destructive: func(c *engine.Change) bool { return c.Action == engine.Delete },
}}

// managementKey is the management account's key, when orgctl read it.
func managementKey(env *engine.CheckEnv) string {
	return env.Memo("management-account", func() any {
		key := ""
		env.EachLive(func(r *engine.Resource) {
			if r.Kind == orgs.KindAccount && r.Attrs.Bool(orgs.AttrManagement) {
				key = r.Key
			}
		})
		return key
	}).(string)
}
