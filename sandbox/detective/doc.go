// Package detective emulates the organization side of Amazon Detective
// (restJson1, signing name "detective") on the sandbox core:
// EnableOrganizationAdminAccount, DisableOrganizationAdminAccount,
// ListOrganizationAdminAccounts, ListGraphs,
// UpdateOrganizationConfiguration, DescribeOrganizationConfiguration,
// CreateMembers, ListMembers and DeleteMembers.
//
// What it owns: its slice of the state (state.go), per region: behavior
// graphs (one per administrator account and region) with their members,
// and the organization's administrator; its settings, the
// administrator's settle delay and the member quota (options.go); and
// Detective's rules:
//   - only the management account designates, removes and lists the
//     administrator, with trusted access for detective.amazonaws.com; the
//     administrator is an active account of the organization, the same in
//     every region. Designating a member account registers it as
//     Organizations' delegated administrator for Detective (if it is not
//     already; another registered account is refused) and makes its
//     behavior graph, the organization behavior graph, in the region.
//     Removing the administrator deletes that graph and leaves the
//     registration;
//   - only the administrator, on its own graph, reads and sets the
//     organization configuration and its members, and not until the
//     settle delay after designation has passed;
//   - CreateMembers takes 1 to 50 accounts: an active account of the
//     organization is ENABLED at once; one outside it with an email is
//     INVITED; an account already a member, the administrator itself, a
//     suspended or closing account, or one past the quota (1,200 members)
//     comes back in UnprocessedAccounts with the reason;
//   - with AutoEnable on, accounts that join the organization afterwards
//     become members by themselves; those already there do not.
//
// AWS no longer makes enabling Detective wait for GuardDuty (the user
// guide's prerequisites list only IAM permissions; a member without
// GuardDuty data shows ACCEPTED_BUT_DISABLED only once data is measured),
// so the sandbox does not require GuardDuty either.
//
// Errors are Detective's on the wire: the code in x-amzn-ErrorType, the
// body's "Message" (and ErrorCode for ValidationException), the HTTP
// statuses of its model (ValidationException 400, AccessDeniedException
// 403, ResourceNotFoundException 404, ConflictException 409,
// ServiceQuotaExceededException 402, TooManyRequestsException 429,
// InternalServerException 500).
//
// What it must not touch: the organization, which it reads and registers
// its administrator in only through organizations.Org; identity, which is
// the core's. Investigations and data sources are not emulated.
package detective
