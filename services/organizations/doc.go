// Package organizations is the organization itself as the engine sees it:
// its kinds of resources (the organization and its root, policy types,
// trusted access, OUs, policies, accounts, attachments, delegated
// administrators), their keys and attributes, the rules that order and
// guard their changes, and how the spec's organization, OUs, accounts and
// policies become desired resources.
//
// It knows nothing of AWS's API: providers/organizations carries these
// resources out through the Organizations SDK, and reads them back in the
// same keys and attributes. It must not import a provider.
package organizations
