package auditmanager

import (
	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/services/regional"
)

// Kinds of Audit Manager, one of each per governed region.
const (
	// KindAdmin is Audit Manager's delegated administrator in a region,
	// keyed REGION/ACCOUNT-EMAIL: moving it to another account is a new
	// one, made once the old one is gone everywhere.
	KindAdmin engine.Kind = "auditmanager-admin"
	// KindAccount is Audit Manager registered (enabled) in the
	// administrator's own account in a region, keyed like the
	// administrator: Audit Manager works from there only once it is.
	KindAccount engine.Kind = "auditmanager-account"
)

// Attributes.
const (
	// AttrRegion is the region of an administrator.
	AttrRegion = "region"
	// AttrAccount is the administrator: its account's key (email), which
	// the provider reports as the account ID.
	AttrAccount = "account"
	// AttrFirst is the region designated before the others (desired only).
	AttrFirst = "first"
	// AttrStatus is Audit Manager's status in the account: ACTIVE, or
	// PENDING_ACTIVATION on the way.
	AttrStatus = "status"
)

// Path is the section's place in org.yaml.
const Path = "security.auditManager"

// Principal is Audit Manager's service principal.
const Principal = "auditmanager.amazonaws.com"

// Admin returns the ref of the administrator account (by its key) in region.
func Admin(region, account string) engine.Ref {
	return engine.Ref{Kind: KindAdmin, Key: region + "/" + account}
}

// Account returns the ref of Audit Manager's registration in the
// administrator account (by its key) in region.
func Account(region, account string) engine.Ref {
	return engine.Ref{Kind: KindAccount, Key: region + "/" + account}
}

var kinds = []engine.KindInfo{
	regional.Admin{
		Kind: KindAdmin, Rank: 20, Principal: Principal, Availability: Availability, Section: "security.auditManager",
		NotManagement: "the management account cannot be AWS Audit Manager's delegated administrator; name a member account (a security account) in security.admin",
	}.Info(),
	{
		Kind: KindAccount, Rank: 21,
		Deps:  func(r engine.Resource) []engine.Ref { return []engine.Ref{admin(r)} },
		Refs:  map[string]engine.Kind{AttrAccount: orgs.KindAccount},
		KeyOf: regional.KeyOf,
		// An old administrator's registration is its own business: it is
		// left in that account when the administrator moves.
		GoesWith: func(r engine.Resource) []engine.Ref { return []engine.Ref{admin(r)} },
		Extra:    func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{Delete: true} },
	},
}

func admin(r engine.Resource) engine.Ref {
	return Admin(r.Attrs.String(AttrRegion), r.Attrs.String(AttrAccount))
}
