// Package account emulates the Regions part of AWS Account Management
// (restJson1, signing name "account") on the sandbox core: ListRegions,
// GetRegionOptStatus, EnableRegion and DisableRegion.
//
// What it owns: its slice of the state (state.go), the opt-in status of
// each opt-in Region an account changed, and its settings (options.go):
// the opt-in Regions enabled in every account from the start, and how
// long enabling and disabling take. Regions and which of them are opt-in
// come from orgctl's facts.Regions. Its rules (regions.go):
//   - Regions launched before 20 March 2019 are ENABLED_BY_DEFAULT and
//     cannot be enabled or disabled (ValidationException,
//     invalidRegionOptTarget); opt-in Regions start DISABLED unless the
//     setting enables them, go ENABLING then ENABLED after the enable
//     delay, and DISABLING then DISABLED after the disable delay; one in
//     transition refuses the opposite change (ConflictException);
//   - without AccountId a call is about the caller's own account; with it,
//     only the management account or Account Management's delegated
//     administrator may call, only for another account of the
//     organization, and only with trusted access for
//     account.amazonaws.com (AccessDeniedException); the management
//     account passing its own ID is a ValidationException;
//   - the gate it registers with the core (gate.go): a request signed for
//     an opt-in Region the caller's account has not enabled fails as AWS
//     fails it, as a security token the Region does not know.
//
// What it must not touch: the organization, which it reads only through
// organizations.Org; identity, which is the core's. Contacts and the
// primary email of the Account Management API are not emulated.
package account
