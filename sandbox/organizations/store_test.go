package organizations

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/coretest"
)

// snapshot returns a deep copy of the organization as it is now.
func (e *env) snapshot() *state {
	e.T.Helper()
	data, err := json.Marshal(orgState(e.SB))
	if err != nil {
		e.T.Fatal(err)
	}
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		e.T.Fatal(err)
	}
	return &st
}

// effective returns the settings in effect in sb.
func effective(sb *sandbox.Sandbox) settings {
	var s settings
	sb.View(func(c *sandbox.Call) { s = stored.Get(c) })
	return s
}

func TestPersistence(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	ou := e.createOU(root, "Prod")
	acct := e.createAccount("app")
	e.enablePolicyType(scp)
	pol := e.createPolicy("deny", scp, denyDoc("s3:*"))
	str := aws.String
	for _, err := range []error{
		func() error {
			_, err := e.Org.AttachPolicy(e.Ctx, &organizations.AttachPolicyInput{PolicyId: str(pol), TargetId: str(ou)})
			return err
		}(),
		func() error {
			_, err := e.Org.TagResource(e.Ctx, &organizations.TagResourceInput{ResourceId: str(acct), Tags: []types.Tag{{Key: str("k"), Value: str("v")}}})
			return err
		}(),
		func() error {
			_, err := e.Org.EnableAWSServiceAccess(e.Ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: str("sso.amazonaws.com")})
			return err
		}(),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	before := e.snapshot()
	e.Reopen()
	if diff := cmp.Diff(before, e.snapshot()); diff != "" {
		t.Errorf("state after reopen (-before +after):\n%s", diff)
	}
	if got := e.policiesFor(ou, scp); !cmp.Equal(got, []string{"p-FullAWSAccess", pol}) {
		t.Errorf("attachments after reopen: %v", got)
	}
}

func TestOptionsAreStored(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "org.json")
	sb, err := sandbox.Init(path, WithCreateAccountDelay(5*time.Second), WithMaxAccounts(3))
	if err != nil {
		t.Fatal(err)
	}
	sb.Close()
	sb, err = sandbox.Open(path, WithCreateAccountDelay(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	got := effective(sb)
	want := settings{CreateAccountDelay: sandbox.Duration(time.Second), PolicyTypeDelay: sandbox.Duration(defaultPolicyTypeDelay),
		CloseAccountDelay: sandbox.Duration(defaultCloseAccountDelay), MaxAccounts: 3,
		Organization: featureSetAll, ManagementEmail: defaultManagementEmail}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("effective settings (-want +got):\n%s", diff)
	}
	sb.Close()
	sb, err = sandbox.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if d := time.Duration(effective(sb).CreateAccountDelay); d != 5*time.Second {
		t.Errorf("stored delay %s, want 5s (an Open override must not be stored)", d)
	}
}

func TestReadsNeverWrite(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithCreateAccountDelay(time.Second))
	out, err := e.Org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{AccountName: aws.String("a"), Email: aws.String("a@example.org")})
	if err != nil {
		t.Fatal(err)
	}
	coretest.Unwritten(t, e.Path, func() {
		e.Clock.Advance(time.Minute)
		if st := e.CreateStatus(out.CreateAccountStatus.Id); st.State != types.CreateAccountStateSucceeded {
			t.Fatalf("state %s", st.State)
		}
		e.RootID()
	})
}

func TestTransitionsSurviveRestart(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithCreateAccountDelay(time.Minute))
	out, err := e.Org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{AccountName: aws.String("a"), Email: aws.String("a@example.org")})
	if err != nil {
		t.Fatal(err)
	}
	e.Reopen()
	if st := e.CreateStatus(out.CreateAccountStatus.Id); st.State != types.CreateAccountStateInProgress {
		t.Errorf("after reopen: %s", st.State)
	}
	e.Clock.Advance(time.Minute)
	e.Reopen()
	st := e.CreateStatus(out.CreateAccountStatus.Id)
	if st.State != types.CreateAccountStateSucceeded {
		t.Fatalf("after the delay and a reopen: %s", st.State)
	}
	// The account ID was fixed when the request was made, so every process
	// that completes the request lazily agrees on it.
	e.Reopen()
	if again := e.CreateStatus(out.CreateAccountStatus.Id); *again.AccountId != *st.AccountId {
		t.Errorf("account ID changed across restarts: %s then %s", *st.AccountId, *again.AccountId)
	}
}

// Settings AWS could never have are refused when the sandbox is made,
// naming what is wrong: the management email by CreateAccount's rule, the
// quota before the invited accounts it bounds.
func TestBadSettingsAreRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		opt  sandbox.Option
		want string
	}{
		{WithManagementEmail("ops(prod)@example.com"), `management email "ops(prod)@example.com" has ( before the @`},
		{WithManagementEmail("root@localhost"), `management email "root@localhost" has no valid domain after the @`},
		{WithMaxAccounts(0), "max accounts must be at least 1, got 0"},
		{WithInvitedAccounts(10), "invited accounts: 10; want 0 to 9"},
	} {
		_, err := sandbox.Init(filepath.Join(t.TempDir(), "org.json"), tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Init: %v, want an error saying %q", err, tc.want)
		}
	}
}
