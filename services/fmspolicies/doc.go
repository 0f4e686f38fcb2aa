// Package fmspolicies is AWS Firewall Manager's policies as the engine
// sees them: the spec's top-level firewallPolicies list, made by Firewall
// Manager's administrator (security.firewallManager) in each governed
// region, the policy's kind and rules, the desired builder, and the
// normal form of a policy's managed service data, which both the spec's
// side and the provider's read pass through so that what AWS fills in
// makes no difference. providers/fmspolicies carries them out.
//
// A policy may differ per region (overrides, override.go): the fields an
// override writes replace the policy's own in that region, so the desired
// policy of each region is whole and the provider knows nothing of them.
//
// It must not import a provider.
package fmspolicies
