package organizations

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	_ "github.com/orgctl/orgctl/sandbox/sts"
)

// env is a sandbox served over HTTP with SDK clients for its management account.
type env struct {
	*sandboxtest.Env
	org *organizations.Client
	sts *sts.Client
}

// newEnv starts a sandbox on a fresh state file with a fake clock. Delays
// default to AWS-like values; tests advance the clock past them.
func newEnv(t *testing.T, opts ...sandbox.Option) *env {
	t.Helper()
	e := &env{Env: sandboxtest.New(t, opts...)}
	e.org, e.sts = e.clients(e.Admin())
	return e
}

// clients returns SDK clients for the sandbox with the given credentials.
func (e *env) clients(creds aws.CredentialsProvider) (*organizations.Client, *sts.Client) {
	cfg := e.Config("us-east-1", creds)
	return organizations.NewFromConfig(cfg), sts.NewFromConfig(cfg)
}

// reopen closes the sandbox and opens the same file again.
func (e *env) reopen(opts ...sandbox.Option) {
	e.T.Helper()
	e.Reopen(opts...)
	e.org, e.sts = e.clients(e.Admin())
}

// mutate changes the organization directly and saves it: test setup that
// would take thousands of requests through the API.
func (e *env) mutate(fn func(st *state)) {
	e.T.Helper()
	if err := e.SB.Update(func(c *sandbox.Call) error { fn(slice.Of(c.State)); return nil }); err != nil {
		e.T.Fatalf("Update: %v", err)
	}
}

// orgState returns the organization as it is now (read-only).
func orgState(sb *sandbox.Sandbox) *state {
	var st *state
	sb.View(func(c *sandbox.Call) { st = slice.Of(c.State) })
	return st
}

func (e *env) rootID() string {
	e.T.Helper()
	out, err := e.org.ListRoots(e.Ctx, &organizations.ListRootsInput{})
	if err != nil {
		e.T.Fatalf("ListRoots: %v", err)
	}
	return *out.Roots[0].Id
}

func (e *env) createOU(parent, name string) string {
	e.T.Helper()
	out, err := e.org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{
		ParentId: aws.String(parent), Name: aws.String(name)})
	if err != nil {
		e.T.Fatalf("CreateOrganizationalUnit %s: %v", name, err)
	}
	return *out.OrganizationalUnit.Id
}

// createAccount creates an account and advances the clock until it exists.
func (e *env) createAccount(name string) string {
	e.T.Helper()
	out, err := e.org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{
		AccountName: aws.String(name), Email: aws.String(name + "@example.org")})
	if err != nil {
		e.T.Fatalf("CreateAccount %s: %v", name, err)
	}
	e.Clock.Advance(time.Hour)
	st, err := e.org.DescribeCreateAccountStatus(e.Ctx, &organizations.DescribeCreateAccountStatusInput{
		CreateAccountRequestId: out.CreateAccountStatus.Id})
	if err != nil {
		e.T.Fatalf("DescribeCreateAccountStatus: %v", err)
	}
	if st.CreateAccountStatus.State != types.CreateAccountStateSucceeded {
		e.T.Fatalf("create %s: state %s (%s)", name, st.CreateAccountStatus.State, st.CreateAccountStatus.FailureReason)
	}
	return *st.CreateAccountStatus.AccountId
}

func (e *env) createPolicy(name, typ, content string) string {
	e.T.Helper()
	out, err := e.org.CreatePolicy(e.Ctx, &organizations.CreatePolicyInput{
		Name: aws.String(name), Description: aws.String(""), Type: types.PolicyType(typ), Content: aws.String(content)})
	if err != nil {
		e.T.Fatalf("CreatePolicy %s: %v", name, err)
	}
	return *out.Policy.PolicySummary.Id
}

// enablePolicyType enables a type and waits (on the fake clock) until ENABLED.
func (e *env) enablePolicyType(typ string) {
	e.T.Helper()
	if _, err := e.org.EnablePolicyType(e.Ctx, &organizations.EnablePolicyTypeInput{
		RootId: aws.String(e.rootID()), PolicyType: types.PolicyType(typ)}); err != nil {
		e.T.Fatalf("EnablePolicyType %s: %v", typ, err)
	}
	e.Clock.Advance(time.Minute)
}

func (e *env) policiesFor(target, typ string) []string {
	e.T.Helper()
	out, err := e.org.ListPoliciesForTarget(e.Ctx, &organizations.ListPoliciesForTargetInput{
		TargetId: aws.String(target), Filter: types.PolicyType(typ)})
	if err != nil {
		e.T.Fatalf("ListPoliciesForTarget %s: %v", target, err)
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
