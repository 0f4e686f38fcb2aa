package organizations

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestDelegatedAdministrators(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	security := e.createAccount("security")
	audit := e.createAccount("audit")
	mgmt := e.SB.ManagementAccountID()
	str := aws.String
	enable := func(sp string) error {
		_, err := e.org.EnableAWSServiceAccess(e.Ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: str(sp)})
		return err
	}
	register := func(acct, sp string) error {
		_, err := e.org.RegisterDelegatedAdministrator(e.Ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: str(acct), ServicePrincipal: str(sp)})
		return err
	}
	deregister := func(acct, sp string) error {
		_, err := e.org.DeregisterDelegatedAdministrator(e.Ctx, &organizations.DeregisterDelegatedAdministratorInput{AccountId: str(acct), ServicePrincipal: str(sp)})
		return err
	}
	const gd = "guardduty.amazonaws.com"
	cases := []struct {
		name string
		err  func() error
		want func(error) string
	}{
		{"unknown principal", func() error { return enable("nope.amazonaws.com") }, isInvalid(types.InvalidInputExceptionReasonUnrecognizedServicePrincipal)},
		{"register before trusted access", func() error { return register(security, gd) }, isConstraint(types.ConstraintViolationExceptionReasonServiceAccessNotEnabled)},
		{"enable trusted access", func() error { return enable(gd) }, ok},
		{"enable it again", func() error { return enable(gd) }, ok},
		{"register the management account", func() error { return register(mgmt, gd) }, isConstraint(types.ConstraintViolationExceptionReasonCannotRegisterMasterAsDelegatedAdministrator)},
		{"register an unknown account", func() error { return register("123456789012", gd) }, as[*types.AccountNotFoundException](nil)},
		{"register", func() error { return register(security, gd) }, ok},
		{"register again", func() error { return register(security, gd) }, as[*types.AccountAlreadyRegisteredException](nil)},
		{"a second admin for the service", func() error { return register(audit, gd) }, isConstraint(types.ConstraintViolationExceptionReasonDelegatedAdministratorExistsForThisService)},
		{"deregister one that is not", func() error { return deregister(audit, gd) }, as[*types.AccountNotRegisteredException](nil)},
	}
	for _, c := range cases {
		check(t, c.name, c.err(), c.want)
	}
	admins, err := e.org.ListDelegatedAdministrators(e.Ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: str(gd)})
	if err != nil || len(admins.DelegatedAdministrators) != 1 || *admins.DelegatedAdministrators[0].Id != security ||
		admins.DelegatedAdministrators[0].DelegationEnabledDate == nil {
		t.Errorf("ListDelegatedAdministrators = %+v, %v", admins, err)
	}
	svcs, err := e.org.ListDelegatedServicesForAccount(e.Ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: str(security)})
	if err != nil || len(svcs.DelegatedServices) != 1 || *svcs.DelegatedServices[0].ServicePrincipal != gd {
		t.Errorf("ListDelegatedServicesForAccount = %+v, %v", svcs, err)
	}
	_, err = e.org.ListDelegatedServicesForAccount(e.Ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: str(audit)})
	check(t, "services of a non-admin", err, as[*types.AccountNotRegisteredException](nil))
	access, err := e.org.ListAWSServiceAccessForOrganization(e.Ctx, &organizations.ListAWSServiceAccessForOrganizationInput{})
	if err != nil || len(access.EnabledServicePrincipals) != 1 || *access.EnabledServicePrincipals[0].ServicePrincipal != gd {
		t.Errorf("ListAWSServiceAccessForOrganization = %+v, %v", access, err)
	}
	check(t, "deregister", deregister(security, gd), ok)
	check(t, "deregister again", deregister(security, gd), as[*types.AccountNotRegisteredException](nil))

	// A policy type tied to a service needs its trusted access first, and
	// holds it while enabled.
	root := e.rootID()
	_, err = e.org.EnablePolicyType(e.Ctx, &organizations.EnablePolicyTypeInput{RootId: str(root), PolicyType: types.PolicyTypeSecurityhubPolicy})
	check(t, "SECURITYHUB_POLICY without trusted access", err, isConstraint(types.ConstraintViolationExceptionReasonServiceAccessNotEnabled))
	check(t, "enable securityhub access", enable("securityhub.amazonaws.com"), ok)
	e.enablePolicyType(string(types.PolicyTypeSecurityhubPolicy))
	_, err = e.org.DisableAWSServiceAccess(e.Ctx, &organizations.DisableAWSServiceAccessInput{ServicePrincipal: str("securityhub.amazonaws.com")})
	check(t, "disable access while the type is enabled", err, isConstraint(types.ConstraintViolationExceptionReasonPolicyTypeEnabledForThisService))
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

func TestMemberAccountPermissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.rootID()
	acct, member, _ := e.assumeMember("security")
	str := aws.String
	denied := as[*types.AccessDeniedException](func(x *types.AccessDeniedException) string {
		if x.ErrorMessage() != "You don't have permissions to access this resource." {
			return "message " + x.ErrorMessage()
		}
		return ""
	})
	calls := []struct {
		name         string
		call         func() error
		plain, admin func(error) string // as a plain member, as a delegated administrator
	}{
		{"DescribeOrganization", func() error { _, err := member.DescribeOrganization(e.Ctx, nil); return err }, ok, ok},
		{"ListAccounts", func() error { _, err := member.ListAccounts(e.Ctx, nil); return err }, denied, ok},
		{"DescribeAccount", func() error {
			_, err := member.DescribeAccount(e.Ctx, &organizations.DescribeAccountInput{AccountId: str(acct)})
			return err
		}, denied, ok},
		{"ListRoots", func() error { _, err := member.ListRoots(e.Ctx, nil); return err }, denied, ok},
		{"CreateOrganizationalUnit", func() error {
			_, err := member.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{ParentId: str(root), Name: str("x")})
			return err
		}, denied, denied},
		{"EnableAWSServiceAccess", func() error {
			_, err := member.EnableAWSServiceAccess(e.Ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: str("sso.amazonaws.com")})
			return err
		}, denied, denied},
	}
	for _, c := range calls {
		check(t, "member: "+c.name, c.call(), c.plain)
	}
	if _, err := e.org.EnableAWSServiceAccess(e.Ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: str("config.amazonaws.com")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.org.RegisterDelegatedAdministrator(e.Ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: str(acct), ServicePrincipal: str("config.amazonaws.com")}); err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		check(t, "delegated admin: "+c.name, c.call(), c.admin)
	}
}
