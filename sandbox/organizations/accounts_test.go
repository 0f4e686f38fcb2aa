package organizations

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

func TestCreateAccountIsAsynchronous(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithCreateAccountDelay(2*time.Second))
	out, err := e.Org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{
		AccountName: aws.String("security"), Email: aws.String("security@example.org"),
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("secops")}}})
	if err != nil {
		t.Fatal(err)
	}
	s := out.CreateAccountStatus
	if s.State != types.CreateAccountStateInProgress || !strings.HasPrefix(*s.Id, "car-") || len(*s.Id) != 36 ||
		s.AccountId != nil || s.CompletedTimestamp != nil || !s.RequestedTimestamp.Equal(e.Clock.Now()) {
		t.Fatalf("CreateAccount status = %+v", s)
	}
	accts, _ := e.Org.ListAccounts(e.Ctx, &organizations.ListAccountsInput{})
	if len(accts.Accounts) != 1 {
		t.Errorf("account visible while IN_PROGRESS: %d accounts", len(accts.Accounts))
	}
	e.Clock.Advance(1999 * time.Millisecond)
	if st := e.CreateStatus(s.Id); st.State != types.CreateAccountStateInProgress {
		t.Errorf("before the delay: %s", st.State)
	}
	e.Clock.Advance(time.Millisecond)
	done := e.CreateStatus(s.Id)
	if done.State != types.CreateAccountStateSucceeded || done.AccountId == nil || !reAccountID.MatchString(*done.AccountId) ||
		done.CompletedTimestamp == nil {
		t.Fatalf("after the delay: %+v", done)
	}
	a, err := e.Org.DescribeAccount(e.Ctx, &organizations.DescribeAccountInput{AccountId: done.AccountId})
	if err != nil {
		t.Fatal(err)
	}
	if a.Account.State != types.AccountStateActive || a.Account.JoinedMethod != types.AccountJoinedMethodCreated ||
		*a.Account.Email != "security@example.org" || *a.Account.Name != "security" {
		t.Errorf("account = %+v", a.Account)
	}
	parents, _ := e.Org.ListParents(e.Ctx, &organizations.ListParentsInput{ChildId: done.AccountId})
	if parents.Parents[0].Type != types.ParentTypeRoot {
		t.Errorf("new account parent = %+v, want the root", parents.Parents[0])
	}
	tags, _ := e.Org.ListTagsForResource(e.Ctx, &organizations.ListTagsForResourceInput{ResourceId: done.AccountId})
	if len(tags.Tags) != 1 || *tags.Tags[0].Key != "team" {
		t.Errorf("tags = %+v", tags.Tags)
	}
	for _, filter := range []struct {
		states []types.CreateAccountState
		want   int
	}{{nil, 1}, {[]types.CreateAccountState{types.CreateAccountStateSucceeded}, 1}, {[]types.CreateAccountState{types.CreateAccountStateInProgress, types.CreateAccountStateFailed}, 0}} {
		l, err := e.Org.ListCreateAccountStatus(e.Ctx, &organizations.ListCreateAccountStatusInput{States: filter.states})
		if err != nil || len(l.CreateAccountStatuses) != filter.want {
			t.Errorf("ListCreateAccountStatus(%v) = %v, %v", filter.states, l, err)
		}
	}
}

func TestCreateAccountRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithMaxAccounts(4))
	str := aws.String
	create := func(name, email string) (*types.CreateAccountStatus, error) {
		out, err := e.Org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{AccountName: str(name), Email: str(email)})
		if err != nil {
			return nil, err
		}
		return out.CreateAccountStatus, nil
	}
	invalid := []struct {
		name, account, email string
		want                 func(error) string
	}{
		{"email too short", "a", "a@b.c", isInvalid(types.InvalidInputExceptionReasonMinLengthExceeded)},
		{"email too long", "a", strings.Repeat("x", 60) + "@example.org", isInvalid(types.InvalidInputExceptionReasonMaxLengthExceeded)},
		{"email without domain", "a", "not-an-email", isInvalid(types.InvalidInputExceptionReasonInvalidPattern)},
		{"name too long", strings.Repeat("n", 51), "n@example.org", isInvalid(types.InvalidInputExceptionReasonMaxLengthExceeded)},
		{"name not ASCII", "naïve", "n@example.org", isInvalid(types.InvalidInputExceptionReasonInvalidPattern)},
	}
	for _, c := range invalid {
		_, err := create(c.account, c.email)
		expect.Check(t, c.name, err, c.want)
	}

	// Up to five requests may be in progress; the sixth is refused at once.
	var first []*types.CreateAccountStatus
	for i := range 5 {
		s, err := create(fmt.Sprint("acct", i), fmt.Sprintf("acct%d@example.org", i))
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		first = append(first, s)
	}
	_, err := create("acct5", "acct5@example.org")
	expect.Check(t, "sixth in progress", err, isConstraint(types.ConstraintViolationExceptionReasonAccountCreationRateLimitExceeded))

	e.Clock.Advance(time.Minute)
	// Quota 4 with the management account: three requests succeed, two fail.
	want := []types.CreateAccountState{"SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED", "FAILED"}
	for i, s := range first {
		st := e.CreateStatus(s.Id)
		if st.State != want[i] {
			t.Errorf("request %d: %s, want %s", i, st.State, want[i])
		}
		if st.State == types.CreateAccountStateFailed && st.FailureReason != types.CreateAccountFailureReasonAccountLimitExceeded {
			t.Errorf("request %d: reason %s", i, st.FailureReason)
		}
	}

	e2 := newEnv(t)
	dupes := []struct{ name, email string }{
		{"email of the management account", "MANAGEMENT@sandbox.example"},
		{"email of a request in progress", "twin@example.org"},
	}
	if _, err := e2.Org.CreateAccount(e2.Ctx, &organizations.CreateAccountInput{AccountName: str("twin"), Email: str("twin@example.org")}); err != nil {
		t.Fatal(err)
	}
	var ids []*string
	for _, d := range dupes {
		out, err := e2.Org.CreateAccount(e2.Ctx, &organizations.CreateAccountInput{AccountName: str("dup"), Email: str(d.email)})
		if err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
		ids = append(ids, out.CreateAccountStatus.Id)
	}
	e2.Clock.Advance(time.Minute)
	for i, d := range dupes {
		st := e2.CreateStatus(ids[i])
		if st.State != types.CreateAccountStateFailed || st.FailureReason != types.CreateAccountFailureReasonEmailAlreadyExists {
			t.Errorf("%s: %s %s, want FAILED EMAIL_ALREADY_EXISTS", d.name, st.State, st.FailureReason)
		}
	}

	_, err = e2.Org.DescribeCreateAccountStatus(e2.Ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: str("car-0123456789abcdef")})
	expect.Check(t, "unknown request", err, as[*types.CreateAccountStatusNotFoundException](nil))
	_, err = e2.Org.DescribeCreateAccountStatus(e2.Ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: str("car-XYZ")})
	expect.Check(t, "malformed request ID", err, isInvalid(types.InvalidInputExceptionReasonInvalidPattern))
	_, err = e2.Org.DescribeAccount(e2.Ctx, &organizations.DescribeAccountInput{AccountId: str("123456789012")})
	expect.Check(t, "unknown account", err, as[*types.AccountNotFoundException](nil))
	_, err = e2.Org.DescribeAccount(e2.Ctx, &organizations.DescribeAccountInput{AccountId: str("12345")})
	expect.Check(t, "malformed account", err, isInvalid(types.InvalidInputExceptionReasonInvalidPattern))
}

// TestCreateAccountInvalidEmail: an email the API's pattern lets through
// but AWS's rule (awsemail, which orgctl validate applies too) does not is
// accepted by the call, and the request fails with INVALID_EMAIL.
func TestCreateAccountInvalidEmail(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithCreateAccountDelay(time.Second))
	cases := []struct {
		email string
		want  types.CreateAccountFailureReason // "" when the account is created
	}{
		{"o'brien@example.org", types.CreateAccountFailureReasonInvalidEmail},
		{"a(b)@example.org", types.CreateAccountFailureReasonInvalidEmail},
		{"a<b>@example.org", types.CreateAccountFailureReasonInvalidEmail},
		{"a[b]@example.org", types.CreateAccountFailureReasonInvalidEmail},
		{"a:b;c@example.org", types.CreateAccountFailureReasonInvalidEmail},
		{`"ab"@example.org`, types.CreateAccountFailureReasonInvalidEmail},
		{"a%b@example.org", types.CreateAccountFailureReasonInvalidEmail},
		{"a&b@example.org", types.CreateAccountFailureReasonInvalidEmail},
		{"a|b@example.org", types.CreateAccountFailureReasonInvalidEmail},
		{"a,b@example.org", types.CreateAccountFailureReasonInvalidEmail},
		{`a\b@example.org`, types.CreateAccountFailureReasonInvalidEmail},
		{".ab@example.org", types.CreateAccountFailureReasonInvalidEmail},
		{"josé@example.org", types.CreateAccountFailureReasonInvalidEmail},
		{"ab@my_corp.org", types.CreateAccountFailureReasonInvalidEmail},
		{"ab@example.org-", types.CreateAccountFailureReasonInvalidEmail},
		{"ab@-example.org", types.CreateAccountFailureReasonInvalidEmail},
		{"ab@example..org", types.CreateAccountFailureReasonInvalidEmail},
		{"aws+a-b_c.d@example-corp.org", ""},
	}
	for _, c := range cases {
		out, err := e.Org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{AccountName: aws.String("a"), Email: aws.String(c.email)})
		if err != nil {
			t.Errorf("%s: CreateAccount refused at once (%v); AWS accepts the call and fails the request", c.email, err)
			continue
		}
		e.Clock.Advance(time.Second)
		st := e.CreateStatus(out.CreateAccountStatus.Id)
		switch {
		case c.want == "" && st.State != types.CreateAccountStateSucceeded:
			t.Errorf("%s: %s %s, want SUCCEEDED", c.email, st.State, st.FailureReason)
		case c.want != "" && (st.State != types.CreateAccountStateFailed || st.FailureReason != c.want || st.AccountId != nil):
			t.Errorf("%s: %s %s, want FAILED %s and no account", c.email, st.State, st.FailureReason, c.want)
		}
	}
}

func TestMoveAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	a := e.createAccount("workload")
	ou := e.createOU(root, "Workloads")
	other := e.createOU(root, "Other")
	gone := "ou-" + root[2:] + "-zzzzzzzz"
	cases := []struct {
		name              string
		account, src, dst string
		want              func(error) string
	}{
		{"to current parent", a, root, root, as[*types.DuplicateAccountException](nil)},
		{"source not found", a, gone, ou, as[*types.SourceParentNotFoundException](nil)},
		{"destination not found", a, root, gone, as[*types.DestinationParentNotFoundException](nil)},
		{"account not found", "123456789012", root, ou, as[*types.AccountNotFoundException](nil)},
		{"malformed destination", a, root, "ou", isInvalid(types.InvalidInputExceptionReasonInvalidPattern)},
		{"root to OU", a, root, ou, expect.OK},
		{"stale source", a, root, other, as[*types.SourceParentNotFoundException](nil)},
		{"OU to OU", a, ou, other, expect.OK},
	}
	for _, c := range cases {
		_, err := e.Org.MoveAccount(e.Ctx, &organizations.MoveAccountInput{AccountId: aws.String(c.account),
			SourceParentId: aws.String(c.src), DestinationParentId: aws.String(c.dst)})
		expect.Check(t, c.name, err, c.want)
	}
	l, err := e.Org.ListAccountsForParent(e.Ctx, &organizations.ListAccountsForParentInput{ParentId: aws.String(other)})
	if err != nil || len(l.Accounts) != 1 || *l.Accounts[0].Id != a {
		t.Errorf("ListAccountsForParent = %+v, %v", l, err)
	}
}

func TestCloseAccount(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithCloseAccountDelay(time.Minute))
	a := e.createAccount("doomed")
	closeIt := func(id string) error {
		_, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(id)})
		return err
	}
	state := func() types.AccountState {
		out, err := e.Org.DescribeAccount(e.Ctx, &organizations.DescribeAccountInput{AccountId: aws.String(a)})
		if err != nil {
			t.Fatal(err)
		}
		return out.Account.State
	}
	expect.Check(t, "management account", closeIt(e.SB.ManagementAccountID()), isConstraint(types.ConstraintViolationExceptionReasonCannotCloseManagementAccount))
	expect.Check(t, "unknown account", closeIt("123456789012"), as[*types.AccountNotFoundException](nil))
	expect.Check(t, "close", closeIt(a), expect.OK)
	if s := state(); s != types.AccountStatePendingClosure {
		t.Errorf("after CloseAccount: %s", s)
	}
	expect.Check(t, "close again while pending", closeIt(a), as[*types.AccountAlreadyClosedException](nil))
	e.Clock.Advance(time.Minute)
	if s := state(); s != types.AccountStateClosed {
		t.Errorf("after the delay: %s, want CLOSED (its 90-day reinstatement window)", s)
	}
	expect.Check(t, "close a closed account", closeIt(a), as[*types.AccountAlreadyClosedException](nil))
	out, err := e.Org.DescribeAccount(e.Ctx, &organizations.DescribeAccountInput{AccountId: aws.String(a)})
	if err != nil || out.Account.Status != types.AccountStatusSuspended {
		t.Errorf("the deprecated Status of a closed account is %v (%v), want SUSPENDED as AWS sends", out.Account.Status, err)
	}

	// Three closures at a time; the fourth waits for one to finish.
	var more []string
	for _, n := range []string{"b", "c", "d", "e"} {
		more = append(more, e.createAccount(n))
	}
	for _, id := range more[:3] {
		expect.Check(t, "close "+id, closeIt(id), expect.OK)
	}
	expect.Check(t, "a fourth closure in flight", closeIt(more[3]), isConstraint(types.ConstraintViolationExceptionReasonCloseAccountRequestsLimitExceeded))
	e.Clock.Advance(time.Minute)
	expect.Check(t, "once the others are closed", closeIt(more[3]), expect.OK)

	// An account AWS suspended is SUSPENDED, not CLOSED.
	s := e.createAccount("suspended-by-aws")
	suspend(e, s)
	out, err = e.Org.DescribeAccount(e.Ctx, &organizations.DescribeAccountInput{AccountId: aws.String(s)})
	if err != nil || out.Account.State != types.AccountStateSuspended || out.Account.Status != types.AccountStatusSuspended {
		t.Errorf("a suspended account reads %+v (%v)", out.Account, err)
	}
}

// suspend does what AWS does to an account it suspends.
func suspend(e *env, id string) {
	e.mutate(func(st *state) { st.Accounts[id].State = accountSuspended })
}

func TestCloseAccountQuota(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithMaxAccounts(2000))
	a := e.createAccount("one-more")
	// 250 accounts closed in the last 30 days: the quota for an organization
	// of fewer than 1,250 members.
	e.mutate(func(st *state) {
		for range 250 {
			id := st.newAccountID()
			st.Accounts[id] = &account{ID: id, Name: id, Email: id + "@example.org", ParentID: st.Root.ID,
				State: accountClosed, JoinedMethod: "CREATED", ClosedAt: e.Clock.Now().Add(-29 * 24 * time.Hour), Seq: st.nextSeq()}
		}
	})
	_, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(a)})
	expect.Check(t, "251st closure in 30 days", err, isConstraint(types.ConstraintViolationExceptionReasonCloseAccountQuotaExceeded))
	e.Clock.Advance(24 * time.Hour)
	_, err = e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(a)})
	expect.Check(t, "once the window has passed", err, expect.OK)
}
