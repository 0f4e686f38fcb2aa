// Package securityhub is Security Hub CSPM as the engine sees it,
// organization-wide with central configuration: the security account
// designated Security Hub's administrator in every governed Region
// (registered with Organizations as its delegated administrator), the
// finding aggregator that makes the aggregation (home) Region, the
// organization configuration switched to CENTRAL there, the configuration
// policies (standards, controls turned off, control parameters) and their
// association with the root, OUs and accounts. It holds the spec's
// security.securityHub section, the kinds, their rules and the desired
// builder; providers/securityhub carries them out.
//
// It must not import a provider.
package securityhub
