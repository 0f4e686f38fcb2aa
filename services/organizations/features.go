package organizations

import "github.com/orgctl/orgctl/engine"

// AttrAllFeatures is the organization's read-only account of how far
// enabling all features has gone in an organization of consolidated
// billing only: the next step and who must take it.
const AttrAllFeatures = "allFeatures"

// Feature sets.
const (
	FeatureSetAll     = "ALL"
	FeatureSetBilling = "CONSOLIDATED_BILLING"
)

// checkOrganization refuses what cannot be planned for the organization:
// more policies on the root than AWS allows, and all features in an
// organization that has consolidated billing only. Enabling them is a
// change of several steps that orgctl cannot take for the accounts that
// must approve it, and orgctl cannot apply to such an organization at all
// (its apply lock is a service control policy), so the plan stops and
// says which step is next.
func checkOrganization(r engine.Resource, env *engine.CheckEnv) string {
	if reason := checkLimits(func(engine.Resource) string { return TargetRoot })(r, env); reason != "" {
		return reason
	}
	live, ok := env.Live(Organization)
	if !ok || r.Attrs.String(AttrFeatureSet) != FeatureSetAll || live.Attrs.String(AttrFeatureSet) != FeatureSetBilling {
		return ""
	}
	return "organization.featureSet is ALL, but the organization has only consolidated-billing features. " +
		"Enabling all features takes steps AWS asks of every invited account and then of the management account, " +
		"and orgctl cannot apply to the organization until they are done (its apply lock is a service control policy). " +
		"Where it stands: " + live.Attrs.String(AttrAllFeatures)
}
