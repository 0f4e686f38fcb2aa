// Package fms emulates AWS Firewall Manager's default administrator
// (awsJson1_1, target prefix AWSFMS_20180101, signing name "fms") on the
// sandbox core: AssociateAdminAccount, DisassociateAdminAccount and
// GetAdminAccount; and its policies: PutPolicy, GetPolicy, ListPolicies,
// DeletePolicy, ListTagsForResource, TagResource and UntagResource.
//
// What it owns: its slice of the state (state.go), the organization's
// default administrator and its role status; its setting, how long the
// administrator's role takes to be ready or to go (options.go); and
// Firewall Manager's rules:
//   - only the management account associates the administrator, in
//     us-east-1, with trusted access for fms.amazonaws.com; the
//     administrator is an active member account, never the management
//     account. Association registers it as Organizations' delegated
//     administrator for fms.amazonaws.com (if it is not already) and its
//     role status is CREATING, then READY once the settle delay has passed;
//     associating the same account again while CREATING is taken, once
//     READY refused, another account refused;
//   - only the administrator disassociates itself (in us-east-1), not
//     while CREATING; its status is then PENDING_DELETION for the settle
//     delay, during which the organization is offboarding and no
//     administrator can be associated, and then it is gone, and with it
//     its registration with Organizations;
//   - GetAdminAccount answers the management account and the
//     administrator, in any Region: the account and its RoleStatus, or
//     ResourceNotFoundException when there is none;
//   - policies are the administrator's, once its role is READY, in each
//     Region apart (the management account is told the operation is the
//     administrator's, other accounts that they are not delegated, both
//     AccessDeniedException); PutPolicy checks the policy's type (WAFV2,
//     the three security group types, NETWORK_FIREWALL, DNS_FIREWALL are
//     emulated), its resource types for that type (CloudFront only in
//     us-east-1), its include and exclude maps (ACCOUNT and ORG_UNIT keys
//     naming accounts and OUs of the organization; AWS ignores the
//     exclude map when there is an include map) and its managed service
//     data (a JSON object of the policy's type, with the keys the type
//     needs), up to 50 policies a Region; it fills in defaults and blank
//     fields in the data it stores (overrideCustomerWebACLAssociation,
//     loggingConfiguration, each rule group's ruleGroupArn and
//     excludeRules), as AWS returns them; an update needs the policy's
//     current PolicyUpdateToken, a stale one is refused
//     (InvalidOperationException), and the type cannot change; an
//     organization offboarded has no policies left.
//
// Errors are Firewall Manager's as seen on the wire (HTTP 400, the
// exception's name as __type): InvalidOperationException,
// InvalidInputException, ResourceNotFoundException, and the
// AccessDeniedException its model does not list, in AWS's words where
// they are known.
//
// What it must not touch: the organization, which it reads and registers
// its administrator in only through organizations.Org; identity, which is
// the core's. Admin scopes, further administrators, resource sets and
// compliance statuses are not emulated.
package fms
