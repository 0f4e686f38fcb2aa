// Package macie emulates the organization side of Amazon Macie (restJson1,
// signing name "macie2") on the sandbox core:
// EnableOrganizationAdminAccount, DisableOrganizationAdminAccount,
// ListOrganizationAdminAccounts, UpdateOrganizationConfiguration,
// DescribeOrganizationConfiguration, CreateMember, ListMembers,
// DisassociateMember, EnableMacie and GetMacieSession.
//
// What it owns: its slice of the state (state.go), per region: Macie
// sessions (Macie enabled in an account), and the organization's
// administrator with its organization configuration and members; its
// settings, the administrator's settle delay and the member quota
// (options.go); and Macie's rules:
//   - only the management account designates, removes and lists the
//     administrator, with trusted access for macie.amazonaws.com; the
//     administrator is an active account of the organization, one per
//     region and the same in every region. Designating a member account
//     registers it as Organizations' delegated administrator for Macie (if
//     it is not already) and enables Macie for it in the region; the
//     management account, which AWS allows but advises against, must have
//     enabled Macie itself. Removing the administrator leaves the
//     registration and ends its memberships in the region;
//   - only the region's administrator, with Macie enabled, reads and sets
//     the organization configuration and its members, and not until the
//     settle delay after designation has passed;
//   - CreateMember adds one account a call: an active account of the
//     organization is enabled at once (Enabled); one outside it is an
//     invitation-based member (Created); a suspended or closing account,
//     the administrator itself, or one past the quota (10,000 members) is
//     refused. Adding a member again succeeds and changes nothing;
//   - with autoEnable on, accounts that join the organization afterwards
//     become members by themselves; those already there do not.
//
// Errors are Macie's on the wire: the error code in x-amzn-ErrorType, the
// body's "message", HTTP statuses of its model (ValidationException 400,
// AccessDeniedException 403, ResourceNotFoundException 404,
// ConflictException 409, ServiceQuotaExceededException 402,
// ThrottlingException 429, InternalServerException 500). AWS does not
// publish its messages; the sandbox's say the same as its generic ones.
//
// What it must not touch: the organization, which it reads and registers
// its administrator in only through organizations.Org; identity, which is
// the core's. Findings, jobs and classification are not emulated.
package macie
