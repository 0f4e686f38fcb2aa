package guardduty

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/sts" // the member accounts' roles
)

// gd is a GuardDuty client of the given credentials in region.
func gd(e *sandboxtest.Env, creds aws.CredentialsProvider, region string) *guardduty.Client {
	return guardduty.NewFromConfig(e.Config(region, creds))
}

// designate designates account as the administrator in region.
func designate(e *sandboxtest.Env, account, region string) error {
	_, err := gd(e, e.Admin(), region).EnableOrganizationAdminAccount(e.Ctx, &guardduty.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	return err
}

func admins(e *sandboxtest.Env, region string) []string {
	e.T.Helper()
	out, err := gd(e, e.Admin(), region).ListOrganizationAdminAccounts(e.Ctx, &guardduty.ListOrganizationAdminAccountsInput{})
	if err != nil {
		e.T.Fatal(err)
	}
	var ids []string
	for _, a := range out.AdminAccounts {
		if a.AdminStatus != types.AdminStatusEnabled {
			e.T.Errorf("admin %s is %s", *a.AdminAccountId, a.AdminStatus)
		}
		ids = append(ids, *a.AdminAccountId)
	}
	return ids
}

func delegatedAdmins(e *sandboxtest.Env) []string {
	e.T.Helper()
	out, err := e.Org.ListDelegatedAdministrators(e.Ctx, &organizations.ListDelegatedAdministratorsInput{ServicePrincipal: aws.String(principal)})
	if err != nil {
		e.T.Fatal(err)
	}
	var ids []string
	for _, a := range out.DelegatedAdministrators {
		ids = append(ids, *a.Id)
	}
	return ids
}

// detectorOf returns the caller's only detector in the client's region.
func detectorOf(t *testing.T, e *sandboxtest.Env, c *guardduty.Client) string {
	t.Helper()
	out, err := c.ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{})
	if err != nil || len(out.DetectorIds) != 1 {
		t.Fatalf("ListDetectors = %+v, %v", out, err)
	}
	return out.DetectorIds[0]
}

// administered is a sandbox whose account "security" is GuardDuty's
// administrator in us-east-1, settled at once, and auto-enables new
// members there from its detector det.
func administered(t *testing.T) (e *sandboxtest.Env, secID string, security aws.CredentialsProvider, det string) {
	t.Helper()
	e = sandboxtest.New(t, WithAdminSettleDelay(0))
	secID, security = e.NewMember("security", time.Minute)
	e.TrustedAccess(principal)
	if err := designate(e, secID, "us-east-1"); err != nil {
		t.Fatal(err)
	}
	admin := gd(e, security, "us-east-1")
	det = detectorOf(t, e, admin)
	if _, err := admin.UpdateOrganizationConfiguration(e.Ctx, &guardduty.UpdateOrganizationConfigurationInput{
		DetectorId: aws.String(det), AutoEnableOrganizationMembers: types.AutoEnableMembersNew}); err != nil {
		t.Fatal(err)
	}
	return e, secID, security, det
}

// isBadRequest expects GuardDuty's BadRequestException with the message.
func isBadRequest(msg string) func(error) string {
	return func(err error) string {
		var br *types.BadRequestException
		if !errors.As(err, &br) || br.ErrorMessage() != msg {
			return "error " + expect.ErrString(err) + ", want BadRequestException: " + msg
		}
		return ""
	}
}
