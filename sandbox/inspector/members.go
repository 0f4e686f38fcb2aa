package inspector

import (
	"sort"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// The administrator's members: AssociateMember, DisassociateMember,
// GetMember, ListMembers. Only the region's administrator calls them.

type accountInput struct {
	AccountId *string `json:"accountId"`
}

type accountOut struct {
	AccountId string `json:"accountId"`
}

func checkAccountID(in *accountInput) *sandbox.Error {
	return fieldCheck(func(v *sandbox.Validator) { v.Str("accountId", in.AccountId, true, 12, 12, reAccountID) })
}

// associateMember makes an active account of the organization (the
// management account included) a member of the administrator. It is taken
// at once here; on AWS the association completes shortly after. An
// account already a member is left as it is.
func associateMember(c *call, in *accountInput) (*accountOut, *sandbox.Error) {
	a, e := c.administrator(true)
	if e != nil {
		return nil, e
	}
	if e := checkAccountID(in); e != nil {
		return nil, e
	}
	acct := *in.AccountId
	org := organizations.Of(c.Call)
	members := c.st.membersOf(c.Region)
	switch {
	case acct == a.Account:
		return nil, invalid(msgSelf)
	case !org.IsMember(acct):
		return nil, invalid(msgNotInOrg)
	case !org.IsActiveMember(acct):
		return nil, invalid(msgNotActive)
	case members[acct] != nil && members[acct].Admin != a.Account:
		return nil, invalid(msgOtherMember)
	case members[acct] != nil:
		return &accountOut{AccountId: acct}, nil
	case len(members) >= maxMembers:
		return nil, &sandbox.Error{Status: 402, Code: "ServiceQuotaExceededException", Message: msgMemberQuota,
			Fields: map[string]string{"resourceId": a.Account}}
	}
	members[acct] = &member{Admin: a.Account, UpdatedAt: c.Now}
	return &accountOut{AccountId: acct}, nil
}

// disassociateMember ends a membership; the account keeps what it has
// enabled.
func disassociateMember(c *call, in *accountInput) (*accountOut, *sandbox.Error) {
	if _, e := c.administrator(false); e != nil {
		return nil, e
	}
	if e := checkAccountID(in); e != nil {
		return nil, e
	}
	members := c.st.membersOf(c.Region)
	if m := members[*in.AccountId]; m == nil || m.Admin != c.Caller.AccountID {
		return nil, invalid(msgNotMember)
	}
	delete(members, *in.AccountId)
	return &accountOut{AccountId: *in.AccountId}, nil
}

type memberOut struct {
	AccountId               string        `json:"accountId"`
	RelationshipStatus      string        `json:"relationshipStatus"`
	DelegatedAdminAccountId string        `json:"delegatedAdminAccountId"`
	UpdatedAt               sandbox.Epoch `json:"updatedAt"`
}

func (c *call) memberOut(acct string, m *member) memberOut {
	return memberOut{AccountId: acct, RelationshipStatus: "ENABLED", DelegatedAdminAccountId: m.Admin, UpdatedAt: *sandbox.EpochOf(m.UpdatedAt)}
}

type getMemberOut struct {
	Member memberOut `json:"member"`
}

func getMember(c *call, in *accountInput) (*getMemberOut, *sandbox.Error) {
	if _, e := c.administrator(false); e != nil {
		return nil, e
	}
	if e := checkAccountID(in); e != nil {
		return nil, e
	}
	m := c.st.Members[c.Region][*in.AccountId]
	if m == nil || m.Admin != c.Caller.AccountID {
		return nil, notFound(msgNotMember)
	}
	return &getMemberOut{Member: c.memberOut(*in.AccountId, m)}, nil
}

type listMembersInput struct {
	OnlyAssociated *bool   `json:"onlyAssociated"`
	MaxResults     *int32  `json:"maxResults"`
	NextToken      *string `json:"nextToken"`
}

type listMembersOut struct {
	Members   []memberOut `json:"members"`
	NextToken *string     `json:"nextToken,omitempty"`
}

// listMembers lists the administrator's members, 50 a page at most, by
// account ID. Accounts of the organization that are not members, which
// AWS lists when onlyAssociated is false, are not emulated.
func listMembers(c *call, in *listMembersInput) (*listMembersOut, *sandbox.Error) {
	if _, e := c.administrator(false); e != nil {
		return nil, e
	}
	if e := fieldCheck(func(v *sandbox.Validator) { v.IntRange("maxResults", in.MaxResults, 1, 50) }); e != nil {
		return nil, e
	}
	members := c.st.Members[c.Region]
	ids := make([]string, 0, len(members))
	for id, m := range members {
		if m.Admin == c.Caller.AccountID {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	start, end, next, e := c.page(in.MaxResults, in.NextToken, 50, len(ids))
	if e != nil {
		return nil, e
	}
	out := &listMembersOut{Members: []memberOut{}, NextToken: next}
	for _, id := range ids[start:end] {
		out.Members = append(out.Members, c.memberOut(id, members[id]))
	}
	return out, nil
}
