package detective

import (
	"regexp"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// The organization's Detective administrator, per region:
// EnableOrganizationAdminAccount, DisableOrganizationAdminAccount,
// ListOrganizationAdminAccounts. Only the management account calls them.

// principal is Detective's service principal in Organizations.
const principal = "detective.amazonaws.com"

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
	AccountId *string `json:"AccountId"`
}

// enableAdmin designates an active account as the region's administrator
// and makes its organization behavior graph (or adopts the graph it has).
func enableAdmin(c *call, in *enableAdminInput) (*empty, *sandbox.Error) {
	org, e := c.management()
	if e != nil {
		return nil, e
	}
	if in.AccountId == nil || !reAccountID.MatchString(*in.AccountId) {
		return nil, invalid("INVALID_REQUEST_BODY", msgInput)
	}
	acct := *in.AccountId
	if !org.TrustedAccess(principal) || !org.IsActiveMember(acct) {
		return nil, invalid("INVALID_REQUEST_BODY", msgNotInOrg)
	}
	if a := c.st.Admins[c.Region]; a != nil {
		if a.Account != acct {
			return nil, conflict()
		}
		return &empty{}, nil // designated already
	}
	if acct != org.ManagementAccountID() {
		// With a delegated administrator registered, only it (or the
		// management account) may be chosen.
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
	}
	g := c.st.graphOf(acct, c.Region)
	if g == nil {
		g = &graph{Arn: "arn:aws:detective:" + c.Region + ":" + acct + ":graph:" + sandbox.RandHex(32), Account: acct, Region: c.Region,
			CreatedAt: c.Now, Members: map[string]*member{}}
		c.st.Graphs[g.Arn] = g
	}
	c.st.Admins[c.Region] = &admin{Account: acct, Graph: g.Arn, Since: c.Now}
	return &empty{}, nil
}

// disableAdmin removes the region's administrator and deletes the
// organization behavior graph. The registration in Organizations stays.
func disableAdmin(c *call, _ *empty) (*empty, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	a := c.st.Admins[c.Region]
	if a == nil {
		return nil, notFound()
	}
	delete(c.st.Graphs, a.Graph)
	delete(c.st.Admins, c.Region)
	return &empty{}, nil
}

type listInput struct {
	MaxResults *int32  `json:"MaxResults"`
	NextToken  *string `json:"NextToken"`
}

// page validates MaxResults (1-200, default 200) and selects a page.
func (c *call) page(in listInput, scope string, total int) (start, end int, next *string, e *sandbox.Error) {
	size := 200
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 200 {
			return 0, 0, nil, invalid("INVALID_REQUEST_BODY", msgInput)
		}
		size = int(*in.MaxResults)
	}
	start, end, next, ok := c.Page(c.Op+"|"+scope, total, size, in.NextToken)
	if !ok {
		return 0, 0, nil, invalid("INVALID_REQUEST_BODY", msgInput)
	}
	return start, end, next, nil
}

type administratorOut struct {
	AccountId      string `json:"AccountId"`
	GraphArn       string `json:"GraphArn"`
	DelegationTime string `json:"DelegationTime"`
}

type listAdminsOut struct {
	Administrators []administratorOut `json:"Administrators"`
	NextToken      *string            `json:"NextToken,omitempty"`
}

func listAdmins(c *call, in *listInput) (*listAdminsOut, *sandbox.Error) {
	if _, e := c.management(); e != nil {
		return nil, e
	}
	var all []administratorOut
	if a := c.st.Admins[c.Region]; a != nil {
		all = append(all, administratorOut{AccountId: a.Account, GraphArn: a.Graph, DelegationTime: iso(a.Since)})
	}
	start, end, next, e := c.page(*in, c.Region, len(all))
	if e != nil {
		return nil, e
	}
	return &listAdminsOut{Administrators: append([]administratorOut{}, all[start:end]...), NextToken: next}, nil
}

type graphOut struct {
	Arn         string `json:"Arn"`
	CreatedTime string `json:"CreatedTime"`
}

type listGraphsOut struct {
	GraphList []graphOut `json:"GraphList"`
	NextToken *string    `json:"NextToken,omitempty"`
}

// listGraphs lists the caller's behavior graphs in the region (at most one).
func listGraphs(c *call, in *listInput) (*listGraphsOut, *sandbox.Error) {
	var all []graphOut
	if g := c.st.graphOf(c.Caller.AccountID, c.Region); g != nil {
		all = append(all, graphOut{Arn: g.Arn, CreatedTime: iso(g.CreatedAt)})
	}
	start, end, next, e := c.page(*in, c.Caller.AccountID+"|"+c.Region, len(all))
	if e != nil {
		return nil, e
	}
	return &listGraphsOut{GraphList: append([]graphOut{}, all[start:end]...), NextToken: next}, nil
}
