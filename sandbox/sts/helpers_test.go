package sts

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	_ "github.com/orgctl/orgctl/sandbox/organizations" // accounts and the roles CreateAccount makes
)

// env is a sandbox with SDK clients for its management account.
type env struct {
	*sandboxtest.Env
	org *organizations.Client
	sts *sts.Client
}

func newEnv(t *testing.T, opts ...sandbox.Option) *env {
	t.Helper()
	e := &env{Env: sandboxtest.New(t, opts...)}
	e.org, e.sts = e.clients(e.Admin())
	return e
}

func (e *env) clients(creds aws.CredentialsProvider) (*organizations.Client, *sts.Client) {
	cfg := e.Config("us-east-1", creds)
	return organizations.NewFromConfig(cfg), sts.NewFromConfig(cfg)
}

func (e *env) reopen(opts ...sandbox.Option) {
	e.T.Helper()
	e.Reopen(opts...)
	e.org, e.sts = e.clients(e.Admin())
}

func (e *env) rootID() string {
	e.T.Helper()
	out, err := e.org.ListRoots(e.Ctx, &organizations.ListRootsInput{})
	if err != nil {
		e.T.Fatalf("ListRoots: %v", err)
	}
	return *out.Roots[0].Id
}

func (e *env) createStatus(id *string) *types.CreateAccountStatus {
	e.T.Helper()
	out, err := e.org.DescribeCreateAccountStatus(e.Ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: id})
	if err != nil {
		e.T.Fatalf("DescribeCreateAccountStatus: %v", err)
	}
	return out.CreateAccountStatus
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
	st := e.createStatus(out.CreateAccountStatus.Id)
	if st.State != types.CreateAccountStateSucceeded {
		e.T.Fatalf("create %s: state %s", name, st.State)
	}
	return *st.AccountId
}

// assumeMember creates a member account and returns Organizations and STS
// clients acting as its OrganizationAccountAccessRole.
func (e *env) assumeMember(name string) (string, *organizations.Client, *sts.Client) {
	e.T.Helper()
	acct := e.createAccount(name)
	out, err := e.sts.AssumeRole(e.Ctx, &sts.AssumeRoleInput{
		RoleArn:         aws.String("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"),
		RoleSessionName: aws.String("orgctl")})
	if err != nil {
		e.T.Fatalf("AssumeRole: %v", err)
	}
	c := out.Credentials
	org, st := e.clients(credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken))
	return acct, org, st
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// isCode expects an API error with the given code.
func isCode(code string) func(error) string {
	return func(err error) string {
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != code {
			return "error " + errString(err) + ", want code " + code
		}
		return ""
	}
}

func ok(err error) string {
	if err != nil {
		return "unexpected error " + err.Error()
	}
	return ""
}

func check(t *testing.T, name string, err error, want func(error) string) {
	t.Helper()
	if msg := want(err); msg != "" {
		t.Errorf("%s: %s", name, msg)
	}
}
