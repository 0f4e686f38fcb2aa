package inspector

import (
	"slices"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/services/regional"
)

// Kinds of Inspector, one of each per governed region.
const (
	// KindAdmin is Inspector's delegated administrator in a region, keyed
	// REGION/ACCOUNT-EMAIL: moving the administrator to another account is
	// a new one, made once the old one is gone everywhere.
	KindAdmin engine.Kind = "inspector-admin"
	// KindOrgConfig is the organization configuration the administrator
	// keeps in a region (the scan types accounts that join later get),
	// keyed like the administrator.
	KindOrgConfig engine.Kind = "inspector-org-config"
	// KindMembers is the enrolment of the accounts already in the
	// organization as the administrator's members, with the spec's scan
	// types, keyed like the administrator: desired only with members: all.
	KindMembers engine.Kind = "inspector-members"
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
	// AttrMembers is, on the organization configuration, NEW (accounts
	// that join later are enrolled: Inspector's configuration covers no
	// others) or NONE; on the members, ALL or how many of the active
	// accounts are enrolled.
	AttrMembers = "members"
	// AttrAccounts are the keys of the spec's open accounts (members:
	// desired only): enrolment runs once they all exist.
	AttrAccounts = "accounts"
	// AttrScans are the scan types auto-enabled (organization
	// configuration) or enabled in members (members: desired only, it
	// tells apply what to enable), sorted.
	AttrScans = "scans"
)

// Path is the section's place in org.yaml.
const Path = "security.inspector"

// Principal is Inspector's service principal.
const Principal = "inspector2.amazonaws.com"

// ScanTypes are Inspector's resource scan types, as its API names them.
var ScanTypes = []string{"EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"}

// DefaultScans are the scan types of a section that names none.
var DefaultScans = []string{"EC2", "ECR", "LAMBDA"}

// Admin returns the ref of the administrator account (by its key) in region.
func Admin(region, account string) engine.Ref {
	return engine.Ref{Kind: KindAdmin, Key: region + "/" + account}
}

// OrgConfig returns the ref of the organization configuration account
// (by its key) keeps in region.
func OrgConfig(region, account string) engine.Ref {
	return engine.Ref{Kind: KindOrgConfig, Key: region + "/" + account}
}

// Members returns the ref of the members of account (by its key) in region.
func Members(region, account string) engine.Ref {
	return engine.Ref{Kind: KindMembers, Key: region + "/" + account}
}

var kinds = []engine.KindInfo{
	regional.Admin{
		Kind: KindAdmin, Rank: 20, Principal: Principal, Availability: Availability, Section: "security.inspector",
		NotManagement: "the management account cannot be Amazon Inspector's delegated administrator; name a member account (a security account) in security.admin",
	}.Info(),
	{
		Kind: KindOrgConfig, Rank: 21,
		Deps:  func(r engine.Resource) []engine.Ref { return []engine.Ref{admin(r)} },
		Refs:  map[string]engine.Kind{AttrAccount: orgs.KindAccount},
		KeyOf: regional.KeyOf,
		// One the spec does not ask for is an old administrator's: it goes
		// with that administrator.
		GoesWith: func(r engine.Resource) []engine.Ref { return []engine.Ref{admin(r)} },
		Extra:    func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{Delete: true} },
		// Turning a scan type off, or enrolling no new accounts, weakens
		// the organization's defences.
		Destructive: func(c *engine.Change) bool {
			return c.Action == engine.Update && (c.Before.String(AttrMembers) == "NEW" && c.After.String(AttrMembers) != "NEW" ||
				fewer(c.Before.Strings(AttrScans), c.After.Strings(AttrScans)))
		},
	},
	{
		Kind: KindMembers, Rank: 22,
		// Enrolment runs once the spec's accounts all exist.
		Deps: func(r engine.Resource) []engine.Ref {
			deps := []engine.Ref{OrgConfig(r.Attrs.String(AttrRegion), r.Attrs.String(AttrAccount))}
			for _, a := range r.Attrs.Strings(AttrAccounts) {
				deps = append(deps, orgs.Account(a))
			}
			return deps
		},
		Refs:   map[string]engine.Kind{AttrAccount: orgs.KindAccount},
		KeyOf:  regional.KeyOf,
		Hidden: []string{AttrScans, AttrAccounts},
		// Members are never removed by orgctl: members: new after all
		// leaves those enrolled, and moving the administrator leaves its
		// old members to Inspector.
		Extra: func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{} },
	},
}

// admin is the administrator that keeps r.
func admin(r engine.Resource) engine.Ref {
	return Admin(r.Attrs.String(AttrRegion), r.Attrs.String(AttrAccount))
}

// fewer reports whether after lacks a scan type before has.
func fewer(before, after []string) bool {
	for _, s := range before {
		if !slices.Contains(after, s) {
			return true
		}
	}
	return false
}
