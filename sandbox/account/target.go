package account

import (
	"fmt"
	"regexp"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// principal is Account Management's service principal in Organizations.
const principal = "account.amazonaws.com"

var reAccountID = regexp.MustCompile(`^\d{12}$`)

// msgOwnID is the management account naming itself. AWS documents the
// rule in these words (API reference, AccountId); the wire's wording is
// not published.
const msgOwnID = "The management account can't specify its own AccountId. It must call the operation in standalone context by not including the AccountId parameter."

// target returns the account a call is about: the caller's own without
// AccountId; with it, another account of the organization, named by the
// management account or Account Management's delegated administrator,
// with trusted access for account.amazonaws.com.
func (c *call) target(id *string) (string, *sandbox.Error) {
	if id == nil {
		return c.Caller.AccountID, nil
	}
	if !reAccountID.MatchString(*id) {
		return "", validation(reasonField, `1 validation error detected: Value '%s' at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\d{12}$`, *id)
	}
	org := organizations.Of(c.Call)
	mgmt, caller := org.ManagementAccountID(), c.Caller.AccountID
	denied := fmt.Sprintf("User: %s is not authorized to perform: account:%s", c.Caller.Arn, c.Op)
	if caller != mgmt && !org.IsDelegatedAdministrator(caller, principal) {
		return "", accessDenied(denied)
	}
	if caller == mgmt && *id == mgmt {
		return "", validation(reasonField, msgOwnID)
	}
	if !org.TrustedAccess(principal) {
		return "", accessDenied(denied + " (Your organization must first enable trusted access with AWS Account Management.)")
	}
	if *id == mgmt || !org.IsMember(*id) {
		return "", accessDenied(denied)
	}
	return *id, nil
}
