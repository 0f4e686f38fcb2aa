package organizations

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

func TestDelegatedAdministrators(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	security := e.createAccount("security")
	audit := e.createAccount("audit")
	mgmt := e.SB.ManagementAccountID()
	str := aws.String
	enable := func(sp string) error {
		_, err := e.Org.EnableAWSServiceAccess(e.Ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: str(sp)})
		return err
	}
	register := func(acct, sp string) error {
		_, err := e.Org.RegisterDelegatedAdministrator(e.Ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: str(acct), ServicePrincipal: str(sp)})
		return err
	}
	deregister := func(acct, sp string) error {
		_, err := e.Org.DeregisterDelegatedAdministrator(e.Ctx, &organizations.DeregisterDelegatedAdministratorInput{AccountId: str(acct), ServicePrincipal: str(sp)})
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
		{"enable trusted access", func() error { return enable(gd) }, expect.OK},
		{"enable it again", func() error { return enable(gd) }, expect.OK},
		{"register the management account", func() error { return register(mgmt, gd) }, isConstraint(types.ConstraintViolationExceptionReasonCannotRegisterMasterAsDelegatedAdministrator)},
		{"register an unknown account", func() error { return register("123456789012", gd) }, as[*types.AccountNotFoundException](nil)},
		{"register", func() error { return register(security, gd) }, expect.OK},
		{"register again", func() error { return register(security, gd) }, as[*types.AccountAlreadyRegisteredException](nil)},
		{"a second admin for the service", func() error { return register(audit, gd) }, isConstraint(types.ConstraintViolationExceptionReasonDelegatedAdministratorExistsForThisService)},
		{"deregister one that is not", func() error { return deregister(audit, gd) }, as[*types.AccountNotRegisteredException](nil)},
	}
	for _, c := range cases {
		expect.Check(t, c.name, c.err(), c.want)
	}
	admins, err := e.Org.ListDelegatedAdministrators(e.Ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: str(gd)})
	if err != nil || len(admins.DelegatedAdministrators) != 1 || *admins.DelegatedAdministrators[0].Id != security ||
		admins.DelegatedAdministrators[0].DelegationEnabledDate == nil {
		t.Errorf("ListDelegatedAdministrators = %+v, %v", admins, err)
	}
	svcs, err := e.Org.ListDelegatedServicesForAccount(e.Ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: str(security)})
	if err != nil || len(svcs.DelegatedServices) != 1 || *svcs.DelegatedServices[0].ServicePrincipal != gd {
		t.Errorf("ListDelegatedServicesForAccount = %+v, %v", svcs, err)
	}
	_, err = e.Org.ListDelegatedServicesForAccount(e.Ctx, &organizations.ListDelegatedServicesForAccountInput{AccountId: str(audit)})
	expect.Check(t, "services of a non-admin", err, as[*types.AccountNotRegisteredException](nil))
	access, err := e.Org.ListAWSServiceAccessForOrganization(e.Ctx, &organizations.ListAWSServiceAccessForOrganizationInput{})
	if err != nil || len(access.EnabledServicePrincipals) != 1 || *access.EnabledServicePrincipals[0].ServicePrincipal != gd {
		t.Errorf("ListAWSServiceAccessForOrganization = %+v, %v", access, err)
	}
	expect.Check(t, "deregister", deregister(security, gd), expect.OK)
	expect.Check(t, "deregister again", deregister(security, gd), as[*types.AccountNotRegisteredException](nil))

	// A policy type tied to a service needs its trusted access first, and
	// holds it while enabled.
	root := e.RootID()
	_, err = e.Org.EnablePolicyType(e.Ctx, &organizations.EnablePolicyTypeInput{RootId: str(root), PolicyType: types.PolicyTypeSecurityhubPolicy})
	expect.Check(t, "SECURITYHUB_POLICY without trusted access", err, isConstraint(types.ConstraintViolationExceptionReasonServiceAccessNotEnabled))
	expect.Check(t, "enable securityhub access", enable("securityhub.amazonaws.com"), expect.OK)
	e.enablePolicyType(string(types.PolicyTypeSecurityhubPolicy))
	_, err = e.Org.DisableAWSServiceAccess(e.Ctx, &organizations.DisableAWSServiceAccessInput{ServicePrincipal: str("securityhub.amazonaws.com")})
	expect.Check(t, "disable access while the type is enabled", err, isConstraint(types.ConstraintViolationExceptionReasonPolicyTypeEnabledForThisService))
}

func TestMemberAccountPermissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	acct, creds := e.NewMember("security", time.Hour)
	member, _ := e.Clients(creds)
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
		{"DescribeOrganization", func() error { _, err := member.DescribeOrganization(e.Ctx, nil); return err }, expect.OK, expect.OK},
		{"ListAccounts", func() error { _, err := member.ListAccounts(e.Ctx, nil); return err }, denied, expect.OK},
		{"DescribeAccount", func() error {
			_, err := member.DescribeAccount(e.Ctx, &organizations.DescribeAccountInput{AccountId: str(acct)})
			return err
		}, denied, expect.OK},
		{"ListRoots", func() error { _, err := member.ListRoots(e.Ctx, nil); return err }, denied, expect.OK},
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
		expect.Check(t, "member: "+c.name, c.call(), c.plain)
	}
	if _, err := e.Org.EnableAWSServiceAccess(e.Ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: str("config.amazonaws.com")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Org.RegisterDelegatedAdministrator(e.Ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: str(acct), ServicePrincipal: str("config.amazonaws.com")}); err != nil {
		t.Fatal(err)
	}
	for _, c := range calls {
		expect.Check(t, "delegated admin: "+c.name, c.call(), c.admin)
	}
}
