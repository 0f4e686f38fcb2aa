package conformance

import (
	"slices"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	cfg "github.com/orgctl/orgctl/services/config"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/services/regional"
)

// The kinds, keyed REGION/ADMIN/NAME (ADMIN the administrator account's
// key): what AWS Config's delegated administrator made in a Region. Packs
// and rules the management account makes are another caller's, which the
// administrator does not see.
const (
	KindPack engine.Kind = "config-conformance-pack"
	KindRule engine.Kind = "config-org-rule"
)

// Attributes of both kinds, besides engine.AttrID (the ARN).
const (
	AttrRegion  = "region"
	AttrAccount = "account" // the administrator's key; providers report its ID
	AttrName    = "name"
	// AttrExcluded are the excluded accounts' keys, sorted.
	AttrExcluded = "excludedAccounts"
	// AttrParameters are a pack's input parameters (map[string]string),
	// a rule's its JSON document.
	AttrParameters = "parameters"
	// AttrDeployment is how the last deployment went: Deployed, or what
	// AWS reports instead ("failed in 1 of 12 accounts"), so that a
	// failed deployment is drift that apply deploys again.
	AttrDeployment = "deployment"
)

// Deployed is a deployment successful in every account; Deploying one
// still running.
const (
	Deployed  = "deployed"
	Deploying = "deploying"
)

// Attributes of a pack.
const (
	// AttrTemplate is the template's hash ("sha256:..."), kept in the
	// pack's TemplateTag: AWS never returns the template.
	AttrTemplate = "template"
	// AttrTemplateBody is the template itself, for apply: hidden, never
	// compared (AWS does not return it).
	AttrTemplateBody   = "templateBody"
	AttrDeliveryBucket = "deliveryBucket"
	AttrDeliveryPrefix = "deliveryPrefix"
)

// Attributes of a rule.
const (
	AttrIdentifier    = "identifier"
	AttrDescription   = "description"
	AttrFrequency     = "maximumExecutionFrequency"
	AttrResourceTypes = "resourceTypes"
)

// TemplateTag is the tag that holds a pack's template hash.
const TemplateTag = "orgctl:template-sha256"

// Principal is the principal organization rules and packs need trusted
// access and a delegated administrator for.
const Principal = cfg.MultiAccountPrincipal

// Ref returns the ref of kind k named name that admin keeps in region.
func Ref(k engine.Kind, region, admin, name string) engine.Ref {
	return engine.Ref{Kind: k, Key: region + "/" + admin + "/" + name}
}

func kind(k engine.Kind, rank int, section, what string) engine.KindInfo {
	return engine.KindInfo{
		// Packs and rules are read only for a spec with their own section:
		// a spec of rules costs no call about packs.
		Kind: k, Rank: rank, Section: section,
		Deps: func(r engine.Resource) []engine.Ref {
			admin := r.Attrs.String(AttrAccount)
			deps := []engine.Ref{
				{Kind: orgs.KindTrustedAccess, Key: Principal},
				orgs.Account(admin),
				{Kind: orgs.KindDelegatedAdmin, Key: orgs.DelegatedAdminKey(Principal, admin)},
			}
			for _, a := range r.Attrs.Strings(AttrExcluded) {
				deps = append(deps, orgs.Account(a)) // their IDs are sent
			}
			return deps
		},
		Refs:      map[string]engine.Kind{AttrAccount: orgs.KindAccount},
		Documents: documents(k),
		// A template's hash says nothing to a reader: the plan says the
		// template changed (a spec from git shows the file's line diff).
		Digests: []string{AttrTemplate},
		Hidden:  []string{AttrTemplateBody},
		KeyOf: func(r engine.Resource) string {
			return Ref(r.Kind, r.Attrs.String(AttrRegion), r.Attrs.String(AttrAccount), r.Attrs.String(AttrName)).Key
		},
		Check: func(r engine.Resource, env *engine.CheckEnv) string {
			account := r.Attrs.String(AttrAccount)
			if a, ok := env.Live(orgs.Account(account)); ok && a.Attrs.Bool(orgs.AttrManagement) {
				return "the management account cannot be AWS Config's delegated administrator; name a member account in security.config.admin or security.admin"
			}
			return regional.Check(env, cfg.Availability.Service, r.Attrs.String(AttrRegion), account)
		},
		// One orgctl made (tagged managed-by=orgctl) that the spec no
		// longer names goes when the spec prunes; any other is reported
		// and left alone.
		Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
			switch {
			case r.Managed && env.Prune:
				return engine.Extra{Delete: true}
			case r.Managed:
				return engine.Extra{Unmanaged: what + " created by orgctl but no longer in the spec; settings.prune is false"}
			case r.Attrs.String(engine.AttrOwner) != "":
				return engine.Extra{Owner: r.Attrs.String(engine.AttrOwner), Unmanaged: what + " of another tool (tagged " + facts.ManagedTagKey + "=" + r.Attrs.String(engine.AttrOwner) + "); orgctl leaves it alone"}
			}
			return engine.Extra{Unmanaged: what + " not in the spec; orgctl leaves it alone"}
		},
		// A deployment still running (apply --no-wait) is on its way:
		// drift once it failed, not before.
		Settling: map[string]any{AttrDeployment: Deploying},
		// Removing a guardrail, or leaving more accounts out of it,
		// weakens the organization.
		Destructive: func(c *engine.Change) bool {
			switch c.Action {
			case engine.Delete:
				return true
			case engine.Update:
				return moreExcluded(c.Before, c.After)
			}
			return false
		},
	}
}

func documents(k engine.Kind) []string {
	if k == KindRule {
		return []string{AttrParameters}
	}
	return nil
}

// moreExcluded reports whether after excludes an account before did not.
func moreExcluded(before, after engine.Attrs) bool {
	for _, a := range after.Strings(AttrExcluded) {
		if !slices.Contains(before.Strings(AttrExcluded), a) {
			return true
		}
	}
	return false
}

var kinds = []engine.KindInfo{
	kind(KindPack, 25, PacksPath, "organization conformance pack"),
	kind(KindRule, 25, RulesPath, "organization Config rule"),
	recorders,
}
