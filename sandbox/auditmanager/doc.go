// Package auditmanager emulates the organization side of AWS Audit Manager
// (restJson1, signing name "auditmanager") on the sandbox core:
// RegisterOrganizationAdminAccount, GetOrganizationAdminAccount,
// DeregisterOrganizationAdminAccount, RegisterAccount, GetAccountStatus
// and DeregisterAccount.
//
// What it owns: its slice of the state (state.go), per region: the
// organization's delegated administrator and the accounts that registered
// Audit Manager; its settings (options.go): the administrator's settle
// delay and maintenance mode; and Audit Manager's rules:
//   - it is offered in twelve Regions only; elsewhere AWS has no endpoint,
//     and the sandbox answers as for a Region an account cannot use;
//   - only the management account registers, reads and deregisters the
//     administrator, and only with trusted access for
//     auditmanager.amazonaws.com; the administrator is an active member,
//     never the management account, the same account in every region;
//     changing it in place is refused (deregister the old one first).
//     Registering it registers it as Organizations' delegated administrator
//     for Audit Manager (if it is not already); deregistering leaves that;
//   - any account registers and deregisters Audit Manager for itself; the
//     new administrator cannot until the settle delay has passed;
//   - in maintenance mode (AWS's since 30 April 2026), an account that has
//     not registered Audit Manager in a region cannot, and no new
//     administrator can be registered there.
//
// Errors are Audit Manager's as seen on the wire: ValidationException
// (400), AccessDeniedException (403), ResourceNotFoundException (404); the
// wording is modelled on AWS's. A path it does not serve gets API
// Gateway's 403 MissingAuthenticationTokenException.
//
// What it must not touch: the organization, which it reads and registers
// its administrator in only through organizations.Org; identity, which is
// the core's. Assessments, frameworks and evidence are not emulated.
package auditmanager
