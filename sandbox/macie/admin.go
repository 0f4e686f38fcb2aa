package macie

import (
	"regexp"
	"time"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// The organization's Macie administrator, per region:
// EnableOrganizationAdminAccount, DisableOrganizationAdminAccount,
// ListOrganizationAdminAccounts. Only the management account calls them.

// principal is Macie's service principal in Organizations.
const principal = "macie.amazonaws.com"

var reAccountID = regexp.MustCompile(`^\d{12}$`)

// management checks the caller is the organization's management account.
func (c *call) management() (*organizations.Org, *sandbox.Error) {
	org := organizations.Of(c.Call)
	if c.Caller.AccountID != org.ManagementAccountID() {
		return nil, denied(msgDenied)
	}
	return org, nil
}

type enableAdminInput struct {
	AdminAccountId *string `json:"adminAccountId"`
	ClientToken    *string `json:"clientToken"`
}

// enableAdmin designates an active account as the region's administrator:
// with trusted access for Macie, one per region and the same in every
// region. A member account becomes Organizations' delegated administrator
// for Macie and gets Macie enabled in the region.
func enableAdmin(c *call, in *enableAdminInput) (*empty, *sandbox.Error) {
	org, e := c.management()
	if e != nil {
		return nil, e
	}
	if in.AdminAccountId == nil || !reAccountID.MatchString(*in.AdminAccountId) || in.ClientToken != nil && len(*in.ClientToken) > 64 {
		return nil, validation()
	}
	acct := *in.AdminAccountId
	if !org.TrustedAccess(principal) || !org.IsActiveMember(acct) {
		return nil, invalid(msgNotInOrg)
	}
	if a := c.st.Admins[c.Region]; a != nil {
		if a.Account != acct {
			return nil, conflict()
		}
		return &empty{}, nil // designated already
	}
	for _, a := range c.st.Admins {
		if a.Account != acct {
			return nil, conflict() // the same administrator in every region
		}
	}
	if acct != org.ManagementAccountID() {
		for _, other := range org.DelegatedAdministrators(principal) {
			if other != acct {
				return nil, conflict()
			}
		}
		if !org.IsDelegatedAdministrator(acct, principal) {
			if e := org.RegisterDelegatedAdministrator(acct, principal); e != nil {
				return nil, conflict()
			}
		}
		c.st.enable(acct, c.Region, c.Now)
	}
	c.st.Admins[c.Region] = &admin{Account: acct, Since: c.Now, Members: map[string]*member{}}
	return &empty{}, nil
}

// enable turns Macie on for account in region, if it is not.
func (st *state) enable(account, region string, now time.Time) {
	if st.Sessions[sessionKey(account, region)] == nil {
		st.Sessions[sessionKey(account, region)] = &session{Status: "ENABLED", Frequency: "FIFTEEN_MINUTES", CreatedAt: now, UpdatedAt: now}
	}
}

type disableAdminInput struct {
	AdminAccountId *string `json:"-" query:"adminAccountId"`
}

// disableAdmin removes the region's administrator, and with it its
// memberships there. The registration in Organizations stays: removing it
// is Organizations' DeregisterDelegatedAdministrator.
func disableAdmin(c *call, in *disableAdminInput) (*empty, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	if in.AdminAccountId == nil || !reAccountID.MatchString(*in.AdminAccountId) {
		return nil, validation()
	}
	a := c.st.Admins[c.Region]
	if a == nil || a.Account != *in.AdminAccountId {
		return nil, notFound()
	}
	delete(c.st.Admins, c.Region)
	return &empty{}, nil
}

type listInput struct {
	MaxResults *int32  `json:"-" query:"maxResults"`
	NextToken  *string `json:"-" query:"nextToken"`
}

// page validates maxResults (1-25, default 25) and selects a page.
func (c *call) page(in listInput, scope string, total int) (start, end int, next *string, e *sandbox.Error) {
	size := 25
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 25 {
			return 0, 0, nil, validation()
		}
		size = int(*in.MaxResults)
	}
	start, end, next, ok := c.Page(c.Op+"|"+scope, total, size, in.NextToken)
	if !ok {
		return 0, 0, nil, validation()
	}
	return start, end, next, nil
}

type adminAccountOut struct {
	AccountId string `json:"accountId"`
	Status    string `json:"status"`
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
		all = append(all, adminAccountOut{AccountId: a.Account, Status: "ENABLED"})
	}
	start, end, next, e := c.page(*in, c.Region, len(all))
	if e != nil {
		return nil, e
	}
	return &listAdminsOut{AdminAccounts: append([]adminAccountOut{}, all[start:end]...), NextToken: next}, nil
}

// Macie in the caller's own account: EnableMacie, GetMacieSession.

type enableMacieInput struct {
	ClientToken                *string `json:"clientToken"`
	FindingPublishingFrequency *string `json:"findingPublishingFrequency"`
	Status                     *string `json:"status"`
}

func enableMacie(c *call, in *enableMacieInput) (*empty, *sandbox.Error) {
	switch {
	case in.FindingPublishingFrequency != nil && *in.FindingPublishingFrequency != "FIFTEEN_MINUTES" &&
		*in.FindingPublishingFrequency != "ONE_HOUR" && *in.FindingPublishingFrequency != "SIX_HOURS",
		in.Status != nil && *in.Status != "ENABLED" && *in.Status != "PAUSED":
		return nil, validation()
	case c.st.Sessions[sessionKey(c.Caller.AccountID, c.Region)] != nil:
		return nil, conflict() // already enabled
	}
	c.st.enable(c.Caller.AccountID, c.Region, c.Now)
	s := c.st.Sessions[sessionKey(c.Caller.AccountID, c.Region)]
	if in.FindingPublishingFrequency != nil {
		s.Frequency = *in.FindingPublishingFrequency
	}
	if in.Status != nil {
		s.Status = *in.Status
	}
	return &empty{}, nil
}

type sessionOut struct {
	CreatedAt                  string `json:"createdAt"`
	FindingPublishingFrequency string `json:"findingPublishingFrequency"`
	ServiceRole                string `json:"serviceRole"`
	Status                     string `json:"status"`
	UpdatedAt                  string `json:"updatedAt"`
}

func getSession(c *call, _ *empty) (*sessionOut, *sandbox.Error) {
	s := c.st.Sessions[sessionKey(c.Caller.AccountID, c.Region)]
	if s == nil {
		return nil, denied(msgNotEnabled)
	}
	return &sessionOut{CreatedAt: iso(s.CreatedAt), UpdatedAt: iso(s.UpdatedAt), Status: s.Status, FindingPublishingFrequency: s.Frequency,
		ServiceRole: "arn:aws:iam::" + c.Caller.AccountID + ":role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie"}, nil
}
