package auditmanager

import (
	"fmt"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

type adminInput struct {
	AdminAccountId *string `json:"adminAccountId"`
}

type adminOut struct {
	AdminAccountId *string `json:"adminAccountId,omitempty"`
	OrganizationId string  `json:"organizationId"`
}

// registerAdmin designates an active member account as the region's
// administrator, with trusted access, never the management account, the
// same account in every region; a different one is refused until the
// current one is deregistered. It registers the account with
// Organizations if it is not yet.
func registerAdmin(c *call, in *adminInput) (*adminOut, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	if in.AdminAccountId == nil || !reAccountID.MatchString(*in.AdminAccountId) {
		return nil, validation("fieldValidationFailed", "adminAccountId must be a 12-digit account ID.")
	}
	return c.designate(*in.AdminAccountId)
}

func (c *call) designate(acct string) (*adminOut, *sandbox.Error) {
	org, _ := c.management()
	switch {
	case !org.TrustedAccess(principal):
		return nil, invalid(msgNoTrustedAccess)
	case acct == org.ManagementAccountID():
		return nil, invalid(msgManagement)
	case !org.IsMember(acct):
		return nil, invalid(msgNotInOrg)
	case !org.IsActiveMember(acct):
		return nil, invalid(msgNotActive)
	}
	if a := c.st.Admins[c.Region]; a != nil {
		if a.Account != acct {
			return nil, invalid(fmt.Sprintf(msgChangeAdmin, a.Account, acct))
		}
		return &adminOut{AdminAccountId: &acct, OrganizationId: org.ID()}, nil
	}
	for _, other := range org.DelegatedAdministrators(principal) {
		if other != acct {
			return nil, invalid(fmt.Sprintf(msgChangeAdmin, other, acct))
		}
	}
	if c.maintenance() && !c.st.Ever[c.Region][acct] {
		return nil, invalid(msgMaintenance)
	}
	if !org.IsDelegatedAdministrator(acct, principal) {
		if e := org.RegisterDelegatedAdministrator(acct, principal); e != nil {
			return nil, invalid(e.Message)
		}
	}
	c.st.Admins[c.Region] = &admin{Account: acct, Since: c.Now}
	mark(c.st.Ever, c.Region, acct, true)
	return &adminOut{AdminAccountId: &acct, OrganizationId: org.ID()}, nil
}

// principal is Audit Manager's service principal in Organizations.
const principal = "auditmanager.amazonaws.com"

func getAdmin(c *call, _ *empty) (*adminOut, *sandbox.Error) {
	org, e := c.management()
	if e != nil {
		return nil, e
	}
	out := &adminOut{OrganizationId: org.ID()}
	if a := c.st.Admins[c.Region]; a != nil {
		out.AdminAccountId = &a.Account
	}
	return out, nil
}

// deregisterAdmin removes the region's administrator (the given one, or
// whichever it is). The Organizations registration stays.
func deregisterAdmin(c *call, in *adminInput) (*empty, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	a := c.st.Admins[c.Region]
	switch {
	case in.AdminAccountId != nil && !reAccountID.MatchString(*in.AdminAccountId):
		return nil, validation("fieldValidationFailed", "adminAccountId must be a 12-digit account ID.")
	case a == nil:
		id := ""
		if in.AdminAccountId != nil {
			id = *in.AdminAccountId
		}
		return nil, notFound(msgNoAdmin, id)
	case in.AdminAccountId != nil && *in.AdminAccountId != a.Account:
		return nil, notFound(msgNoAdmin, *in.AdminAccountId)
	}
	delete(c.st.Admins, c.Region)
	return &empty{}, nil
}

type registerAccountInput struct {
	KmsKey                *string `json:"kmsKey"`
	DelegatedAdminAccount *string `json:"delegatedAdminAccount"`
}

type statusOut struct {
	Status string `json:"status"`
}

// registerAccount enables Audit Manager for the caller in its region; the
// management account may name the delegated administrator at once. A new
// administrator waits out the settle delay.
func registerAccount(c *call, in *registerAccountInput) (*statusOut, *sandbox.Error) {
	if in.KmsKey != nil && (len(*in.KmsKey) < 7 || len(*in.KmsKey) > 2048 || *in.KmsKey != "DEFAULT" && !kmsArn.MatchString(*in.KmsKey)) {
		return nil, validation("fieldValidationFailed", "kmsKey must be DEFAULT or a KMS key ARN.")
	}
	if in.DelegatedAdminAccount != nil {
		if _, e := c.management(); e != nil {
			return nil, e
		}
		if !reAccountID.MatchString(*in.DelegatedAdminAccount) {
			return nil, validation("fieldValidationFailed", "delegatedAdminAccount must be a 12-digit account ID.")
		}
	}
	me := c.Caller.AccountID
	if a := c.st.Admins[c.Region]; a != nil && a.Account == me &&
		c.Now.Before(a.Since.Add(time.Duration(stored.Get(c.Call).AdminSettleDelay))) {
		return nil, accessDenied(msgNotReady)
	}
	if c.maintenance() && !c.st.Ever[c.Region][me] {
		return nil, invalid(msgMaintenance)
	}
	if in.DelegatedAdminAccount != nil {
		if _, e := c.designate(*in.DelegatedAdminAccount); e != nil {
			return nil, e
		}
	}
	mark(c.st.Registered, c.Region, me, true)
	mark(c.st.Ever, c.Region, me, true)
	return &statusOut{Status: "ACTIVE"}, nil
}

var kmsArn = sandbox.NewPattern(`^arn:.*:kms:.*`)

func accountStatus(c *call, _ *empty) (*statusOut, *sandbox.Error) {
	if c.st.Registered[c.Region][c.Caller.AccountID] {
		return &statusOut{Status: "ACTIVE"}, nil
	}
	return &statusOut{Status: "INACTIVE"}, nil
}

func deregisterAccount(c *call, _ *empty) (*statusOut, *sandbox.Error) {
	if !c.st.Registered[c.Region][c.Caller.AccountID] {
		return nil, accessDenied(msgNotRegistered)
	}
	mark(c.st.Registered, c.Region, c.Caller.AccountID, false)
	return &statusOut{Status: "INACTIVE"}, nil
}
