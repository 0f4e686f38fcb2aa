// Package config is AWS Config organization-wide as the engine sees it:
// the security account registered with Organizations as AWS Config's
// delegated administrator for both of its service principals
// (config.amazonaws.com for aggregators, config-multiaccountsetup for
// organization rules and conformance packs), and, when the spec asks for
// one, an organization aggregator that account keeps in the home region.
// It holds the spec's security.config section, the aggregator's kind and
// rules, and the desired builder; providers/config carries them out.
//
// orgctl does not create IAM roles: the aggregator's role must exist in
// the administrator account already.
//
// It must not import a provider.
package config
