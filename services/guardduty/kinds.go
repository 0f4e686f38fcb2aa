package guardduty

import (
	"slices"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/services/regional"
)

// Kinds of GuardDuty, one of each per governed region.
const (
	// KindAdmin is GuardDuty's delegated administrator in a region, keyed
	// REGION/ACCOUNT-EMAIL: moving the administrator to another account is
	// a new one, made once the old one is gone everywhere.
	KindAdmin engine.Kind = "guardduty-admin"
	// KindOrgConfig is the organization configuration the administrator
	// keeps in a region, keyed like the administrator: a new
	// administrator writes its own, and the old one's goes with it.
	KindOrgConfig engine.Kind = "guardduty-org-config"
)

// Attributes.
const (
	// AttrRegion is the region of an administrator.
	AttrRegion = "region"
	// AttrAccount is the administrator: its account's key (email), which
	// the provider reports as the account ID.
	AttrAccount = "account"
	// AttrFirst is the region designated before the others (desired
	// only: AWS fails designations made in many regions at once).
	AttrFirst = "first"
	// AttrMembers is which accounts are enrolled: ALL, NEW or NONE.
	AttrMembers = "members"
	// AttrFeatures maps each protection plan that is not NONE to ALL or NEW.
	AttrFeatures = "features"
)

// Principal is GuardDuty's service principal.
const Principal = "guardduty.amazonaws.com"

// Auto-enable levels, as AWS writes them, weakest first.
var levels = []string{"NONE", "NEW", "ALL"}

// Features are the protection plans the organization configuration sets.
var Features = []string{
	"S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS",
	"EKS_RUNTIME_MONITORING", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING", "AI_PROTECTION",
}

// Admin returns the ref of the administrator account (by its key) in region.
func Admin(region, account string) engine.Ref {
	return engine.Ref{Kind: KindAdmin, Key: region + "/" + account}
}

// OrgConfig returns the ref of the organization configuration account
// (by its key) keeps in region.
func OrgConfig(region, account string) engine.Ref {
	return engine.Ref{Kind: KindOrgConfig, Key: region + "/" + account}
}

var kinds = []engine.KindInfo{
	regional.Admin{
		Kind: KindAdmin, Rank: 20, Principal: Principal, Availability: regional.Availability{Service: "GuardDuty"}, Section: "security.guardDuty",
		NotManagement: "the management account cannot be GuardDuty's delegated administrator; name a member account (a security account) in security.admin",
	}.Info(),
	{
		Kind: KindOrgConfig, Rank: 21,
		Deps: func(r engine.Resource) []engine.Ref { return []engine.Ref{admin(r)} },
		Refs: map[string]engine.Kind{AttrAccount: orgs.KindAccount},
		KeyOf: func(r engine.Resource) string {
			return OrgConfig(r.Attrs.String(AttrRegion), r.Attrs.String(AttrAccount)).Key
		},
		// One the spec does not ask for is an old administrator's: it goes
		// with that administrator.
		GoesWith: func(r engine.Resource) []engine.Ref { return []engine.Ref{admin(r)} },
		Extra:    func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{Delete: true} },
		// Enrolling fewer accounts or turning a plan down weakens the
		// organization's defences.
		Destructive: func(c *engine.Change) bool {
			if c.Action != engine.Update {
				return false
			}
			if weaker(c.Before.String(AttrMembers), c.After.String(AttrMembers)) {
				return true
			}
			before, after := c.Before.Map(AttrFeatures), c.After.Map(AttrFeatures)
			for f, b := range before {
				if weaker(b, after[f]) {
					return true
				}
			}
			return false
		},
	},
}

// admin is the administrator that keeps the organization configuration r.
func admin(r engine.Resource) engine.Ref {
	return Admin(r.Attrs.String(AttrRegion), r.Attrs.String(AttrAccount))
}

// weaker reports whether auto-enable level to is below from.
func weaker(from, to string) bool {
	return slices.Index(levels, level(to)) < slices.Index(levels, level(from))
}

func level(s string) string {
	if s == "" {
		return "NONE"
	}
	return s
}
