package fmspolicies

import (
	"slices"
	"strings"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	fm "github.com/orgctl/orgctl/services/fms"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/services/regional"
)

// KindPolicy is a Firewall Manager policy in one region, keyed
// REGION/NAME.
const KindPolicy engine.Kind = "fms-policy"

// Attributes of a policy.
const (
	// AttrAccount is Firewall Manager's administrator, which makes the
	// policy: its account's key (email), reported as the account's ID.
	AttrAccount = "account"
	// AttrRegion is where the policy is.
	AttrRegion        = "region"
	AttrType          = "type"
	AttrDescription   = "description"
	AttrResourceTypes = "resourceTypes"
	AttrData          = "managedServiceData"
	// AttrSend is the managed service data as the spec writes it, which
	// is what is sent: the normal form leaves out what AWS requires even
	// when empty (a WAFv2 policy's postProcessRuleGroups: []).
	AttrSend                = "managedServiceDataSent"
	AttrRemediation         = "remediation"
	AttrDeleteUnused        = "deleteUnusedResources"
	AttrIncludeOUs          = "includeOUs"
	AttrIncludeAccounts     = "includeAccounts"
	AttrExcludeOUs          = "excludeOUs"
	AttrExcludeAccounts     = "excludeAccounts"
	AttrResourceTags        = "resourceTags"
	AttrExcludeResourceTags = "excludeResourceTags"
	// AttrDeleteResources is the spec's deleteResourcesOnDelete, which
	// orgctl keeps on the policy as the tag DeleteResourcesTag.
	AttrDeleteResources = "deleteResourcesOnDelete"
)

// DeleteResourcesTag is the tag that records deleteResourcesOnDelete on
// a policy, "true" when set.
const DeleteResourcesTag = "orgctl:delete-resources-on-delete"

// Key is a policy's key in region.
func Key(region, name string) string { return region + "/" + name }

// SplitKey returns the region and name of a policy's key.
func SplitKey(key string) (region, name string) {
	region, name, _ = strings.Cut(key, "/")
	return region, name
}

// PolicyRef is the ref of the policy name in region.
func PolicyRef(region, name string) engine.Ref {
	return engine.Ref{Kind: KindPolicy, Key: Key(region, name)}
}

var kinds = []engine.KindInfo{{
	// A spec with firewallPolicies, even an empty list (which deletes
	// orgctl's policies), reads them.
	Kind: KindPolicy, Rank: 28, Section: Path,
	// The administrator makes the policy; the OUs and accounts it names
	// must exist for their IDs to be sent.
	Deps: func(r engine.Resource) []engine.Ref {
		deps := []engine.Ref{fm.Admin(r.Attrs.String(AttrAccount))}
		for _, attr := range []string{AttrIncludeOUs, AttrExcludeOUs} {
			for _, p := range r.Attrs.Strings(attr) {
				deps = append(deps, orgs.OU(p))
			}
		}
		for _, attr := range []string{AttrIncludeAccounts, AttrExcludeAccounts} {
			for _, a := range r.Attrs.Strings(attr) {
				deps = append(deps, orgs.Account(a))
			}
		}
		return deps
	},
	// The administrator's calls in an opt-in Region need it enabled there.
	Check: func(r engine.Resource, env *engine.CheckEnv) string {
		return regional.Check(env, "AWS Firewall Manager's policies", r.Attrs.String(AttrRegion), r.Attrs.String(AttrAccount))
	},
	Documents: []string{AttrData},
	// Firewall Manager does not change a policy's type.
	CreateOnly: []string{AttrType},
	Hidden:     []string{AttrAccount, AttrRegion, AttrSend},
	Refs:       map[string]engine.Kind{AttrAccount: orgs.KindAccount},
	Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
		owner := r.Attrs.String(engine.AttrOwner)
		switch {
		case r.Managed && env.Prune:
			return engine.Extra{Delete: true}
		case r.Managed:
			return engine.Extra{Unmanaged: "Firewall Manager policy created by orgctl but no longer in the spec; settings.prune is false"}
		case owner != "":
			return engine.Extra{Owner: owner, Unmanaged: "Firewall Manager policy not in the spec and tagged " + facts.ManagedTagKey + "=" + owner + ": another tool manages it; orgctl leaves it alone"}
		}
		return engine.Extra{Unmanaged: "Firewall Manager policy not in the spec and not tagged " + facts.ManagedTagKey + "=" + facts.ManagedTagValue + "; orgctl leaves it alone"}
	},
	Destructive: destructive,
}}

// destructive: deleting a policy, turning remediation off, or narrowing
// the accounts it covers weakens the organization's firewalls.
func destructive(c *engine.Change) bool {
	switch c.Action {
	case engine.Delete:
		return true
	case engine.Update:
	default:
		return false
	}
	if c.Before.Bool(AttrRemediation) && !c.After.Bool(AttrRemediation) {
		return true
	}
	narrowed := func(attr string, grows bool) bool {
		before, after := c.Before.Strings(attr), c.After.Strings(attr)
		if grows {
			before, after = after, before
		}
		for _, x := range before {
			if !slices.Contains(after, x) {
				return true
			}
		}
		return false
	}
	includeBefore := len(c.Before.Strings(AttrIncludeOUs))+len(c.Before.Strings(AttrIncludeAccounts)) > 0
	includeAfter := len(c.After.Strings(AttrIncludeOUs))+len(c.After.Strings(AttrIncludeAccounts)) > 0
	return !includeBefore && includeAfter ||
		includeBefore && includeAfter && (narrowed(AttrIncludeOUs, false) || narrowed(AttrIncludeAccounts, false)) ||
		narrowed(AttrExcludeOUs, true) || narrowed(AttrExcludeAccounts, true)
}
