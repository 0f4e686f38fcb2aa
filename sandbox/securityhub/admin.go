package securityhub

import (
	"regexp"
	"time"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// The organization's Security Hub administrator, per Region:
// EnableOrganizationAdminAccount, DisableOrganizationAdminAccount,
// ListOrganizationAdminAccounts (the management account only); and
// Security Hub in the caller's account: EnableSecurityHub, DescribeHub.

// principal is Security Hub's service principal in Organizations.
const principal = "securityhub.amazonaws.com"

var reAccountID = regexp.MustCompile(`^\d{12}$`)

type adminInput struct {
	AdminAccountId *string `json:"AdminAccountId"`
	Feature        *string `json:"Feature"`
}

// management checks the caller is the organization's management account.
func (c *call) management() (*organizations.Org, *sandbox.Error) {
	org := organizations.Of(c.Call)
	if c.Caller.AccountID != org.ManagementAccountID() {
		return nil, accessDenied("Only the management account of the organization can manage the Security Hub administrator account.")
	}
	return org, nil
}

// feature checks the Feature member: only Security Hub CSPM's (the
// default) is emulated.
func feature(f *string) *sandbox.Error {
	if f != nil && *f != "SecurityHub" {
		return invalidInput("Feature " + *f + " is not supported")
	}
	return nil
}

// enableAdmin designates an active member account as the Region's
// administrator: with trusted access for Security Hub, never the
// management account, one per Region and the same account in every
// Region. The account becomes Organizations' delegated administrator for
// securityhub.amazonaws.com (if it is not yet) and gets Security Hub
// enabled in the Region; its organization configuration settles for the
// settle delay.
func enableAdmin(c *call, in *adminInput) (*empty, *sandbox.Error) {
	org, e := c.management()
	if e != nil {
		return nil, e
	}
	if e := feature(in.Feature); e != nil {
		return nil, e
	}
	if in.AdminAccountId == nil || !reAccountID.MatchString(*in.AdminAccountId) {
		return nil, invalidInput("AdminAccountId must be a 12-digit AWS account ID")
	}
	acct := *in.AdminAccountId
	switch {
	case !org.TrustedAccess(principal):
		return nil, invalidInput("Trusted access for Security Hub is not enabled in AWS Organizations. Enable it and try again.")
	case acct == org.ManagementAccountID():
		return nil, invalidInput("The management account of the organization cannot be the Security Hub administrator account.")
	case !org.IsActiveMember(acct):
		return nil, invalidInput("Account " + acct + " is not an active member of the organization.")
	}
	if a := c.st.Admins[c.Region]; a != nil {
		if a.Account != acct {
			return nil, invalidInput("Account " + a.Account + " is already the Security Hub administrator account in this Region.")
		}
		return &empty{}, nil // designated already
	}
	for _, other := range org.DelegatedAdministrators(principal) {
		if other != acct {
			return nil, invalidInput("Account " + other + " is the delegated administrator for Security Hub: the administrator account must be the same in every Region.")
		}
	}
	if !org.IsDelegatedAdministrator(acct, principal) {
		if e := org.RegisterDelegatedAdministrator(acct, principal); e != nil {
			return nil, invalidInput(e.Message)
		}
	}
	if _, on := c.st.Hubs[hubKey(acct, c.Region)]; !on {
		c.st.Hubs[hubKey(acct, c.Region)] = c.Now
	}
	c.st.Admins[c.Region] = &admin{Account: acct, Since: c.Now}
	return &empty{}, nil
}

// disableAdmin removes the Region's administrator. As on AWS, the account
// stays Organizations' delegated administrator for Security Hub.
func disableAdmin(c *call, in *adminInput) (*empty, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	if e := feature(in.Feature); e != nil {
		return nil, e
	}
	if in.AdminAccountId == nil || !reAccountID.MatchString(*in.AdminAccountId) {
		return nil, invalidInput("AdminAccountId must be a 12-digit AWS account ID")
	}
	a := c.st.Admins[c.Region]
	if a == nil || a.Account != *in.AdminAccountId {
		return nil, invalidInput("Account " + *in.AdminAccountId + " is not the Security Hub administrator account in this Region.")
	}
	// Central configuration keeps its administrator in the home Region
	// (peers switch back to LOCAL before they can remove it).
	if agg := c.st.Aggregators[a.Account]; agg != nil && agg.Region == c.Region {
		if oc := c.st.OrgConfigs[agg.Region]; oc != nil && oc.Type == "CENTRAL" {
			return nil, invalidInput("The administrator account cannot be removed while the organization uses central configuration. Switch to local configuration first.")
		}
	}
	delete(c.st.Admins, c.Region)
	return &empty{}, nil
}

type listAdminsInput struct {
	MaxResults *int32  `json:"-" query:"MaxResults"`
	NextToken  *string `json:"-" query:"NextToken"`
	Feature    *string `json:"-" query:"Feature"`
}

type adminAccountOut struct {
	AccountId string `json:"AccountId"`
	Status    string `json:"Status"`
}

type listAdminsOut struct {
	AdminAccounts []adminAccountOut `json:"AdminAccounts"`
	Feature       string            `json:"Feature,omitempty"`
	NextToken     *string           `json:"NextToken,omitempty"`
}

func listAdmins(c *call, in *listAdminsInput) (*listAdminsOut, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	if e := feature(in.Feature); e != nil {
		return nil, e
	}
	all := []adminAccountOut{}
	if a := c.st.Admins[c.Region]; a != nil {
		all = append(all, adminAccountOut{AccountId: a.Account, Status: "ENABLED"})
	}
	start, end, next, e := c.page(in.MaxResults, in.NextToken, c.Region, len(all), 10)
	if e != nil {
		return nil, e
	}
	return &listAdminsOut{AdminAccounts: all[start:end], NextToken: next}, nil
}

// admin returns the Region's administrator if it is the caller and has
// settled; otherwise AWS's InvalidAccessException.
func (c *call) admin() (*admin, *sandbox.Error) {
	a := c.st.Admins[c.Region]
	if a == nil || a.Account != c.Caller.AccountID ||
		c.Now.Before(a.Since.Add(time.Duration(c.set.AdminSettleDelay))) {
		return nil, invalidAccess(msgNotAdmin(c.Caller.AccountID))
	}
	return a, nil
}

// subscribed checks Security Hub is enabled for the caller in its Region.
func (c *call) subscribed() *sandbox.Error {
	if _, on := c.st.Hubs[hubKey(c.Caller.AccountID, c.Region)]; !on {
		return invalidAccess(msgNotSubscribed(c.Caller.AccountID))
	}
	return nil
}

type enableHubInput struct {
	EnableDefaultStandards  *bool             `json:"EnableDefaultStandards"`
	ControlFindingGenerator *string           `json:"ControlFindingGenerator"`
	Tags                    map[string]string `json:"Tags"`
}

// enableHub enables Security Hub for the caller in its Region.
func enableHub(c *call, in *enableHubInput) (*empty, *sandbox.Error) {
	if g := in.ControlFindingGenerator; g != nil && *g != "STANDARD_CONTROL" && *g != "SECURITY_CONTROL" {
		return nil, invalidInput("Invalid ControlFindingGenerator " + *g)
	}
	k := hubKey(c.Caller.AccountID, c.Region)
	if _, on := c.st.Hubs[k]; on {
		return nil, conflict("Account " + c.Caller.AccountID + " is already subscribed to Security Hub")
	}
	c.st.Hubs[k] = c.Now
	return &empty{}, nil
}

type describeHubInput struct {
	HubArn *string `json:"-" query:"HubArn"`
}

type describeHubOut struct {
	HubArn                  string `json:"HubArn"`
	SubscribedAt            string `json:"SubscribedAt"`
	AutoEnableControls      bool   `json:"AutoEnableControls"`
	ControlFindingGenerator string `json:"ControlFindingGenerator"`
}

func describeHub(c *call, in *describeHubInput) (*describeHubOut, *sandbox.Error) {
	since, on := c.st.Hubs[hubKey(c.Caller.AccountID, c.Region)]
	arn := "arn:aws:securityhub:" + c.Region + ":" + c.Caller.AccountID + ":hub/default"
	if !on || in.HubArn != nil && *in.HubArn != arn {
		return nil, invalidAccess(msgNotSubscribed(c.Caller.AccountID))
	}
	return &describeHubOut{HubArn: arn, SubscribedAt: timeString(since), AutoEnableControls: true, ControlFindingGenerator: "SECURITY_CONTROL"}, nil
}
