// Package account is AWS Account Management as the engine sees it: the
// opt-in status of the Regions the spec governs, in the accounts that
// make regional services' calls there (regional.KindRegion). orgctl only
// reads it, so that a plan can refuse an opt-in Region an account has not
// enabled (regional.Check) instead of failing halfway through an apply;
// enabling a Region is the account owner's choice, and takes minutes to
// hours, so orgctl never changes it. providers/account reads it.
//
// It must not import a provider.
package account
