package macie

import (
	"slices"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/services/regional"
)

// Kinds of Macie, one of each per governed region.
const (
	// KindAdmin is Macie's delegated administrator in a region, keyed
	// REGION/ACCOUNT-EMAIL: moving the administrator to another account is
	// a new one, made once the old one is gone everywhere.
	KindAdmin engine.Kind = "macie-admin"
	// KindOrgConfig is the organization configuration the administrator
	// keeps in a region (whether accounts that join are enrolled), keyed
	// like the administrator.
	KindOrgConfig engine.Kind = "macie-org-config"
	// KindMembers is the enrolment of the organization's existing accounts
	// in a region, keyed like the administrator: desired only with
	// members: all, never deleted (orgctl removes no member).
	KindMembers engine.Kind = "macie-members"
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
	// AttrMembers is, on the organization configuration, NEW (accounts
	// that join are enrolled) or NONE; on the members resource, ALL when
	// every active account but the administrator is enrolled, else how
	// many are ("37 of 120 accounts enrolled").
	AttrMembers = "members"
)

// Principal is Macie's service principal.
const Principal = "macie.amazonaws.com"

// Availability is where AWS offers Macie: every commercial and GovCloud
// Region but these (AWS General Reference, "Amazon Macie endpoints and
// quotas"; the isolated partitions and the European Sovereign Cloud are
// not listed there).
var Availability = regional.Availability{
	Service: "Amazon Macie",
	NotIn: []string{"ap-east-2", "ap-southeast-6", "me-west-1", "sa-west-1", "eusc-de-east-1",
		"us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "us-isob-west-1", "eu-isoe-west-1", "us-isof-east-1", "us-isof-south-1"},
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

// Members returns the ref of the enrolment of existing accounts by the
// administrator account (by its key) in region.
func Members(region, account string) engine.Ref {
	return engine.Ref{Kind: KindMembers, Key: region + "/" + account}
}

var kinds = []engine.KindInfo{
	regional.Admin{
		Kind: KindAdmin, Rank: 20, Principal: Principal, Availability: Availability, Section: "security.macie",
		NotManagement: "the management account should not be Macie's delegated administrator (AWS advises against it, and it must enable Macie itself first); name a member account (a security account) in security.admin",
	}.Info(),
	{
		Kind: KindOrgConfig, Rank: 21,
		Deps:     func(r engine.Resource) []engine.Ref { return []engine.Ref{admin(r)} },
		Refs:     map[string]engine.Kind{AttrAccount: orgs.KindAccount},
		KeyOf:    regional.KeyOf,
		GoesWith: func(r engine.Resource) []engine.Ref { return []engine.Ref{admin(r)} },
		Extra:    func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{Delete: true} },
		// No longer enrolling the accounts that join weakens coverage.
		Destructive: func(c *engine.Change) bool {
			return c.Action == engine.Update && weaker(c.Before.String(AttrMembers), c.After.String(AttrMembers))
		},
	},
	{
		Kind: KindMembers, Rank: 22,
		Deps: func(r engine.Resource) []engine.Ref {
			return []engine.Ref{OrgConfig(r.Attrs.String(AttrRegion), r.Attrs.String(AttrAccount))}
		},
		Refs:     map[string]engine.Kind{AttrAccount: orgs.KindAccount},
		KeyOf:    regional.KeyOf,
		GoesWith: func(r engine.Resource) []engine.Ref { return []engine.Ref{admin(r)} },
		// Members are never removed: members: new after all, or no
		// section, leaves them enrolled.
		Extra: func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{} },
	},
}

// admin is the administrator that keeps r.
func admin(r engine.Resource) engine.Ref {
	return Admin(r.Attrs.String(AttrRegion), r.Attrs.String(AttrAccount))
}

// levels are the organization configuration's members, weakest first.
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
