package macie

import (
	"net/mail"
	"time"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// The organization configuration and members, kept by the region's
// administrator: UpdateOrganizationConfiguration,
// DescribeOrganizationConfiguration, CreateMember, ListMembers,
// DisassociateMember.

// orgAdmin checks the caller is the region's administrator, with Macie
// enabled and its designation settled, and enrols the accounts that joined
// since auto-enable was turned on.
func (c *call) orgAdmin() (*admin, *sandbox.Error) {
	if c.st.Sessions[sessionKey(c.Caller.AccountID, c.Region)] == nil {
		return nil, denied(msgNotEnabled)
	}
	a := c.st.Admins[c.Region]
	if a == nil || a.Account != c.Caller.AccountID ||
		c.Now.Before(a.Since.Add(time.Duration(stored.Get(c.Call).AdminSettleDelay))) {
		return nil, denied(msgNotOrgAdmin)
	}
	c.autoEnable(a)
	return a, nil
}

// autoEnable makes members of the active accounts that joined the
// organization after auto-enable was turned on, as Macie does when they
// join, up to the quota.
func (c *call) autoEnable(a *admin) {
	if !a.AutoEnable {
		return
	}
	limit := stored.Get(c.Call).MemberLimit
	for _, acct := range organizations.Of(c.Call).Accounts() {
		if acct.State != "ACTIVE" || !acct.JoinedAt.After(a.AutoEnableSince) || acct.ID == a.Account || a.Members[acct.ID] != nil {
			continue
		}
		if a.count() >= limit {
			return
		}
		a.Members[acct.ID] = &member{Account: acct.ID, Organization: true, Status: "Enabled", UpdatedAt: acct.JoinedAt, Seq: a.nextSeq()}
		c.st.enable(acct.ID, c.Region, acct.JoinedAt)
	}
}

// count is how many members count against the quota.
func (a *admin) count() int {
	n := 0
	for _, m := range a.Members {
		if m.associated() {
			n++
		}
	}
	return n
}

type updateOrgConfigInput struct {
	AutoEnable *bool `json:"autoEnable"`
}

func updateOrgConfig(c *call, in *updateOrgConfigInput) (*empty, *sandbox.Error) {
	a, e := c.orgAdmin()
	if e != nil {
		return nil, e
	}
	if in.AutoEnable == nil {
		return nil, validation()
	}
	if *in.AutoEnable && !a.AutoEnable {
		a.AutoEnableSince = c.Now
	}
	a.AutoEnable = *in.AutoEnable
	return &empty{}, nil
}

type orgConfigOut struct {
	AutoEnable             bool `json:"autoEnable"`
	MaxAccountLimitReached bool `json:"maxAccountLimitReached"`
}

func describeOrgConfig(c *call, _ *empty) (*orgConfigOut, *sandbox.Error) {
	a, e := c.orgAdmin()
	if e != nil {
		return nil, e
	}
	return &orgConfigOut{AutoEnable: a.AutoEnable, MaxAccountLimitReached: a.count() >= stored.Get(c.Call).MemberLimit}, nil
}

type createMemberInput struct {
	Account *struct {
		AccountId *string `json:"accountId"`
		Email     *string `json:"email"`
	} `json:"account"`
	Tags map[string]string `json:"tags"`
}

type createMemberOut struct {
	Arn string `json:"arn"`
}

// createMember adds one account as a member of the administrator: an
// active account of the organization is enabled at once, one outside it
// becomes an invitation-based member waiting for an invitation.
func createMember(c *call, in *createMemberInput) (*createMemberOut, *sandbox.Error) {
	a, e := c.orgAdmin()
	if e != nil {
		return nil, e
	}
	if in.Account == nil || in.Account.AccountId == nil || in.Account.Email == nil || !reAccountID.MatchString(*in.Account.AccountId) || len(in.Tags) > 50 {
		return nil, validation()
	}
	if _, err := mail.ParseAddress(*in.Account.Email); err != nil {
		return nil, validation()
	}
	for k, v := range in.Tags {
		if len(k) == 0 || len(k) > 128 || len(v) > 256 {
			return nil, validation()
		}
	}
	id := *in.Account.AccountId
	arn := "arn:aws:macie2:" + c.Region + ":" + a.Account + ":member/" + id
	org := organizations.Of(c.Call)
	switch {
	case id == a.Account:
		return nil, invalid(msgSelfMember)
	case org.IsMember(id) && !org.IsActiveMember(id):
		return nil, invalid(msgNotInOrg) // suspended or closing
	}
	if m := a.Members[id]; m != nil && (m.associated() || !org.IsMember(id)) {
		return &createMemberOut{Arn: arn}, nil // a member already
	}
	// The quota counts members through Organizations; invitations have
	// their own (1,000), not modelled.
	if org.IsMember(id) && a.count() >= stored.Get(c.Call).MemberLimit {
		return nil, quota()
	}
	m := &member{Account: id, Status: "Created", Email: *in.Account.Email, UpdatedAt: c.Now, Seq: a.nextSeq(), Tags: in.Tags}
	if org.IsMember(id) {
		m.Organization, m.Status, m.Email = true, "Enabled", ""
		c.st.enable(id, c.Region, c.Now)
	}
	if old := a.Members[id]; old != nil {
		m.Seq = old.Seq
	}
	a.Members[id] = m
	return &createMemberOut{Arn: arn}, nil
}

// listMembersInput repeats listInput's members: the codec fills only a
// struct's own fields.
type listMembersInput struct {
	MaxResults     *int32  `json:"-" query:"maxResults"`
	NextToken      *string `json:"-" query:"nextToken"`
	OnlyAssociated *string `json:"-" query:"onlyAssociated"`
}

type memberOut struct {
	AccountId              string            `json:"accountId"`
	AdministratorAccountId string            `json:"administratorAccountId"`
	MasterAccountId        string            `json:"masterAccountId"`
	Arn                    string            `json:"arn"`
	Email                  *string           `json:"email,omitempty"`
	RelationshipStatus     string            `json:"relationshipStatus"`
	Tags                   map[string]string `json:"tags,omitempty"`
	UpdatedAt              string            `json:"updatedAt"`
}

type listMembersOut struct {
	Members   []memberOut `json:"members"`
	NextToken *string     `json:"nextToken,omitempty"`
}

// listMembers lists the members, by default only those associated now
// (onlyAssociated "false" lists removed and invited ones too).
func listMembers(c *call, in *listMembersInput) (*listMembersOut, *sandbox.Error) {
	a, e := c.orgAdmin()
	if e != nil {
		return nil, e
	}
	only := true
	if in.OnlyAssociated != nil {
		switch *in.OnlyAssociated {
		case "true":
		case "false":
			only = false
		default:
			return nil, validation()
		}
	}
	ms := a.sortedMembers(func(m *member) bool { return !only || m.associated() })
	scope := c.Region + "|" + *boolString(only)
	start, end, next, e := c.page(listInput{MaxResults: in.MaxResults, NextToken: in.NextToken}, scope, len(ms))
	if e != nil {
		return nil, e
	}
	out := &listMembersOut{Members: []memberOut{}, NextToken: next}
	for _, m := range ms[start:end] {
		mo := memberOut{AccountId: m.Account, AdministratorAccountId: a.Account, MasterAccountId: a.Account,
			Arn: "arn:aws:macie2:" + c.Region + ":" + a.Account + ":member/" + m.Account, RelationshipStatus: m.Status,
			Tags: m.Tags, UpdatedAt: iso(m.UpdatedAt)}
		if !m.Organization {
			mo.Email = &m.Email
		}
		out.Members = append(out.Members, mo)
	}
	return out, nil
}

func boolString(b bool) *string {
	s := "false"
	if b {
		s = "true"
	}
	return &s
}

type memberIDInput struct {
	ID string `json:"-" uri:"id"`
}

// disassociateMember ends a membership; the member stays listed as
// Removed (onlyAssociated false) and can be added again.
func disassociateMember(c *call, in *memberIDInput) (*empty, *sandbox.Error) {
	a, e := c.orgAdmin()
	if e != nil {
		return nil, e
	}
	m := a.Members[in.ID]
	if m == nil || !m.associated() {
		return nil, notFound()
	}
	m.Status, m.UpdatedAt = "Removed", c.Now
	return &empty{}, nil
}
