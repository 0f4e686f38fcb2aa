package config

import (
	"slices"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/services/regional"
)

// KindAggregator is an organization aggregator, keyed
// REGION/ACCOUNT/NAME (the administrator account's key): one the spec
// names, in the home region of the administrator account.
const KindAggregator engine.Kind = "config-aggregator"

// Attributes of an aggregator, besides engine.AttrID (its ARN).
const (
	// AttrRegion is where the aggregator is (the home region).
	AttrRegion = "region"
	// AttrAccount is the administrator account that holds it: its key
	// (email), which the provider reports as the account ID.
	AttrAccount = "account"
	// AttrName is the aggregator's name.
	AttrName = "name"
	// AttrRole is the role AWS Config assumes, by name (with its path)
	// when it is in the administrator account, else by its full ARN.
	AttrRole = "role"
	// AttrAllRegions is set when it collects from every Region.
	AttrAllRegions = "allRegions"
	// AttrRegions are the Regions it collects from, sorted, when not all.
	AttrRegions = "regions"
)

// Principal is AWS Config's service principal (aggregators);
// MultiAccountPrincipal the one of organization rules and conformance
// packs. AWS wants the administrator registered for both.
const (
	Principal             = "config.amazonaws.com"
	MultiAccountPrincipal = "config-multiaccountsetup.amazonaws.com"
)

// Principals are the principals the section gives trusted access and
// registers the administrator for.
var Principals = []string{Principal, MultiAccountPrincipal}

// Availability is where AWS offers AWS Config: the Regions of AWS
// Config's "Region Support" (developer guide, config-region-support,
// and the Region list of "List of AWS Config Managed Rules by Region
// Availability").
var Availability = regional.Availability{Service: "AWS Config", Only: []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
	"af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
	"ap-southeast-5", "ap-southeast-7", "ca-central-1", "ca-west-1",
	"eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
	"il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
	"cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1",
}}

// Aggregator returns the ref of the aggregator name that account (by its
// key) keeps in region.
func Aggregator(region, account, name string) engine.Ref {
	return engine.Ref{Kind: KindAggregator, Key: region + "/" + account + "/" + name}
}

var kinds = []engine.KindInfo{{
	Kind: KindAggregator, Rank: 20,
	Deps: func(r engine.Resource) []engine.Ref {
		account := r.Attrs.String(AttrAccount)
		return []engine.Ref{
			{Kind: orgs.KindTrustedAccess, Key: Principal},
			orgs.Account(account),
			{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(Principal, account)},
		}
	},
	Refs: map[string]engine.Kind{AttrAccount: orgs.KindAccount},
	KeyOf: func(r engine.Resource) string {
		return Aggregator(r.Attrs.String(AttrRegion), r.Attrs.String(AttrAccount), r.Attrs.String(AttrName)).Key
	},
	Check: func(r engine.Resource, env *engine.CheckEnv) string {
		account := r.Attrs.String(AttrAccount)
		if a, ok := env.Live(orgs.Account(account)); ok && a.Attrs.Bool(orgs.AttrManagement) {
			return "the management account cannot be AWS Config's delegated administrator; name a member account (a security account) in security.admin"
		}
		return regional.Check(env, Availability.Service, r.Attrs.String(AttrRegion), account)
	},
	// One orgctl made (tagged managed-by=orgctl) and the spec no longer
	// names (renamed, or its aggregator key removed) goes when the spec
	// prunes; another tool's, Control Tower's, or one made by hand is
	// reported, never touched.
	Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
		switch {
		case r.Managed && env.Prune:
			return engine.Extra{Delete: true}
		case r.Managed:
			return engine.Extra{Unmanaged: "organization aggregator created by orgctl but no longer in the spec; settings.prune is false"}
		case r.Attrs.String(engine.AttrOwner) != "":
			return engine.Extra{Owner: r.Attrs.String(engine.AttrOwner), Unmanaged: "organization aggregator of another tool (tagged " + facts.ManagedTagKey + "=" + r.Attrs.String(engine.AttrOwner) + "); orgctl leaves it alone"}
		}
		return engine.Extra{Unmanaged: "organization aggregator not in the spec (security.config.aggregator); orgctl leaves it alone"}
	},
	// Deleting the aggregator, or collecting from fewer Regions, loses
	// the organization-wide view.
	Destructive: func(c *engine.Change) bool {
		switch c.Action {
		case engine.Delete:
			return true
		case engine.Update:
			return fewerRegions(c.Before, c.After)
		}
		return false
	},
}}

// fewerRegions reports whether after collects from a Region before did
// not leave out.
func fewerRegions(before, after engine.Attrs) bool {
	if after.Bool(AttrAllRegions) {
		return false
	}
	if before.Bool(AttrAllRegions) {
		return true
	}
	for _, r := range before.Strings(AttrRegions) {
		if !slices.Contains(after.Strings(AttrRegions), r) {
			return true
		}
	}
	return false
}
