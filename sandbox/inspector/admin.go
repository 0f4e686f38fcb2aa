package inspector

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// The organization's Inspector administrator, per region:
// EnableDelegatedAdminAccount, DisableDelegatedAdminAccount,
// ListDelegatedAdminAccounts, GetDelegatedAdminAccount. Only the
// management account calls them.

// principal is Inspector's service principal in Organizations.
const principal = "inspector2.amazonaws.com"

var reAccountID = sandbox.NewPattern(`^\d{12}$`)

// management checks the caller is the organization's management account.
func (c *call) management() (*organizations.Org, *sandbox.Error) {
	org := organizations.Of(c.Call)
	if c.Caller.AccountID != org.ManagementAccountID() {
		return nil, accessDenied(msgNotManagement)
	}
	return org, nil
}

type enableAdminInput struct {
	DelegatedAdminAccountId *string `json:"delegatedAdminAccountId"`
	ClientToken             *string `json:"clientToken"`
}

type adminAccountOut struct {
	DelegatedAdminAccountId string `json:"delegatedAdminAccountId"`
}

// enableAdmin designates an active member account as the region's
// administrator: with trusted access for Inspector, never the management
// account, one per region and the same account in every region. The
// account becomes (if it is not yet) Organizations' delegated
// administrator for inspector2.amazonaws.com. Its calls as administrator
// are refused for the settle delay.
func enableAdmin(c *call, in *enableAdminInput) (*adminAccountOut, *sandbox.Error) {
	org, e := c.management()
	if e != nil {
		return nil, e
	}
	if e := fieldCheck(func(v *sandbox.Validator) {
		v.Str("delegatedAdminAccountId", in.DelegatedAdminAccountId, true, 12, 12, reAccountID)
		v.Str("clientToken", in.ClientToken, false, 1, 64, nil)
	}); e != nil {
		return nil, e
	}
	acct := *in.DelegatedAdminAccountId
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
		switch {
		case !a.GoneAt.IsZero():
			return nil, conflict(msgDisabling, a.Account)
		case a.Account != acct:
			return nil, conflict(msgOtherAdmin, a.Account)
		}
		return &adminAccountOut{DelegatedAdminAccountId: acct}, nil // designated already
	}
	for _, other := range org.DelegatedAdministrators(principal) {
		if other != acct {
			return nil, conflict(msgOtherAdmin, other) // the same administrator in every region
		}
	}
	if !org.IsDelegatedAdministrator(acct, principal) {
		if e := org.RegisterDelegatedAdministrator(acct, principal); e != nil {
			return nil, invalid(e.Message)
		}
	}
	c.st.Admins[c.Region] = &admin{Account: acct, Since: c.Now}
	return &adminAccountOut{DelegatedAdminAccountId: acct}, nil
}

type disableAdminInput struct {
	DelegatedAdminAccountId *string `json:"delegatedAdminAccountId"`
}

// disableAdmin starts removing the region's administrator: it is
// DISABLE_IN_PROGRESS for the settle delay, then gone with its members'
// associations. As with GuardDuty, the account stays Organizations'
// delegated administrator: removing that is DeregisterDelegatedAdministrator.
func disableAdmin(c *call, in *disableAdminInput) (*adminAccountOut, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	if e := fieldCheck(func(v *sandbox.Validator) {
		v.Str("delegatedAdminAccountId", in.DelegatedAdminAccountId, true, 12, 12, reAccountID)
	}); e != nil {
		return nil, e
	}
	a := c.st.Admins[c.Region]
	switch {
	case a == nil || a.Account != *in.DelegatedAdminAccountId:
		return nil, notFound(msgNoAdmin)
	case !a.GoneAt.IsZero():
		return nil, conflict(msgDisabling, a.Account)
	}
	a.GoneAt = c.Now.Add(time.Duration(stored.Get(c.Call).AdminSettleDelay))
	c.st.advance(c.Now)
	return &adminAccountOut{DelegatedAdminAccountId: a.Account}, nil
}

type listAdminsInput struct {
	MaxResults *int32  `json:"maxResults"`
	NextToken  *string `json:"nextToken"`
}

type delegatedAdminAccount struct {
	AccountId string `json:"accountId"`
	Status    string `json:"status"`
}

type listAdminsOut struct {
	DelegatedAdminAccounts []delegatedAdminAccount `json:"delegatedAdminAccounts"`
	NextToken              *string                 `json:"nextToken,omitempty"`
}

func listAdmins(c *call, in *listAdminsInput) (*listAdminsOut, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	if e := fieldCheck(func(v *sandbox.Validator) { v.IntRange("maxResults", in.MaxResults, 1, 5) }); e != nil {
		return nil, e
	}
	var all []delegatedAdminAccount
	if a := c.st.Admins[c.Region]; a != nil {
		status := "ENABLED"
		if !a.GoneAt.IsZero() {
			status = "DISABLE_IN_PROGRESS"
		}
		all = append(all, delegatedAdminAccount{AccountId: a.Account, Status: status})
	}
	start, end, next, e := c.page(in.MaxResults, in.NextToken, 5, len(all))
	if e != nil {
		return nil, e
	}
	return &listAdminsOut{DelegatedAdminAccounts: append([]delegatedAdminAccount{}, all[start:end]...), NextToken: next}, nil
}

// page selects a page of total items, size items by default.
func (c *call) page(maxResults *int32, token *string, size, total int) (start, end int, next *string, e *sandbox.Error) {
	if maxResults != nil {
		size = int(*maxResults)
	}
	start, end, next, ok := c.Page(c.Op+"|"+c.Region+"|"+c.Caller.AccountID, total, size, token)
	if !ok {
		return 0, 0, nil, validation("FIELD_VALIDATION_FAILED", "The nextToken is not valid.")
	}
	return start, end, next, nil
}

type empty struct{}

type getAdminOut struct {
	DelegatedAdmin *delegatedAdmin `json:"delegatedAdmin,omitempty"`
}

type delegatedAdmin struct {
	AccountId          string `json:"accountId"`
	RelationshipStatus string `json:"relationshipStatus"`
}

func getAdmin(c *call, _ *empty) (*getAdminOut, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	a := c.st.Admins[c.Region]
	if a == nil {
		return nil, notFound("No delegated administrator is enabled for the organization.")
	}
	status := "ENABLED"
	if !a.GoneAt.IsZero() {
		status = "DISABLED"
	}
	return &getAdminOut{DelegatedAdmin: &delegatedAdmin{AccountId: a.Account, RelationshipStatus: status}}, nil
}

// administrator checks the caller is the region's administrator, settled;
// with needEnabled, also that it has Inspector enabled for itself.
func (c *call) administrator(needEnabled bool) (*admin, *sandbox.Error) {
	a := c.st.Admins[c.Region]
	if a == nil || a.Account != c.Caller.AccountID || !a.GoneAt.IsZero() {
		return nil, accessDenied(msgNotAdmin)
	}
	if c.Now.Before(a.Since.Add(time.Duration(stored.Get(c.Call).AdminSettleDelay))) {
		return nil, accessDenied(msgNotReady)
	}
	if needEnabled && len(c.st.enabled(a.Account, c.Region)) == 0 {
		return nil, invalid(msgNotEnabled)
	}
	return a, nil
}
