package guardduty

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	_ "github.com/orgctl/orgctl/sandbox/sts"
)

// env is a sandbox with clients of the management account.
type env struct {
	*sandboxtest.Env
	org *organizations.Client
}

func newEnv(t *testing.T, opts ...sandbox.Option) *env {
	t.Helper()
	e := &env{Env: sandboxtest.New(t, opts...)}
	e.org = organizations.NewFromConfig(e.Config("us-east-1", e.Admin()))
	return e
}

// gd is a GuardDuty client of the given credentials in region.
func (e *env) gd(creds aws.CredentialsProvider, region string) *guardduty.Client {
	return guardduty.NewFromConfig(e.Config(region, creds))
}

// createAccount creates a member account and returns credentials of its
// OrganizationAccountAccessRole.
func (e *env) createAccount(name string) (string, aws.CredentialsProvider) {
	e.T.Helper()
	out, err := e.org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{AccountName: aws.String(name), Email: aws.String(name + "@example.org")})
	if err != nil {
		e.T.Fatal(err)
	}
	e.Clock.Advance(time.Minute) // the create-account delay is 2s
	st, err := e.org.DescribeCreateAccountStatus(e.Ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: out.CreateAccountStatus.Id})
	if err != nil || st.CreateAccountStatus.State != orgtypes.CreateAccountStateSucceeded {
		e.T.Fatalf("create %s: %v %v", name, st, err)
	}
	acct := *st.CreateAccountStatus.AccountId
	role, err := sts.NewFromConfig(e.Config("us-east-1", e.Admin())).AssumeRole(e.Ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + acct + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("test"),
		DurationSeconds: aws.Int32(3600)})
	if err != nil {
		e.T.Fatal(err)
	}
	c := role.Credentials
	return acct, credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
}

func (e *env) trustedAccess(principal string) {
	e.T.Helper()
	if _, err := e.org.EnableAWSServiceAccess(e.Ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(principal)}); err != nil {
		e.T.Fatal(err)
	}
}

func (e *env) delegate(account, principal string) {
	e.T.Helper()
	if _, err := e.org.RegisterDelegatedAdministrator(e.Ctx, &organizations.RegisterDelegatedAdministratorInput{
		AccountId: aws.String(account), ServicePrincipal: aws.String(principal)}); err != nil {
		e.T.Fatal(err)
	}
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
			return "error " + errString(err) + ", want " + code
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

// isBadRequest expects GuardDuty's BadRequestException with the message.
func isBadRequest(msg string) func(error) string {
	return func(err error) string {
		var br *types.BadRequestException
		if !errors.As(err, &br) || br.ErrorMessage() != msg {
			return "error " + errString(err) + ", want BadRequestException: " + msg
		}
		return ""
	}
}
