package organizations

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/sts"
)

// env is a sandbox served over HTTP with SDK clients for its management account.
type env struct{ *sandboxtest.Env }

// newEnv starts a sandbox on a fresh state file with a fake clock. Delays
// default to AWS-like values; tests advance the clock past them.
func newEnv(t *testing.T, opts ...sandbox.Option) *env { return &env{sandboxtest.New(t, opts...)} }

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

func (e *env) createOU(parent, name string) string {
	e.T.Helper()
	out, err := e.Org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{
		ParentId: aws.String(parent), Name: aws.String(name)})
	if err != nil {
		e.T.Fatalf("CreateOrganizationalUnit %s: %v", name, err)
	}
	return *out.OrganizationalUnit.Id
}

// createAccount creates an account and advances the clock an hour, until
// it exists.
func (e *env) createAccount(name string) string {
	e.T.Helper()
	return e.CreateAccount(name, time.Hour)
}

func (e *env) createPolicy(name, typ, content string) string {
	e.T.Helper()
	out, err := e.Org.CreatePolicy(e.Ctx, &organizations.CreatePolicyInput{
		Name: aws.String(name), Description: aws.String(""), Type: types.PolicyType(typ), Content: aws.String(content)})
	if err != nil {
		e.T.Fatalf("CreatePolicy %s: %v", name, err)
	}
	return *out.Policy.PolicySummary.Id
}

// enablePolicyType enables a type and waits (on the fake clock) until ENABLED.
func (e *env) enablePolicyType(typ string) {
	e.T.Helper()
	if _, err := e.Org.EnablePolicyType(e.Ctx, &organizations.EnablePolicyTypeInput{
		RootId: aws.String(e.RootID()), PolicyType: types.PolicyType(typ)}); err != nil {
		e.T.Fatalf("EnablePolicyType %s: %v", typ, err)
	}
	e.Clock.Advance(time.Minute)
}

func (e *env) policiesFor(target, typ string) []string {
	e.T.Helper()
	out, err := e.Org.ListPoliciesForTarget(e.Ctx, &organizations.ListPoliciesForTargetInput{
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
			return "error " + expect.ErrString(err) + ", want " + fmt.Sprintf("%T", target)
		}
		if check != nil {
			return check(target)
		}
		return ""
	}
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
