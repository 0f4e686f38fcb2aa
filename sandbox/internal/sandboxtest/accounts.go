package sandboxtest

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Setup the management account does through the Organizations and STS
// APIs, as a test's own calls would; each fails the test on an error.

// RootID is the organization's root.
func (e *Env) RootID() string {
	e.T.Helper()
	out, err := e.Org.ListRoots(e.Ctx, &organizations.ListRootsInput{})
	if err != nil {
		e.T.Fatalf("ListRoots: %v", err)
	}
	return *out.Roots[0].Id
}

// CreateStatus is the state of a CreateAccount request.
func (e *Env) CreateStatus(id *string) *orgtypes.CreateAccountStatus {
	e.T.Helper()
	out, err := e.Org.DescribeCreateAccountStatus(e.Ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: id})
	if err != nil {
		e.T.Fatalf("DescribeCreateAccountStatus: %v", err)
	}
	return out.CreateAccountStatus
}

// CreateAccount creates a member account named name (email
// name@example.org), advances the fake clock by wait, which must pass the
// create-account delay, and returns the account's ID.
func (e *Env) CreateAccount(name string, wait time.Duration) string {
	e.T.Helper()
	out, err := e.Org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{
		AccountName: aws.String(name), Email: aws.String(name + "@example.org")})
	if err != nil {
		e.T.Fatalf("CreateAccount %s: %v", name, err)
	}
	e.Clock.Advance(wait)
	st := e.CreateStatus(out.CreateAccountStatus.Id)
	if st.State != orgtypes.CreateAccountStateSucceeded {
		e.T.Fatalf("create %s: state %s (%s)", name, st.State, st.FailureReason)
	}
	return *st.AccountId
}

// Member is the credentials of account's OrganizationAccountAccessRole
// (the role CreateAccount makes), assumed by the management account with
// the session name "orgctl" for the default hour.
func (e *Env) Member(account string) aws.CredentialsProvider {
	e.T.Helper()
	out, err := e.STS.AssumeRole(e.Ctx, &sts.AssumeRoleInput{
		RoleArn:         aws.String("arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole"),
		RoleSessionName: aws.String("orgctl")})
	if err != nil {
		e.T.Fatalf("AssumeRole in %s: %v", account, err)
	}
	c := out.Credentials
	return credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
}

// NewMember creates a member account as CreateAccount does and returns its
// ID with the credentials Member gives.
func (e *Env) NewMember(name string, wait time.Duration) (string, aws.CredentialsProvider) {
	e.T.Helper()
	acct := e.CreateAccount(name, wait)
	return acct, e.Member(acct)
}

// TrustedAccess enables the trusted access of a service principal.
func (e *Env) TrustedAccess(principal string) {
	e.T.Helper()
	if _, err := e.Org.EnableAWSServiceAccess(e.Ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(principal)}); err != nil {
		e.T.Fatalf("EnableAWSServiceAccess %s: %v", principal, err)
	}
}

// Delegate registers account as the delegated administrator for a
// service principal.
func (e *Env) Delegate(account, principal string) {
	e.T.Helper()
	if _, err := e.Org.RegisterDelegatedAdministrator(e.Ctx, &organizations.RegisterDelegatedAdministratorInput{
		AccountId: aws.String(account), ServicePrincipal: aws.String(principal)}); err != nil {
		e.T.Fatalf("RegisterDelegatedAdministrator %s for %s: %v", account, principal, err)
	}
}
