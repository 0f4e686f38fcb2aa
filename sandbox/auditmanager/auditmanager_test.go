package auditmanager

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/sts" // the member accounts' roles
)

func am(e *sandboxtest.Env, creds aws.CredentialsProvider, region string) *auditmanager.Client {
	return auditmanager.NewFromConfig(e.Config(region, creds))
}

func is(code, msg string) func(error) string {
	return func(err error) string {
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != code || ae.ErrorMessage() != msg {
			return "error " + expect.ErrString(err) + ", want " + code + ": " + msg
		}
		return ""
	}
}

func TestAdministrator(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(10*time.Second))
	mgmt := e.SB.ManagementAccountID()
	secID, security := e.NewMember("security", time.Minute)
	auditID, _ := e.NewMember("audit", time.Minute)
	register := func(creds aws.CredentialsProvider, account, region string) error {
		_, err := am(e, creds, region).RegisterOrganizationAdminAccount(e.Ctx, &auditmanager.RegisterOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
		return err
	}
	registerSelf := func(creds aws.CredentialsProvider, region string) error {
		_, err := am(e, creds, region).RegisterAccount(e.Ctx, &auditmanager.RegisterAccountInput{})
		return err
	}
	for _, c := range []struct {
		name string
		err  func() error
		want func(error) string
	}{
		{"without trusted access", func() error { return register(e.Admin(), secID, "us-east-1") }, is("ValidationException", msgNoTrustedAccess)},
		{"enable trusted access", func() error { e.TrustedAccess(principal); return nil }, expect.OK},
		{"from a member", func() error { return register(security, secID, "us-east-1") }, is("AccessDeniedException", msgNotManagement)},
		{"the management account", func() error { return register(e.Admin(), mgmt, "us-east-1") }, is("ValidationException", msgManagement)},
		{"not in the organization", func() error { return register(e.Admin(), "123456789012", "us-east-1") }, is("ValidationException", msgNotInOrg)},
		{"where Audit Manager is not offered", func() error { return register(e.Admin(), secID, "eu-west-3") }, expect.Code("UnrecognizedClientException")},
		{"register", func() error { return register(e.Admin(), secID, "us-east-1") }, expect.OK},
		{"again", func() error { return register(e.Admin(), secID, "us-east-1") }, expect.OK},
		{"another account in place", func() error { return register(e.Admin(), auditID, "us-east-1") }, expect.Code("ValidationException")},
		{"another account elsewhere", func() error { return register(e.Admin(), auditID, "eu-west-1") }, expect.Code("ValidationException")},
		{"the administrator registers itself too soon", func() error { return registerSelf(security, "us-east-1") }, is("AccessDeniedException", msgNotReady)},
		{"settle", func() error { e.Clock.Advance(10 * time.Second); return nil }, expect.OK},
		{"the administrator registers itself", func() error { return registerSelf(security, "us-east-1") }, expect.OK},
	} {
		expect.Check(t, c.name, c.err(), c.want)
	}
	got, err := am(e, e.Admin(), "us-east-1").GetOrganizationAdminAccount(e.Ctx, &auditmanager.GetOrganizationAdminAccountInput{})
	if err != nil || aws.ToString(got.AdminAccountId) != secID || aws.ToString(got.OrganizationId) == "" {
		t.Errorf("GetOrganizationAdminAccount = %+v, %v", got, err)
	}
	st, err := am(e, security, "us-east-1").GetAccountStatus(e.Ctx, &auditmanager.GetAccountStatusInput{})
	if err != nil || st.Status != types.AccountStatusActive {
		t.Errorf("GetAccountStatus = %+v, %v", st, err)
	}
	if st, _ := am(e, security, "eu-west-1").GetAccountStatus(e.Ctx, &auditmanager.GetAccountStatusInput{}); st.Status != types.AccountStatusInactive {
		t.Errorf("GetAccountStatus in another region = %s", st.Status)
	}
	reg, err := e.Org.ListDelegatedAdministrators(e.Ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(principal)})
	if err != nil || len(reg.DelegatedAdministrators) != 1 || *reg.DelegatedAdministrators[0].Id != secID {
		t.Errorf("Organizations' delegated administrators: %+v, %v", reg, err)
	}
	// Deregistering: only the current one; then none.
	_, err = am(e, e.Admin(), "us-east-1").DeregisterOrganizationAdminAccount(e.Ctx, &auditmanager.DeregisterOrganizationAdminAccountInput{AdminAccountId: aws.String(auditID)})
	expect.Check(t, "deregister another account", err, expect.Code("ResourceNotFoundException"))
	if _, err := am(e, e.Admin(), "us-east-1").DeregisterOrganizationAdminAccount(e.Ctx, &auditmanager.DeregisterOrganizationAdminAccountInput{AdminAccountId: aws.String(secID)}); err != nil {
		t.Fatal(err)
	}
	got, _ = am(e, e.Admin(), "us-east-1").GetOrganizationAdminAccount(e.Ctx, &auditmanager.GetOrganizationAdminAccountInput{})
	if got.AdminAccountId != nil {
		t.Errorf("after deregistering: %v", *got.AdminAccountId)
	}
}

// In maintenance mode, Audit Manager stays with those who had it, and
// refuses everyone else.
func TestMaintenanceMode(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(0))
	secID, security := e.NewMember("security", time.Minute)
	e.TrustedAccess(principal)
	if _, err := am(e, e.Admin(), "us-east-1").RegisterOrganizationAdminAccount(e.Ctx, &auditmanager.RegisterOrganizationAdminAccountInput{AdminAccountId: aws.String(secID)}); err != nil {
		t.Fatal(err)
	}
	if _, err := am(e, security, "us-east-1").RegisterAccount(e.Ctx, &auditmanager.RegisterAccountInput{}); err != nil {
		t.Fatal(err)
	}
	e.Reopen(WithMaintenanceMode(true))
	_, err := am(e, security, "us-east-1").RegisterAccount(e.Ctx, &auditmanager.RegisterAccountInput{})
	expect.Check(t, "an account that had it", err, expect.OK)
	_, err = am(e, security, "eu-west-1").RegisterAccount(e.Ctx, &auditmanager.RegisterAccountInput{})
	expect.Check(t, "a new Region", err, is("ValidationException", msgMaintenance))
	_, err = am(e, e.Admin(), "eu-west-1").RegisterOrganizationAdminAccount(e.Ctx, &auditmanager.RegisterOrganizationAdminAccountInput{AdminAccountId: aws.String(secID)})
	expect.Check(t, "an administrator in a new Region", err, is("ValidationException", msgMaintenance))
}
