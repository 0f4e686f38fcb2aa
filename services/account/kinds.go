package account

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/services/regional"
)

// Name is the service's name in the engine's catalogue.
const Name = "account"

func init() {
	// Read whatever the spec asks (no resource of the spec is a Region's
	// status), the provider deciding what is worth a call: nothing when
	// no governed Region is opt-in.
	engine.Register(engine.Service{Name: Name, Kinds: kinds, Always: true})
}

var kinds = []engine.KindInfo{{
	Kind: regional.KindRegion, Rank: 1, Terse: true,
	ReadOnly: []string{regional.AttrStatus},
	Refs:     map[string]engine.Kind{regional.AttrAccount: orgs.KindAccount},
	KeyOf: func(r engine.Resource) string {
		return regional.Region(r.Attrs.String(regional.AttrAccount), r.Attrs.String(regional.AttrRegion)).Key
	},
	// A Region's status is never the spec's: neither drift nor deleted.
	Extra: func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{} },
}}

// Caller returns the account (by key) that a regional service's desired
// resource r is configured by, and the opt-in Region it is configured
// in: a resource with a region attribute naming an opt-in Region and an
// account attribute, as regional services write them (GuardDuty's
// administrator and organization configuration). ok is false for any
// other resource.
func Caller(r *engine.Resource) (account, region string, ok bool) {
	account, region = r.Attrs.String(regional.AttrAccount), r.Attrs.String(regional.AttrRegion)
	if account == "" || region == "" {
		return "", "", false
	}
	if f, known := facts.LookupRegion(region); !known || !f.OptIn {
		return "", "", false
	}
	return account, region, true
}
