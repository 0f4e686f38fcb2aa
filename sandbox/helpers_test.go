package sandbox

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// fakeClock is a settable clock for WithClock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a sandbox served over HTTP with SDK clients for its management account.
type env struct {
	t     *testing.T
	sb    *Sandbox
	path  string
	url   string
	clock *fakeClock
	org   *organizations.Client
	sts   *sts.Client
	ctx   context.Context
}

// newEnv starts a sandbox on a fresh state file with a fake clock. Delays
// default to AWS-like values; tests advance the clock past them.
func newEnv(t *testing.T, opts ...Option) *env {
	t.Helper()
	clock := newClock()
	path := filepath.Join(t.TempDir(), "state.json")
	sb, err := Init(path, append([]Option{WithClock(clock.Now)}, opts...)...)
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	e := &env{t: t, sb: sb, path: path, clock: clock, ctx: context.Background()}
	t.Cleanup(func() { e.sb.Close() })
	e.serve()
	return e
}

func (e *env) serve() {
	e.t.Helper()
	url, err := e.sb.Listen("127.0.0.1:0")
	if err != nil {
		e.t.Fatalf("Listen: %v", err)
	}
	e.url = url
	c := e.sb.Credentials()
	e.org, e.sts = e.clients(credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, ""))
}

// clients returns SDK clients for the sandbox with the given credentials.
func (e *env) clients(creds aws.CredentialsProvider) (*organizations.Client, *sts.Client) {
	cfg := aws.Config{Region: "us-east-1", Credentials: creds, RetryMaxAttempts: 1}
	org := organizations.NewFromConfig(cfg, func(o *organizations.Options) { o.BaseEndpoint = aws.String(e.url) })
	st := sts.NewFromConfig(cfg, func(o *sts.Options) { o.BaseEndpoint = aws.String(e.url) })
	return org, st
}

// reopen closes the sandbox and opens the same file again.
func (e *env) reopen(opts ...Option) {
	e.t.Helper()
	if err := e.sb.Close(); err != nil {
		e.t.Fatalf("Close: %v", err)
	}
	sb, err := Open(e.path, append([]Option{WithClock(e.clock.Now)}, opts...)...)
	if err != nil {
		e.t.Fatalf("Open: %v", err)
	}
	e.sb = sb
	e.serve()
}

// mutate changes the state directly and saves it: test setup that would
// take thousands of requests through the API.
func (e *env) mutate(fn func(st *state)) {
	e.t.Helper()
	e.sb.mu.Lock()
	defer e.sb.mu.Unlock()
	fn(e.sb.st)
	if err := e.sb.persist(); err != nil {
		e.t.Fatalf("persist: %v", err)
	}
}

func (e *env) rootID() string {
	e.t.Helper()
	out, err := e.org.ListRoots(e.ctx, &organizations.ListRootsInput{})
	if err != nil {
		e.t.Fatalf("ListRoots: %v", err)
	}
	return *out.Roots[0].Id
}

func (e *env) createOU(parent, name string) string {
	e.t.Helper()
	out, err := e.org.CreateOrganizationalUnit(e.ctx, &organizations.CreateOrganizationalUnitInput{
		ParentId: aws.String(parent), Name: aws.String(name)})
	if err != nil {
		e.t.Fatalf("CreateOrganizationalUnit %s: %v", name, err)
	}
	return *out.OrganizationalUnit.Id
}

// createAccount creates an account and advances the clock until it exists.
func (e *env) createAccount(name string) string {
	e.t.Helper()
	out, err := e.org.CreateAccount(e.ctx, &organizations.CreateAccountInput{
		AccountName: aws.String(name), Email: aws.String(name + "@example.org")})
	if err != nil {
		e.t.Fatalf("CreateAccount %s: %v", name, err)
	}
	e.clock.Advance(time.Hour)
	st, err := e.org.DescribeCreateAccountStatus(e.ctx, &organizations.DescribeCreateAccountStatusInput{
		CreateAccountRequestId: out.CreateAccountStatus.Id})
	if err != nil {
		e.t.Fatalf("DescribeCreateAccountStatus: %v", err)
	}
	if st.CreateAccountStatus.State != types.CreateAccountStateSucceeded {
		e.t.Fatalf("create %s: state %s (%s)", name, st.CreateAccountStatus.State, st.CreateAccountStatus.FailureReason)
	}
	return *st.CreateAccountStatus.AccountId
}

func (e *env) createPolicy(name, typ, content string) string {
	e.t.Helper()
	out, err := e.org.CreatePolicy(e.ctx, &organizations.CreatePolicyInput{
		Name: aws.String(name), Description: aws.String(""), Type: types.PolicyType(typ), Content: aws.String(content)})
	if err != nil {
		e.t.Fatalf("CreatePolicy %s: %v", name, err)
	}
	return *out.Policy.PolicySummary.Id
}

// enablePolicyType enables a type and waits (on the fake clock) until ENABLED.
func (e *env) enablePolicyType(typ string) {
	e.t.Helper()
	if _, err := e.org.EnablePolicyType(e.ctx, &organizations.EnablePolicyTypeInput{
		RootId: aws.String(e.rootID()), PolicyType: types.PolicyType(typ)}); err != nil {
		e.t.Fatalf("EnablePolicyType %s: %v", typ, err)
	}
	e.clock.Advance(time.Minute)
}

func (e *env) policiesFor(target, typ string) []string {
	e.t.Helper()
	out, err := e.org.ListPoliciesForTarget(e.ctx, &organizations.ListPoliciesForTargetInput{
		TargetId: aws.String(target), Filter: types.PolicyType(typ)})
	if err != nil {
		e.t.Fatalf("ListPoliciesForTarget %s: %v", target, err)
	}
	var ids []string
	for _, p := range out.Policies {
		ids = append(ids, *p.Id)
	}
	return ids
}

// as returns an error check that err is (or wraps) a T and passes check.
func as[T error](check func(T) string) func(error) string {
	return func(err error) string {
		var target T
		if !errors.As(err, &target) {
			return "error " + errString(err) + ", want " + fmt.Sprintf("%T", target)
		}
		if check != nil {
			return check(target)
		}
		return ""
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// isConstraint expects a ConstraintViolationException with reason.
func isConstraint(reason types.ConstraintViolationExceptionReason) func(error) string {
	return as(func(e *types.ConstraintViolationException) string {
		if e.Reason != reason {
			return "reason " + string(e.Reason) + ", want " + string(reason)
		}
		return ""
	})
}

// isInvalid expects an InvalidInputException with reason.
func isInvalid(reason types.InvalidInputExceptionReason) func(error) string {
	return as(func(e *types.InvalidInputException) string {
		if e.Reason != reason {
			return "reason " + string(e.Reason) + ", want " + string(reason)
		}
		return ""
	})
}

// isCode expects an API error with the given code (for unmodeled errors).
func isCode(code string) func(error) string {
	return func(err error) string {
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != code {
			return "error " + errString(err) + ", want code " + code
		}
		return ""
	}
}

// ok expects no error.
func ok(err error) string {
	if err != nil {
		return "unexpected error " + err.Error()
	}
	return ""
}

// check runs a named case's error expectation.
func check(t *testing.T, name string, err error, want func(error) string) {
	t.Helper()
	if msg := want(err); msg != "" {
		t.Errorf("%s: %s", name, msg)
	}
}
