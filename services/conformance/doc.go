// Package conformance is AWS Config's organization guardrails as the
// engine sees them: organization conformance packs (conformancePacks)
// and organization Config rules of AWS managed rules (configRules), made
// by AWS Config's delegated administrator (security.config's) in each
// Region they name, with the accounts they leave out resolved from the
// spec to account keys at plan time. It holds the sections, the kinds
// and their rules, and the desired builder; providers/conformance
// carries them out.
//
// A pack's template is read from its file when the spec is loaded,
// parsed as YAML and size-checked; AWS never returns it, so the desired
// pack carries its hash, which the provider keeps in a tag of the pack.
//
// Configuration recorders in member accounts are a prerequisite orgctl
// does not create: a deployment fails in an account without one.
//
// It must not import a provider.
package conformance
