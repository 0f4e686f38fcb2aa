package fms

import (
	"regexp"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// The default administrator: AssociateAdminAccount,
// DisassociateAdminAccount, GetAdminAccount.

const (
	// principal is Firewall Manager's service principal.
	principal = "fms.amazonaws.com"
	// homeRegion is where the administrator is associated.
	homeRegion = "us-east-1"
)

var reAccountID = regexp.MustCompile(`^\d{12}$`)

type associateInput struct {
	AdminAccount *string `json:"AdminAccount"`
}

// onlyHome refuses the association's changes outside us-east-1.
func (c *call) onlyHome() *sandbox.Error {
	if c.Region != homeRegion {
		return fmsError("InvalidOperationException", "Operation: %s is only supported in the %s Region.", c.Op, homeRegion)
	}
	return nil
}

// associate makes an active member account the organization's default
// administrator, from the management account in us-east-1.
func associate(c *call, in *associateInput) (*struct{}, *sandbox.Error) {
	if in.AdminAccount == nil {
		return nil, fmsError("InvalidInputException", "1 validation error detected: Value null at 'adminAccount' failed to satisfy constraint: Member must not be null")
	}
	acct := *in.AdminAccount
	if !reAccountID.MatchString(acct) {
		return nil, fmsError("InvalidInputException", "1 validation error detected: Value '%s' at 'adminAccount' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9]+$", acct)
	}
	if e := c.onlyHome(); e != nil {
		return nil, e
	}
	org := organizations.Of(c.Call)
	mgmt := org.ManagementAccountID()
	switch {
	case c.Caller.AccountID != mgmt:
		return nil, errNotManagement(c.Caller.AccountID, mgmt)
	case !org.TrustedAccess(principal):
		return nil, fmsError("InvalidOperationException", "AWS Firewall Manager does not have trusted access to your AWS Organization: enable it for %s.", principal)
	case acct == mgmt:
		return nil, fmsError("InvalidOperationException", "The management account %s cannot be the AWS Firewall Manager administrator: associate a member account.", acct)
	case !org.IsActiveMember(acct):
		return nil, fmsError("InvalidOperationException", "Account %s is not an active member of your AWS Organization.", acct)
	}
	if a := c.st.Admin; a != nil {
		switch {
		case !a.LeavingSince.IsZero():
			return nil, fmsError("InvalidOperationException", msgOffboarding)
		case a.Account != acct:
			return nil, fmsError("InvalidOperationException", "Account %s is already the AWS Firewall Manager administrator: it must disassociate itself first.", a.Account)
		case a.status(c.Now, c.delay()) == statusReady:
			return nil, fmsError("InvalidOperationException", "Account %s is already the AWS Firewall Manager administrator.", acct)
		}
		return &struct{}{}, nil // still being associated
	}
	for _, other := range org.DelegatedAdministrators(principal) {
		if other != acct {
			return nil, fmsError("InvalidOperationException", "Account %s is the delegated administrator for %s: deregister it first.", other, principal)
		}
	}
	if !org.IsDelegatedAdministrator(acct, principal) {
		if e := org.RegisterDelegatedAdministrator(acct, principal); e != nil {
			return nil, fmsError("InvalidOperationException", "%s", e.Message)
		}
	}
	c.st.Admin = &admin{Account: acct, Since: c.Now}
	return &struct{}{}, nil
}

// disassociate starts the offboarding of the organization: only the
// administrator itself, once its role is ready.
func disassociate(c *call, _ *struct{}) (*struct{}, *sandbox.Error) {
	if e := c.onlyHome(); e != nil {
		return nil, e
	}
	a := c.st.Admin
	if a == nil || a.Account != c.Caller.AccountID || !a.LeavingSince.IsZero() {
		return nil, errOnlyAdmin("DisassociateAdminAccount")
	}
	if a.status(c.Now, c.delay()) == statusCreating {
		return nil, fmsError("InvalidOperationException", msgOnboarding)
	}
	a.LeavingSince = c.Now
	// Firewall Manager takes back the registration it made.
	org := organizations.Of(c.Call)
	if org.IsDelegatedAdministrator(a.Account, principal) {
		_ = org.DeregisterDelegatedAdministrator(a.Account, principal)
	}
	return &struct{}{}, nil
}

type getAdminOut struct {
	AdminAccount string `json:"AdminAccount"`
	RoleStatus   string `json:"RoleStatus"`
}

// getAdmin answers the management account and the administrator.
func getAdmin(c *call, _ *struct{}) (*getAdminOut, *sandbox.Error) {
	org := organizations.Of(c.Call)
	a := c.st.Admin
	switch {
	case c.Caller.AccountID == org.ManagementAccountID() && a == nil:
		return nil, errNoAdmin(c.Caller.AccountID)
	case c.Caller.AccountID == org.ManagementAccountID(), a != nil && a.Account == c.Caller.AccountID:
		return &getAdminOut{AdminAccount: a.Account, RoleStatus: a.status(c.Now, c.delay())}, nil
	}
	return nil, errNotDelegated(c.Caller.AccountID)
}
