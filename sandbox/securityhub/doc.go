// Package securityhub emulates the organization side of AWS Security Hub
// CSPM with central configuration (restJson1, signing name "securityhub")
// on the sandbox core: EnableOrganizationAdminAccount,
// DisableOrganizationAdminAccount, ListOrganizationAdminAccounts,
// EnableSecurityHub, DescribeHub, Describe/UpdateOrganizationConfiguration,
// Create/Update/Get/List/DeleteFindingAggregator(s),
// Create/Update/Get/List/DeleteConfigurationPolic(y|ies),
// StartConfigurationPolicyAssociation/Disassociation,
// Get/ListConfigurationPolicyAssociation(s), and the tags of policies.
//
// What it owns: its slice of the state (state.go): where Security Hub is
// enabled, the administrator per Region, aggregators, the organization
// configuration per Region, policies, associations and tags; its settings,
// the delays of designation, central configuration and associations
// (options.go); and Security Hub's rules:
//   - only the management account designates, removes and lists the
//     administrator, with trusted access for securityhub.amazonaws.com;
//     the administrator is an active member, never the management account,
//     the same account in every Region. Designating registers it as
//     Organizations' delegated administrator (if it is not already) and
//     enables Security Hub in its account there; removing it leaves the
//     registration, and is refused in the home Region while central
//     configuration is on;
//   - only the Region's administrator reads and writes the organization
//     configuration, and not until the settle delay after designation
//     (InvalidAccessException "Account X is not an administrator for this
//     organization", as peers see it); CENTRAL needs auto-enable off and
//     the caller's finding aggregator in the Region, and is PENDING for the
//     central delay before it is ENABLED;
//   - an account has one aggregator, made in its Region (which becomes
//     the home Region) unless a member of an administered organization,
//     listed from every Region, and not deleted while central configuration
//     is on;
//   - configuration policies and associations are the administrator's, in
//     the home Region, with CENTRAL enabled: otherwise AccessDeniedException
//     "Must be a Security Hub delegated administrator with Central
//     Configuration enabled", or from another Region "Central Configuration
//     APIs can only be called from the aggregation region". Policies name
//     standards by their ARN in the Region, controls by ID, parameters with
//     their types; a policy a target applies is not deleted. Associations
//     are PENDING for the association delay, then SUCCESS, or FAILED with
//     the reason (a closed account); a target without one inherits its
//     nearest ancestor's.
//
// Errors are Security Hub's: the code in x-amzn-ErrorType and the body's
// Code, the message in Message; InvalidAccessException 401,
// AccessDeniedException 403, InvalidInputException 400,
// ResourceNotFoundException 404, ResourceConflictException 409,
// LimitExceededException 429 (throttling), InternalException 500. Where
// AWS's exact words were not found in public material (central
// configuration without an aggregator, the management-only operations
// from a member), the wording is the sandbox's, with AWS's codes.
//
// What it must not touch: the organization, which it reads and registers
// its administrator in only through organizations.Org; identity, which is
// the core's. Findings, members, standards subscriptions and controls of
// accounts are not emulated.
package securityhub
