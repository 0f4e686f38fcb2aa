// Package guardduty emulates the organization side of Amazon GuardDuty
// (restJson1, signing name "guardduty") on the sandbox core:
// EnableOrganizationAdminAccount, DisableOrganizationAdminAccount,
// ListOrganizationAdminAccounts, CreateDetector, ListDetectors,
// GetDetector, DeleteDetector, UpdateOrganizationConfiguration and
// DescribeOrganizationConfiguration.
//
// What it owns: its slice of the state (state.go), per region: detectors
// (one per account and region) and the organization's administrator with
// the organization configuration it set; its setting, the administrator's
// settle delay (options.go); and GuardDuty's rules:
//   - only the management account designates, removes and lists the
//     administrator, and only with trusted access for
//     guardduty.amazonaws.com; the administrator is an active member, never
//     the management account, one per region and the same account in every
//     region. Designating registers it as Organizations' delegated
//     administrator for GuardDuty (if it is not already) and gives it a
//     detector in the region; removing it leaves that registration, which
//     AWS removes only with Organizations' DeregisterDelegatedAdministrator;
//   - only the region's administrator, on its own detector, reads and sets
//     the organization configuration, and not until the settle delay after
//     designation has passed;
//   - UpdateOrganizationConfiguration takes AutoEnableOrganizationMembers
//     (NEW, ALL, NONE) or the older AutoEnable, never both; features and
//     additional configurations by the model's names, never
//     RUNTIME_MONITORING and EKS_RUNTIME_MONITORING together.
//     DescribeOrganizationConfiguration answers both the newer members and
//     the older AutoEnable and DataSources, which older clients (Debian's
//     AWS CLI 2.9) alone understand.
//
// Errors are GuardDuty's as seen on the wire: BadRequestException (HTTP
// 400, x-amzn-ErrorType BadRequestException, body __type
// InvalidInputException) with AWS's wording; a path GuardDuty does not
// serve gets API Gateway's 403 MissingAuthenticationTokenException;
// throttling is API Gateway's 429 TooManyRequestsException, the server
// fault InternalServerErrorException.
//
// What it must not touch: the organization, which it reads and registers
// its administrator in only through organizations.Org; identity, which is
// the core's. Findings, members and protection plans are not emulated.
package guardduty
