// Package inspector emulates the organization side of Amazon Inspector
// (restJson1, signing name "inspector2") on the sandbox core:
// EnableDelegatedAdminAccount, DisableDelegatedAdminAccount,
// ListDelegatedAdminAccounts, GetDelegatedAdminAccount,
// DescribeOrganizationConfiguration, UpdateOrganizationConfiguration,
// AssociateMember, DisassociateMember, GetMember, ListMembers, Enable,
// Disable and BatchGetAccountStatus.
//
// What it owns: its slice of the state (state.go), per region: the
// organization's delegated administrator with its organization
// configuration, the administrator's members, and each account's enabled
// scan types; its setting, the administrator's settle delay (options.go);
// and Inspector's rules:
//   - only the management account designates, removes, lists and gets the
//     administrator, and only with trusted access for
//     inspector2.amazonaws.com; the administrator is an active member,
//     never the management account, one per region and the same account in
//     every region (ConflictException otherwise). Designating registers it
//     as Organizations' delegated administrator for Inspector (if it is not
//     already); removing it is DISABLE_IN_PROGRESS for the settle delay,
//     then its members are disassociated, and the Organizations
//     registration stays;
//   - only the region's administrator, once the settle delay after
//     designation has passed, reads and sets the organization
//     configuration and its members (AccessDeniedException before); it
//     writes them only once it has Inspector enabled for itself (Enable on
//     its own account), as on AWS;
//   - UpdateOrganizationConfiguration needs ec2 and ecr; lambda,
//     lambdaCode and codeRepository left out keep their value (Debian's AWS
//     CLI 2.9 knows only ec2, ecr and lambda); lambdaCode needs lambda;
//   - AssociateMember takes one active account of the organization (the
//     management account too, never the administrator itself), at most
//     10,000 members; Enable, Disable and BatchGetAccountStatus take up to
//     100 account IDs, each the caller's own or one of its members (others
//     are failed accounts, ACCESS_DENIED).
//
// Errors are Inspector's as seen on the wire: ValidationException (400,
// with its reason), AccessDeniedException (403), ResourceNotFoundException
// (404), ConflictException (409), ServiceQuotaExceededException (402); the
// wording is modelled on AWS's, not copied from it. A path Inspector does
// not serve gets API Gateway's 403 MissingAuthenticationTokenException;
// throttling is ThrottlingException (429), the server fault
// InternalServerException.
//
// Not emulated: association completing after a while (it is immediate
// here), the organization's non-member accounts in ListMembers, and
// auto-enable of accounts that join the organization later, which needs a
// hook on the organizations slice for new accounts. Findings, coverage and
// scans themselves are out of scope.
//
// What it must not touch: the organization, which it reads and registers
// its administrator in only through organizations.Org; identity, which is
// the core's.
package inspector
