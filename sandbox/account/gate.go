package account

import "github.com/orgctl/orgctl/sandbox"

// open is the core's region gate: an opt-in Region knows an account's
// credentials only once the account has enabled it (ENABLING is not yet
// enough). Regions orgctl does not know are left open.
func open(c *sandbox.Call) bool {
	if !optIn(c.Region) {
		return true
	}
	st := slice.Of(c.State).status(stored.Get(c), c.Caller.AccountID, c.Region)
	return st == statusEnabled
}
