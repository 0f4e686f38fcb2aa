package organizations

import (
	"strings"
	"time"

	"github.com/orgctl/orgctl/awsemail"
	"github.com/orgctl/orgctl/sandbox"
)

// Accounts: ListAccounts, ListAccountsForParent, DescribeAccount,
// CreateAccount (asynchronous), DescribeCreateAccountStatus,
// ListCreateAccountStatus, MoveAccount, CloseAccount (asynchronous).

const (
	maxCreatesInProgress = 5 // CreateAccount requests IN_PROGRESS at once
	defaultRoleName      = "OrganizationAccountAccessRole"
	closeQuotaWindow     = 30 * 24 * time.Hour
)

func errAccountNotFound() *sandbox.Error {
	return awsError("AccountNotFoundException")
}

// lookupAccount validates an AccountId member and finds the account.
func (c *call) lookupAccount(v *sandbox.Validator, id *string) (*account, *sandbox.Error) {
	v.Str("AccountId", id, true, 0, 12, reAccountID)
	if e := orgInvalid(v); e != nil {
		return nil, e
	}
	a := c.st.Accounts[*id]
	if a == nil {
		return nil, errAccountNotFound()
	}
	return a, nil
}

type listAccountsOut struct {
	Accounts  []accountOut `json:"Accounts"`
	NextToken *string      `json:"NextToken,omitempty"`
}

func (c *call) pageAccounts(in listInput, scope string, accounts []*account) (*listAccountsOut, *sandbox.Error) {
	out, next, e := page(c, in, scope, accounts, c.accountOut)
	if e != nil {
		return nil, e
	}
	return &listAccountsOut{Accounts: out, NextToken: next}, nil
}

func listAccounts(c *call, in *listInput) (*listAccountsOut, *sandbox.Error) {
	var v sandbox.Validator
	in.check(&v)
	if e := orgInvalid(&v); e != nil {
		return nil, e
	}
	return c.pageAccounts(*in, "", c.st.sortedAccounts(nil))
}

func listAccountsForParent(c *call, in *parentListInput) (*listAccountsOut, *sandbox.Error) {
	var v sandbox.Validator
	in.check(&v)
	if e := c.checkParent(&v, in.ParentId); e != nil {
		return nil, e
	}
	pid := *in.ParentId
	return c.pageAccounts(in.listInput, pid, c.st.sortedAccounts(func(a *account) bool { return a.ParentID == pid }))
}

type accountIDInput struct {
	AccountId *string `json:"AccountId"`
}

type accountResult struct {
	Account accountOut `json:"Account"`
}

func describeAccount(c *call, in *accountIDInput) (*accountResult, *sandbox.Error) {
	var v sandbox.Validator
	a, e := c.lookupAccount(&v, in.AccountId)
	if e != nil {
		return nil, e
	}
	return &accountResult{Account: c.accountOut(a)}, nil
}

type createAccountInput struct {
	Email                  *string `json:"Email"`
	AccountName            *string `json:"AccountName"`
	RoleName               *string `json:"RoleName"`
	IamUserAccessToBilling *string `json:"IamUserAccessToBilling"`
	Tags                   []tagIO `json:"Tags"`
}

type createAccountStatusOut struct {
	Id                 string         `json:"Id"`
	AccountName        string         `json:"AccountName"`
	State              string         `json:"State"`
	RequestedTimestamp *sandbox.Epoch `json:"RequestedTimestamp,omitempty"`
	CompletedTimestamp *sandbox.Epoch `json:"CompletedTimestamp,omitempty"`
	AccountId          string         `json:"AccountId,omitempty"`
	FailureReason      string         `json:"FailureReason,omitempty"`
}

func statusOut(r *createRequest) createAccountStatusOut {
	out := createAccountStatusOut{Id: r.ID, AccountName: r.AccountName, State: r.State,
		RequestedTimestamp: sandbox.EpochOf(r.RequestedAt)}
	if r.State != carInProgress {
		out.CompletedTimestamp = sandbox.EpochOf(r.DueAt)
		out.AccountId = r.AccountID
		out.FailureReason = r.FailureReason
	}
	return out
}

type createAccountStatusResult struct {
	CreateAccountStatus createAccountStatusOut `json:"CreateAccountStatus"`
}

// createAccount records a request that stays IN_PROGRESS for the
// create-account delay. Its outcome is decided now: FAILED with
// INVALID_EMAIL if the email matches the API's pattern but breaks AWS's
// documented rule (awsemail: a character AWS forbids before the @, a
// domain with other characters or a dot or hyphen at an end), FAILED with
// EMAIL_ALREADY_EXISTS if the email belongs to an account of the organization
// or to another request in progress, FAILED with ACCOUNT_LIMIT_EXCEEDED if
// the account quota would be exceeded, else SUCCEEDED with a new account
// under the root (see finishCreate).
func createAccount(c *call, in *createAccountInput) (*createAccountStatusResult, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("Email", in.Email, true, 6, 64, reEmail)
	v.Str("AccountName", in.AccountName, true, 1, 50, rePrintable)
	v.Str("RoleName", in.RoleName, false, 0, 64, reRoleName)
	v.Enum("IamUserAccessToBilling", in.IamUserAccessToBilling, false, []string{"ALLOW", "DENY"})
	tags, e := parseTags(&v, in.Tags)
	if e != nil {
		return nil, e
	}
	if len(tags) > maxTags {
		return nil, errTooManyTags()
	}
	role := defaultRoleName
	if in.RoleName != nil {
		role = *in.RoleName
	}
	if strings.HasPrefix(role, "AWSServiceRoleFor") {
		return nil, invalidInput("INVALID_ROLE_NAME", "A role name can't begin with the reserved prefix AWSServiceRoleFor.")
	}
	st := c.st
	inProgress := st.sortedRequests(func(r *createRequest) bool { return r.State == carInProgress })
	if len(inProgress) >= maxCreatesInProgress {
		return nil, constraintViolation("ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED",
			"You have exceeded the number of accounts that can be in progress at a time.")
	}
	r := &createRequest{
		ID: st.newCreateRequestID(), AccountName: *in.AccountName, Email: *in.Email,
		RoleName: role, RoleID: sandbox.NewRoleID(), Tags: tags, State: carInProgress,
		RequestedAt: c.Now, DueAt: c.Now.Add(time.Duration(c.set.CreateAccountDelay)), Seq: st.nextSeq(),
	}
	pendingAccounts := 0
	emailTaken := false
	for _, o := range inProgress {
		emailTaken = emailTaken || strings.EqualFold(o.Email, r.Email)
		if o.AccountID != "" {
			pendingAccounts++
		}
	}
	for _, a := range st.Accounts {
		emailTaken = emailTaken || strings.EqualFold(a.Email, r.Email)
	}
	switch {
	case awsemail.Check(r.Email) != nil:
		r.FailureReason = "INVALID_EMAIL"
	case emailTaken:
		r.FailureReason = "EMAIL_ALREADY_EXISTS"
	case len(st.Accounts)+pendingAccounts >= c.set.MaxAccounts:
		r.FailureReason = "ACCOUNT_LIMIT_EXCEEDED"
	default:
		r.AccountID = st.newAccountID()
	}
	st.CreateRequests[r.ID] = r
	advance(c.State, st, c.Now)
	return &createAccountStatusResult{CreateAccountStatus: statusOut(r)}, nil
}

func (st *state) newCreateRequestID() string {
	for {
		if id := newCreateRequestID(); st.CreateRequests[id] == nil {
			return id
		}
	}
}

// newAccountID returns an ID no account or pending request uses.
func (st *state) newAccountID() string {
	for {
		id := sandbox.NewAccountID()
		if st.Accounts[id] != nil {
			continue
		}
		taken := false
		for _, r := range st.CreateRequests {
			taken = taken || r.AccountID == id
		}
		if !taken {
			return id
		}
	}
}

type createStatusInput struct {
	CreateAccountRequestId *string `json:"CreateAccountRequestId"`
}

func describeCreateAccountStatus(c *call, in *createStatusInput) (*createAccountStatusResult, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("CreateAccountRequestId", in.CreateAccountRequestId, true, 0, 36, reCreateReqID)
	if e := orgInvalid(&v); e != nil {
		return nil, e
	}
	r := c.st.CreateRequests[*in.CreateAccountRequestId]
	if r == nil {
		return nil, orgError("CreateAccountStatusNotFoundException",
			"We can't find a create account request with the CreateAccountRequestId that you specified.")
	}
	return &createAccountStatusResult{CreateAccountStatus: statusOut(r)}, nil
}

type listCreateStatusInput struct {
	States []string `json:"States"`
	listInput
}

type listCreateStatusOut struct {
	CreateAccountStatuses []createAccountStatusOut `json:"CreateAccountStatuses"`
	NextToken             *string                  `json:"NextToken,omitempty"`
}

func listCreateAccountStatus(c *call, in *listCreateStatusInput) (*listCreateStatusOut, *sandbox.Error) {
	var v sandbox.Validator
	in.check(&v)
	for _, s := range in.States {
		v.Enum("States", &s, true, []string{carInProgress, carSucceeded, carFailed})
	}
	if e := orgInvalid(&v); e != nil {
		return nil, e
	}
	reqs := c.st.sortedRequests(func(r *createRequest) bool {
		if len(in.States) == 0 {
			return true
		}
		for _, s := range in.States {
			if r.State == s {
				return true
			}
		}
		return false
	})
	out, next, e := page(c, in.listInput, strings.Join(in.States, ","), reqs, statusOut)
	if e != nil {
		return nil, e
	}
	return &listCreateStatusOut{CreateAccountStatuses: out, NextToken: next}, nil
}

type moveAccountInput struct {
	AccountId           *string `json:"AccountId"`
	SourceParentId      *string `json:"SourceParentId"`
	DestinationParentId *string `json:"DestinationParentId"`
}

// moveAccount moves an account between parents. Moving it to where it is
// already is DuplicateAccountException; a source that is not its parent is
// SourceParentNotFoundException.
func moveAccount(c *call, in *moveAccountInput) (*empty, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("SourceParentId", in.SourceParentId, true, 0, 100, reParentID)
	v.Str("DestinationParentId", in.DestinationParentId, true, 0, 100, reParentID)
	a, e := c.lookupAccount(&v, in.AccountId)
	if e != nil {
		return nil, e
	}
	src, dst := *in.SourceParentId, *in.DestinationParentId
	if !c.st.isParent(src) {
		return nil, orgError("SourceParentNotFoundException",
			"We can't find a source root or OU with the ParentId that you specified.")
	}
	if !c.st.isParent(dst) {
		return nil, orgError("DestinationParentNotFoundException",
			"We can't find a destination root or OU with the ParentId that you specified.")
	}
	if a.ParentID == dst {
		return nil, orgError("DuplicateAccountException", "That account is already present in the specified destination.")
	}
	if a.ParentID != src {
		return nil, orgError("SourceParentNotFoundException",
			"We can't find a source root or OU with the ParentId that you specified.")
	}
	a.ParentID = dst
	return &empty{}, nil
}

// closeAccount starts closing a member account: PENDING_CLOSURE for the
// close-account delay, then CLOSED. The account stays in its parent (AWS
// removes it after 90 days, which the sandbox does not model).
func closeAccount(c *call, in *accountIDInput) (*empty, *sandbox.Error) {
	var v sandbox.Validator
	a, e := c.lookupAccount(&v, in.AccountId)
	if e != nil {
		return nil, e
	}
	if a.ID == c.st.mgmtID() {
		return nil, constraintViolation("CANNOT_CLOSE_MANAGEMENT_ACCOUNT",
			"You attempted to close the management account. You can't close it with this operation.")
	}
	if a.State != accountActive {
		return nil, awsError("AccountAlreadyClosedException")
	}
	if c.st.closing() >= maxClosuresInFlight {
		return nil, constraintViolation("CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED", "You attempted to exceed the number of accounts that you can close at a time.")
	}
	if c.st.closedWithin(c.Now, closeQuotaWindow) >= c.st.closeQuota() {
		return nil, constraintViolation("CLOSE_ACCOUNT_QUOTA_EXCEEDED", "You have exceeded close account quota for the past 30 days.")
	}
	a.State = accountPendingClosure
	a.ClosedAt = c.Now
	c.State.CloseAccount(a.ID, c.Now)
	a.ClosureDueAt = c.Now.Add(time.Duration(c.set.CloseAccountDelay))
	advance(c.State, c.st, c.Now)
	return &empty{}, nil
}

// closing counts the accounts being closed.
func (st *state) closing() int {
	n := 0
	for _, a := range st.Accounts {
		if a.State == accountPendingClosure {
			n++
		}
	}
	return n
}

// closedWithin counts the accounts closed in the window before now.
func (st *state) closedWithin(now time.Time, window time.Duration) int {
	n := 0
	for _, a := range st.Accounts {
		if !a.ClosedAt.IsZero() && now.Sub(a.ClosedAt) < window {
			n++
		}
	}
	return n
}

// closeQuota is how many accounts may be closed in a rolling 30 days: the
// higher of 250 and 20% of the member accounts, at most 1,000.
func (st *state) closeQuota() int {
	return min(1000, max(250, (len(st.Accounts)-1)/5))
}
