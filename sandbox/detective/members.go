package detective

import (
	"regexp"
	"time"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// The organization configuration and members of the organization behavior
// graph, kept by the region's administrator:
// UpdateOrganizationConfiguration, DescribeOrganizationConfiguration,
// CreateMembers, ListMembers, DeleteMembers.

var (
	reGraphArn = regexp.MustCompile(`^arn:aws[-\w]{0,10}?:detective:[-\w]{2,20}?:\d{12}?:graph:[abcdef\d]{32}?$`)
	// reEmail is the model's EmailAddress pattern, but for its top-level
	// domain of 2 to 6 letters: the sandbox's own accounts are at
	// sandbox.example.
	reEmail = regexp.MustCompile(`^.+@(?:(?:[A-Za-z0-9][A-Za-z0-9-]{0,61})?[A-Za-z0-9]\.)+[A-Za-z]{2,63}$`)
)

// orgGraph checks the caller is the region's administrator, settled, and
// names its organization behavior graph; it enrols the accounts that
// joined since auto-enable was turned on.
func (c *call) orgGraph(arn *string) (*graph, *sandbox.Error) {
	if arn == nil || !reGraphArn.MatchString(*arn) {
		return nil, invalid("INVALID_GRAPH_ARN", msgGraphArn)
	}
	a := c.st.Admins[c.Region]
	if a == nil || a.Account != c.Caller.AccountID ||
		c.Now.Before(a.Since.Add(time.Duration(stored.Get(c.Call).AdminSettleDelay))) {
		return nil, denied(msgNotAdmin)
	}
	if *arn != a.Graph {
		return nil, notFound()
	}
	g := c.st.Graphs[a.Graph]
	c.autoEnable(g)
	return g, nil
}

// autoEnable makes members of the active accounts that joined the
// organization after auto-enable was turned on, up to the quota.
func (c *call) autoEnable(g *graph) {
	if !g.AutoEnable {
		return
	}
	limit := stored.Get(c.Call).MemberLimit
	for _, acct := range organizations.Of(c.Call).Accounts() {
		if acct.State != "ACTIVE" || !acct.JoinedAt.After(g.AutoEnableSince) || acct.ID == g.Account || g.Members[acct.ID] != nil {
			continue
		}
		if len(g.Members) >= limit {
			return
		}
		g.Members[acct.ID] = &member{Account: acct.ID, Email: acct.Email, Organization: true, Status: "ENABLED", UpdatedAt: acct.JoinedAt, Seq: g.nextSeq()}
	}
}

type orgConfigInput struct {
	GraphArn   *string `json:"GraphArn"`
	AutoEnable *bool   `json:"AutoEnable"`
}

func updateOrgConfig(c *call, in *orgConfigInput) (*empty, *sandbox.Error) {
	g, e := c.orgGraph(in.GraphArn)
	if e != nil {
		return nil, e
	}
	auto := in.AutoEnable != nil && *in.AutoEnable
	if auto && !g.AutoEnable {
		g.AutoEnableSince = c.Now
	}
	g.AutoEnable = auto
	return &empty{}, nil
}

type orgConfigOut struct {
	AutoEnable bool `json:"AutoEnable"`
}

func describeOrgConfig(c *call, in *orgConfigInput) (*orgConfigOut, *sandbox.Error) {
	g, e := c.orgGraph(in.GraphArn)
	if e != nil {
		return nil, e
	}
	return &orgConfigOut{AutoEnable: g.AutoEnable}, nil
}

type accountIn struct {
	AccountId    *string `json:"AccountId"`
	EmailAddress *string `json:"EmailAddress"`
}

type createMembersInput struct {
	GraphArn                 *string     `json:"GraphArn"`
	Accounts                 []accountIn `json:"Accounts"`
	DisableEmailNotification bool        `json:"DisableEmailNotification"`
	Message                  *string     `json:"Message"`
}

type unprocessedOut struct {
	AccountId string `json:"AccountId"`
	Reason    string `json:"Reason"`
}

type memberOut struct {
	AccountId       string  `json:"AccountId"`
	AdministratorId string  `json:"AdministratorId"`
	MasterId        string  `json:"MasterId"`
	EmailAddress    *string `json:"EmailAddress,omitempty"`
	GraphArn        string  `json:"GraphArn"`
	InvitationType  string  `json:"InvitationType"`
	Status          string  `json:"Status"`
	InvitedTime     *string `json:"InvitedTime,omitempty"`
	UpdatedTime     string  `json:"UpdatedTime"`
}

type createMembersOut struct {
	Members             []memberOut      `json:"Members"`
	UnprocessedAccounts []unprocessedOut `json:"UnprocessedAccounts"`
}

// createMembers enables organization accounts as members (invites others),
// 1 to 50 a call; what it cannot take comes back with the reason.
func createMembers(c *call, in *createMembersInput) (*createMembersOut, *sandbox.Error) {
	g, e := c.orgGraph(in.GraphArn)
	if e != nil {
		return nil, e
	}
	if len(in.Accounts) < 1 || len(in.Accounts) > 50 || in.Message != nil && len(*in.Message) > 1000 {
		return nil, invalid("INVALID_REQUEST_BODY", msgInput)
	}
	for _, a := range in.Accounts {
		if a.AccountId == nil || len(*a.AccountId) != 12 || !reAccountID.MatchString(*a.AccountId) ||
			a.EmailAddress != nil && (len(*a.EmailAddress) > 64 || !reEmail.MatchString(*a.EmailAddress)) {
			return nil, invalid("INVALID_REQUEST_BODY", msgInput)
		}
	}
	org := organizations.Of(c.Call)
	limit := stored.Get(c.Call).MemberLimit
	out := &createMembersOut{Members: []memberOut{}, UnprocessedAccounts: []unprocessedOut{}}
	for _, a := range in.Accounts {
		id := *a.AccountId
		reason := ""
		switch {
		case id == g.Account:
			reason = msgSelf
		case g.Members[id] != nil:
			reason = msgMember
		case org.IsMember(id) && !org.IsActiveMember(id):
			reason = msgSuspended
		case !org.IsMember(id) && a.EmailAddress == nil:
			reason = msgNeedsEmail
		case len(g.Members) >= limit:
			reason = msgQuota
		}
		if reason != "" {
			out.UnprocessedAccounts = append(out.UnprocessedAccounts, unprocessedOut{AccountId: id, Reason: reason})
			continue
		}
		m := &member{Account: id, Organization: org.IsMember(id), Status: "ENABLED", UpdatedAt: c.Now, Seq: g.nextSeq()}
		if a.EmailAddress != nil {
			m.Email = *a.EmailAddress
		}
		if !m.Organization {
			m.Status = "INVITED"
		}
		g.Members[id] = m
		out.Members = append(out.Members, c.memberOut(g, m))
	}
	return out, nil
}

func (c *call) memberOut(g *graph, m *member) memberOut {
	o := memberOut{AccountId: m.Account, AdministratorId: g.Account, MasterId: g.Account, GraphArn: g.Arn,
		InvitationType: "ORGANIZATION", Status: m.Status, UpdatedTime: iso(m.UpdatedAt)}
	if m.Email != "" {
		o.EmailAddress = &m.Email
	}
	if !m.Organization {
		o.InvitationType = "INVITATION"
		t := iso(m.UpdatedAt)
		o.InvitedTime = &t
	}
	return o
}

type listMembersInput struct {
	GraphArn   *string `json:"GraphArn"`
	MaxResults *int32  `json:"MaxResults"`
	NextToken  *string `json:"NextToken"`
}

type listMembersOut struct {
	MemberDetails []memberOut `json:"MemberDetails"`
	NextToken     *string     `json:"NextToken,omitempty"`
}

func listMembers(c *call, in *listMembersInput) (*listMembersOut, *sandbox.Error) {
	g, e := c.orgGraph(in.GraphArn)
	if e != nil {
		return nil, e
	}
	ms := g.sortedMembers()
	start, end, next, e := c.page(listInput{MaxResults: in.MaxResults, NextToken: in.NextToken}, g.Arn, len(ms))
	if e != nil {
		return nil, e
	}
	out := &listMembersOut{MemberDetails: []memberOut{}, NextToken: next}
	for _, m := range ms[start:end] {
		out.MemberDetails = append(out.MemberDetails, c.memberOut(g, m))
	}
	return out, nil
}

type deleteMembersInput struct {
	GraphArn   *string  `json:"GraphArn"`
	AccountIds []string `json:"AccountIds"`
}

type deleteMembersOut struct {
	AccountIds          []string         `json:"AccountIds"`
	UnprocessedAccounts []unprocessedOut `json:"UnprocessedAccounts"`
}

// deleteMembers removes members (an organization account so removed is
// no longer listed and can be enabled again).
func deleteMembers(c *call, in *deleteMembersInput) (*deleteMembersOut, *sandbox.Error) {
	g, e := c.orgGraph(in.GraphArn)
	if e != nil {
		return nil, e
	}
	if len(in.AccountIds) < 1 || len(in.AccountIds) > 50 {
		return nil, invalid("INVALID_REQUEST_BODY", msgInput)
	}
	out := &deleteMembersOut{AccountIds: []string{}, UnprocessedAccounts: []unprocessedOut{}}
	for _, id := range in.AccountIds {
		if g.Members[id] == nil {
			out.UnprocessedAccounts = append(out.UnprocessedAccounts, unprocessedOut{AccountId: id, Reason: msgNotFound})
			continue
		}
		delete(g.Members, id)
		out.AccountIds = append(out.AccountIds, id)
	}
	return out, nil
}
