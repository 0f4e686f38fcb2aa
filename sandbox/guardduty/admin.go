package guardduty

import (
	"regexp"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// The organization's GuardDuty administrator, per region:
// EnableOrganizationAdminAccount, DisableOrganizationAdminAccount,
// ListOrganizationAdminAccounts. Only the management account calls them.

// principal is GuardDuty's service principal in Organizations.
const principal = "guardduty.amazonaws.com"

var reAccountID = regexp.MustCompile(`^\d{12}$`)

type adminInput struct {
	AdminAccountId *string `json:"adminAccountId"`
}

// management checks the caller is the organization's management account.
func (c *call) management() (*organizations.Org, *sandbox.Error) {
	org := organizations.Of(c.Call)
	if c.Caller.AccountID != org.ManagementAccountID() {
		return nil, badRequest(msgNotMaster)
	}
	return org, nil
}

// enableAdmin designates an active member account as the region's
// administrator: with trusted access for GuardDuty, never the management
// account, one per region and the same in every region. The account
// becomes (if it is not yet) Organizations' delegated administrator for
// guardduty.amazonaws.com, and gets a detector in the region if it has
// none. Its organization configuration settles for the settle delay.
func enableAdmin(c *call, in *adminInput) (*empty, *sandbox.Error) {
	org, e := c.management()
	if e != nil {
		return nil, e
	}
	if in.AdminAccountId == nil || !reAccountID.MatchString(*in.AdminAccountId) {
		return nil, badRequest(msgInvalid)
	}
	acct := *in.AdminAccountId
	switch {
	case !org.TrustedAccess(principal),
		acct == org.ManagementAccountID(),
		!org.IsActiveMember(acct):
		return nil, badRequest(msgInvalid)
	}
	if a := c.st.Admins[c.Region]; a != nil {
		if a.Account != acct {
			return nil, badRequest(msgInvalid)
		}
		return &empty{}, nil // designated already
	}
	for _, other := range org.DelegatedAdministrators(principal) {
		if other != acct {
			return nil, badRequest(msgInvalid) // the same administrator in every region
		}
	}
	if !org.IsDelegatedAdministrator(acct, principal) {
		if e := org.RegisterDelegatedAdministrator(acct, principal); e != nil {
			return nil, badRequest(msgInvalid)
		}
	}
	if c.st.detectorOf(acct, c.Region) == nil {
		c.st.newDetector(acct, c.Region, c.Now)
	}
	c.st.Admins[c.Region] = &admin{Account: acct, Since: c.Now, Config: orgConfig{Members: "NONE"}}
	return &empty{}, nil
}

// disableAdmin removes the region's administrator. As on AWS, the account
// stays Organizations' delegated administrator for GuardDuty: removing
// that is a separate, global DeregisterDelegatedAdministrator.
func disableAdmin(c *call, in *adminInput) (*empty, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	if in.AdminAccountId == nil || !reAccountID.MatchString(*in.AdminAccountId) {
		return nil, badRequest(msgInvalid)
	}
	a := c.st.Admins[c.Region]
	if a == nil || a.Account != *in.AdminAccountId {
		return nil, badRequest(msgInvalid)
	}
	delete(c.st.Admins, c.Region)
	return &empty{}, nil
}

type adminAccountOut struct {
	AdminAccountId string `json:"adminAccountId"`
	AdminStatus    string `json:"adminStatus"`
}

type listAdminsOut struct {
	AdminAccounts []adminAccountOut `json:"adminAccounts"`
	NextToken     *string           `json:"nextToken,omitempty"`
}

func listAdmins(c *call, in *listInput) (*listAdminsOut, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	var all []adminAccountOut
	if a := c.st.Admins[c.Region]; a != nil {
		all = append(all, adminAccountOut{AdminAccountId: a.Account, AdminStatus: "ENABLED"})
	}
	start, end, next, e := c.page(*in, c.Region, len(all))
	if e != nil {
		return nil, e
	}
	return &listAdminsOut{AdminAccounts: append([]adminAccountOut{}, all[start:end]...), NextToken: next}, nil
}
