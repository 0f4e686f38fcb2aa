package securityhub

import (
	"fmt"
	"slices"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/services/regional"
)

// Kinds of Security Hub.
const (
	// KindAdmin is Security Hub's delegated administrator in a region,
	// keyed REGION/ACCOUNT-EMAIL: moving it to another account is a new
	// one, made once the old one is gone everywhere.
	KindAdmin engine.Kind = "securityhub-admin"
	// KindAggregator is the administrator's finding aggregator, keyed
	// REGION/ACCOUNT-EMAIL by the aggregation Region.
	KindAggregator engine.Kind = "securityhub-aggregator"
	// KindOrgConfig is the organization configuration in the aggregation
	// Region, keyed REGION/ACCOUNT-EMAIL; the spec's is CENTRAL.
	KindOrgConfig engine.Kind = "securityhub-org-config"
	// KindPolicy is a configuration policy, keyed by its name.
	KindPolicy engine.Kind = "securityhub-policy"
	// KindAssociation is the configuration policy a target applies, keyed
	// by the target: root, ou:PATH or account:EMAIL.
	KindAssociation engine.Kind = "securityhub-association"
)

// Attributes.
const (
	// AttrRegion is the region of an administrator, or the aggregation
	// Region (where policies and associations are written).
	AttrRegion = "region"
	// AttrAccount is the administrator: its account's key (email), which
	// the provider reports as the account ID.
	AttrAccount = "account"
	// AttrFirst is the region designated before the others (desired only).
	AttrFirst = "first"
	// AttrLinkingMode is the aggregator's RegionLinkingMode: ALL_REGIONS,
	// SPECIFIED_REGIONS or NO_REGIONS (or what AWS reports otherwise).
	AttrLinkingMode = "linkingMode"
	// AttrRegions are the linked Regions, sorted.
	AttrRegions = "regions"
	// AttrConfigurationType is CENTRAL or LOCAL.
	AttrConfigurationType = "configurationType"
	// AttrDescription is a policy's description.
	AttrDescription = "description"
	// AttrStandards are a policy's standards by name, sorted.
	AttrStandards = "standards"
	// AttrDisabledControls are the controls a policy turns off, sorted.
	AttrDisabledControls = "disabledControls"
	// AttrEnabledControls are the only controls a policy turns on, when it
	// was written that way outside orgctl (never desired).
	AttrEnabledControls = "enabledControls"
	// AttrParameters maps CONTROL/PARAMETER to the JSON of its value.
	AttrParameters = "parameters"
	// AttrServiceEnabled is whether a policy enables Security Hub.
	AttrServiceEnabled = "serviceEnabled"
	// AttrPolicy is the policy an association applies, by name (reported
	// as the policy's ID, or SELF_MANAGED_SECURITY_HUB).
	AttrPolicy = "policy"
	// AttrStatus is an association's status: SUCCESS, PENDING or FAILED.
	AttrStatus = "status"
	// AttrRoot, AttrOU and AttrTargetAccount hold a live association's
	// target, by AWS ID, for the engine to make the spec's keys of.
	AttrRoot          = "rootTarget"
	AttrOU            = "ouTarget"
	AttrTargetAccount = "accountTarget"
)

// Principal is Security Hub's service principal.
const Principal = "securityhub.amazonaws.com"

// SelfManaged is the configuration of a target Security Hub leaves to the
// account itself.
const SelfManaged = "SELF_MANAGED_SECURITY_HUB"

// Admin returns the ref of the administrator account (by its key) in region.
func Admin(region, account string) engine.Ref {
	return engine.Ref{Kind: KindAdmin, Key: region + "/" + account}
}

// Aggregator returns the ref of account's finding aggregator in region.
func Aggregator(region, account string) engine.Ref {
	return engine.Ref{Kind: KindAggregator, Key: region + "/" + account}
}

// OrgConfig returns the ref of the organization configuration account
// keeps in region.
func OrgConfig(region, account string) engine.Ref {
	return engine.Ref{Kind: KindOrgConfig, Key: region + "/" + account}
}

// PolicyRef returns the ref of the configuration policy named name.
func PolicyRef(name string) engine.Ref { return engine.Ref{Kind: KindPolicy, Key: name} }

// Association returns the ref of target's association.
func Association(target string) engine.Ref { return engine.Ref{Kind: KindAssociation, Key: target} }

// at returns the ref of the kind in r's region and account.
func at(k engine.Kind, r engine.Resource) engine.Ref {
	return engine.Ref{Kind: k, Key: r.Attrs.String(AttrRegion) + "/" + r.Attrs.String(AttrAccount)}
}

func keyOf(r engine.Resource) string {
	return r.Attrs.String(AttrRegion) + "/" + r.Attrs.String(AttrAccount)
}

func isDelete(c *engine.Change) bool { return c.Action == engine.Delete }

// central is the organization configuration policies and associations
// need: the administrator's, CENTRAL, in the aggregation Region.
func central(r engine.Resource) engine.Ref { return at(KindOrgConfig, r) }

var kinds = []engine.KindInfo{
	regional.Admin{
		Kind: KindAdmin, Rank: 22, Principal: Principal, Availability: Availability, Section: "security.securityHub",
		NotManagement: "the management account cannot be Security Hub's delegated administrator; name a member account (a security account) in security.admin",
	}.Info(),
	{
		Kind: KindAggregator, Rank: 23,
		Deps:  func(r engine.Resource) []engine.Ref { return []engine.Ref{at(KindAdmin, r)} },
		Refs:  map[string]engine.Kind{AttrAccount: orgs.KindAccount},
		KeyOf: keyOf,
		// One aggregator an account: moving it to another Region deletes
		// the old one first.
		// Not one that goes with its administrator: AWS keeps both while
		// central configuration is on, so each is removed first.
		Exclusive: func(a, b engine.Attrs) bool { return true },
		Extra:     func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{Delete: true} },
		// Linking fewer Regions hides their findings from the security
		// account.
		Destructive: func(c *engine.Change) bool {
			if c.Action != engine.Update {
				return c.Action == engine.Delete
			}
			if c.Before.String(AttrLinkingMode) == "ALL_REGIONS" {
				return c.After.String(AttrLinkingMode) != "ALL_REGIONS"
			}
			for _, r := range c.Before.Strings(AttrRegions) {
				if c.After.String(AttrLinkingMode) != "ALL_REGIONS" && !slices.Contains(c.After.Strings(AttrRegions), r) {
					return true
				}
			}
			return false
		},
	},
	{
		Kind: KindOrgConfig, Rank: 24,
		Deps:     func(r engine.Resource) []engine.Ref { return []engine.Ref{at(KindAdmin, r), at(KindAggregator, r)} },
		Refs:     map[string]engine.Kind{AttrAccount: orgs.KindAccount},
		KeyOf:    keyOf,
		ReadOnly: []string{AttrStatus},
		// CENTRAL is the organization's, in one Region: moving it goes
		// back to LOCAL in the old Region first.
		Exclusive: func(a, b engine.Attrs) bool { return true },
		Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
			if r.Attrs.String(AttrConfigurationType) != "CENTRAL" {
				return engine.Extra{} // LOCAL is where an administrator starts
			}
			return engine.Extra{Delete: true}
		},
		// Going back to LOCAL drops every policy and association.
		Destructive: func(c *engine.Change) bool {
			return c.Action == engine.Delete || c.Action == engine.Update && c.After.String(AttrConfigurationType) != "CENTRAL"
		},
	},
	{
		Kind: KindPolicy, Rank: 25,
		Deps: func(r engine.Resource) []engine.Ref { return []engine.Ref{central(r)} },
		// A policy is its administrator's, in the aggregation Region:
		// moving either with policies in place is not planned.
		Check: func(r engine.Resource, env *engine.CheckEnv) string {
			l, ok := env.Live(r.Ref())
			if !ok || at(KindOrgConfig, *l) == central(r) {
				return ""
			}
			return fmt.Sprintf("configuration policy %s is kept by %s in %s; to move Security Hub's administrator or aggregation Region, first apply the spec with no policies (they and their associations are deleted, with --allow-destroy), then move it, then add the policies back",
				r.Key, l.Attrs.String(AttrAccount), l.Attrs.String(AttrRegion))
		},
		Hidden: []string{AttrRegion, AttrAccount},
		Refs:   map[string]engine.Kind{AttrAccount: orgs.KindAccount},
		Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
			switch {
			case r.Managed && env.Prune:
				return engine.Extra{Delete: true}
			case r.Managed:
				return engine.Extra{Unmanaged: "configuration policy created by orgctl but no longer in the spec; settings.prune is false"}
			case r.Attrs.String(engine.AttrOwner) != "":
				return engine.Extra{Unmanaged: "configuration policy not in the spec, of " + r.Attrs.String(engine.AttrOwner) + "; orgctl leaves it alone", Owner: r.Attrs.String(engine.AttrOwner)}
			}
			return engine.Extra{Unmanaged: "configuration policy not in the spec; orgctl leaves it alone"}
		},
		// Fewer standards, or more controls off, weaken every target.
		Destructive: func(c *engine.Change) bool {
			if c.Action != engine.Update {
				return c.Action == engine.Delete
			}
			if c.Before.Bool(AttrServiceEnabled) && !c.After.Bool(AttrServiceEnabled) {
				return true
			}
			for _, s := range c.Before.Strings(AttrStandards) {
				if !slices.Contains(c.After.Strings(AttrStandards), s) {
					return true
				}
			}
			for _, ctl := range c.After.Strings(AttrDisabledControls) {
				if !slices.Contains(c.Before.Strings(AttrDisabledControls), ctl) {
					return true
				}
			}
			return false
		},
	},
	{
		Kind: KindAssociation, Rank: 26,
		Deps: func(r engine.Resource) []engine.Ref {
			return []engine.Ref{PolicyRef(r.Attrs.String(AttrPolicy)), orgs.TargetRef(r.Key), central(r)}
		},
		Hidden:   []string{AttrRegion, AttrAccount},
		ReadOnly: []string{AttrRoot, AttrOU, AttrTargetAccount},
		Refs: map[string]engine.Kind{AttrAccount: orgs.KindAccount, AttrPolicy: KindPolicy, AttrRoot: orgs.KindOrganization,
			AttrOU: orgs.KindOU, AttrTargetAccount: orgs.KindAccount},
		KeyOf: func(r engine.Resource) string {
			switch {
			case r.Attrs.String(AttrRoot) != "":
				return orgs.TargetRoot
			case r.Attrs.String(AttrOU) != "":
				return orgs.OUTarget(r.Attrs.String(AttrOU))
			case r.Attrs.String(AttrTargetAccount) != "":
				return orgs.AccountTarget(r.Attrs.String(AttrTargetAccount))
			}
			return r.Key
		},
		// A target of the spec applies the spec's policy; one the spec
		// does not name keeps its association, unless orgctl's policy it
		// applies is orgctl's to take back.
		Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
			if p, ok := env.Live(PolicyRef(r.Attrs.String(AttrPolicy))); ok && p.Managed {
				return engine.Extra{Delete: true}
			}
			return engine.Extra{Unmanaged: "Security Hub configuration of a target the spec does not name; orgctl leaves it alone"}
		},
		Destructive: isDelete,
	},
}
