package sandbox

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/google/go-cmp/cmp"
)

// snapshot returns a deep copy of the sandbox's current state.
func (e *env) snapshot() *state {
	e.t.Helper()
	e.sb.mu.Lock()
	defer e.sb.mu.Unlock()
	data, err := encodeState(e.sb.st)
	if err != nil {
		e.t.Fatal(err)
	}
	st, err := decodeState(data)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

func TestPersistence(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.rootID()
	ou := e.createOU(root, "Prod")
	acct := e.createAccount("app")
	e.enablePolicyType(scp)
	pol := e.createPolicy("deny", scp, denyDoc("s3:*"))
	str := aws.String
	for _, err := range []error{
		func() error {
			_, err := e.org.AttachPolicy(e.ctx, &organizations.AttachPolicyInput{PolicyId: str(pol), TargetId: str(ou)})
			return err
		}(),
		func() error {
			_, err := e.org.TagResource(e.ctx, &organizations.TagResourceInput{ResourceId: str(acct), Tags: []types.Tag{{Key: str("k"), Value: str("v")}}})
			return err
		}(),
		func() error {
			_, err := e.org.EnableAWSServiceAccess(e.ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: str("sso.amazonaws.com")})
			return err
		}(),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	before := e.snapshot()
	e.reopen()
	if diff := cmp.Diff(before, e.snapshot()); diff != "" {
		t.Errorf("state after reopen (-before +after):\n%s", diff)
	}
	if got := e.policiesFor(ou, scp); !cmp.Equal(got, []string{"p-FullAWSAccess", pol}) {
		t.Errorf("attachments after reopen: %v", got)
	}
}

func TestInitOpenReset(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "org.json")
	sb, err := Open(path) // absent: initialized
	if err != nil {
		t.Fatal(err)
	}
	id := sb.ManagementAccountID()
	sb.Close()
	if _, err := Init(path); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("Init on an existing file: %v", err)
	}
	sb, err = Open(path)
	if err != nil || sb.ManagementAccountID() != id {
		t.Fatalf("Open existing: %v", err)
	}
	sb.Close()
	sb, err = Reset(path)
	if err != nil || sb.ManagementAccountID() == id {
		t.Fatalf("Reset kept the organization: %v", err)
	}
	sb.Close()
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Open of a corrupt file: %v", err)
	}
	if _, err := Init(filepath.Join(dir, "x.json"), WithMaxAccounts(0)); err == nil {
		t.Error("Init accepted WithMaxAccounts(0)")
	}
}

func TestOptionsAreStored(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "org.json")
	sb, err := Init(path, WithCreateAccountDelay(5*time.Second), WithMaxAccounts(3))
	if err != nil {
		t.Fatal(err)
	}
	sb.Close()
	sb, err = Open(path, WithCreateAccountDelay(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	got := sb.settings()
	want := settings{CreateAccountDelay: duration(time.Second), PolicyTypeDelay: duration(defaultPolicyTypeDelay),
		CloseAccountDelay: duration(defaultCloseAccountDelay), MaxAccounts: 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("effective settings (-want +got):\n%s", diff)
	}
	sb.Close()
	sb, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	if d := time.Duration(sb.settings().CreateAccountDelay); d != 5*time.Second {
		t.Errorf("stored delay %s, want 5s (an Open override must not be stored)", d)
	}
}

func TestLock(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "org.json")
	sb, err := Init(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, open := range map[string]func() (*Sandbox, error){
		"Open":  func() (*Sandbox, error) { return Open(path) },
		"Reset": func() (*Sandbox, error) { return Reset(path) },
	} {
		if _, err := open(); err == nil || !strings.Contains(err.Error(), "state file "+path+" is in use by another sandbox") {
			t.Errorf("%s while locked: %v", name, err)
		}
	}
	sb.Close()
	sb, err = Open(path)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	sb.Close()
}

func TestFailedWriteKeepsOldFile(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.rootID()
	e.createOU(root, "Kept")
	old, err := os.ReadFile(e.path)
	if err != nil {
		t.Fatal(err)
	}
	e.sb.mu.Lock()
	e.sb.store.rename = func(string, string) error { return errors.New("disk on fire") }
	e.sb.mu.Unlock()

	_, err = e.org.CreateOrganizationalUnit(e.ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(root), Name: aws.String("Lost")})
	check(t, "write while the disk fails", err, as[*types.ServiceException](nil))
	now, _ := os.ReadFile(e.path)
	if !bytes.Equal(old, now) {
		t.Error("the state file changed although the write failed")
	}
	leftovers, _ := filepath.Glob(e.path + ".tmp-*")
	if len(leftovers) != 0 {
		t.Errorf("temp files left: %v", leftovers)
	}
	// Memory was restored to what the file holds.
	out, err := e.org.ListOrganizationalUnitsForParent(e.ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(root)})
	if err != nil || len(out.OrganizationalUnits) != 1 || *out.OrganizationalUnits[0].Name != "Kept" {
		t.Errorf("after the failed write: %+v, %v", out, err)
	}

	e.sb.mu.Lock()
	e.sb.store.rename = os.Rename
	e.sb.mu.Unlock()
	e.createOU(root, "Saved")
	saved, _ := os.ReadFile(e.path)
	if !bytes.Contains(saved, []byte(`"Saved"`)) {
		t.Error("the next write was not saved")
	}
}

func TestReadsNeverWrite(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithCreateAccountDelay(time.Second))
	out, err := e.org.CreateAccount(e.ctx, &organizations.CreateAccountInput{AccountName: aws.String("a"), Email: aws.String("a@example.org")})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(e.path)
	info, _ := os.Stat(e.path)
	e.clock.Advance(time.Minute)
	if st := e.createStatus(out.CreateAccountStatus.Id); st.State != types.CreateAccountStateSucceeded {
		t.Fatalf("state %s", st.State)
	}
	e.rootID()
	after, _ := os.ReadFile(e.path)
	info2, _ := os.Stat(e.path)
	if !bytes.Equal(before, after) || !info.ModTime().Equal(info2.ModTime()) {
		t.Error("a read changed the state file")
	}
}

func TestTransitionsSurviveRestart(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithCreateAccountDelay(time.Minute))
	out, err := e.org.CreateAccount(e.ctx, &organizations.CreateAccountInput{AccountName: aws.String("a"), Email: aws.String("a@example.org")})
	if err != nil {
		t.Fatal(err)
	}
	e.reopen()
	if st := e.createStatus(out.CreateAccountStatus.Id); st.State != types.CreateAccountStateInProgress {
		t.Errorf("after reopen: %s", st.State)
	}
	e.clock.Advance(time.Minute)
	e.reopen()
	st := e.createStatus(out.CreateAccountStatus.Id)
	if st.State != types.CreateAccountStateSucceeded {
		t.Fatalf("after the delay and a reopen: %s", st.State)
	}
	// The account ID was fixed when the request was made, so every process
	// that completes the request lazily agrees on it.
	e.reopen()
	if again := e.createStatus(out.CreateAccountStatus.Id); *again.AccountId != *st.AccountId {
		t.Errorf("account ID changed across restarts: %s then %s", *st.AccountId, *again.AccountId)
	}
}
