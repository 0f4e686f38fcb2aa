package guardduty

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// TestAWSCLI drives GuardDuty with Debian's AWS CLI 2.9, whose model knows
// only the older organization configuration members (AutoEnable,
// DataSources): the sandbox still sends them, so the CLI shows that
// members are auto-enabled.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithAdminSettleDelay(0))
	secID, security := e.createAccount("security")
	e.trustedAccess(principal)
	if err := e.designate(secID, "us-east-1"); err != nil {
		t.Fatal(err)
	}
	creds := e.SB.Credentials()
	mgmt := e.CLI(creds.AccessKeyID, creds.SecretAccessKey, "")
	run := func(cli func(...string) (map[string]any, error), args ...string) map[string]any {
		t.Helper()
		out, err := cli(args...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	admins := run(mgmt, "guardduty", "list-organization-admin-accounts")["AdminAccounts"].([]any)
	if len(admins) != 1 || admins[0].(map[string]any)["AdminAccountId"] != secID || admins[0].(map[string]any)["AdminStatus"] != "ENABLED" {
		t.Errorf("list-organization-admin-accounts: %v", admins)
	}
	role := run(mgmt, "sts", "assume-role", "--role-arn", "arn:aws:iam::"+secID+":role/OrganizationAccountAccessRole",
		"--role-session-name", "cli", "--external-id", "orgctl-cli")["Credentials"].(map[string]any)
	admin := e.CLI(role["AccessKeyId"].(string), role["SecretAccessKey"].(string), role["SessionToken"].(string))
	// The administrator auto-enables new members, through the SDK (every
	// CLI run costs a second).
	sdk := e.gd(security, "us-east-1")
	det := detectorOf(t, e, sdk)
	if _, err := sdk.UpdateOrganizationConfiguration(e.Ctx, &guardduty.UpdateOrganizationConfigurationInput{
		DetectorId: aws.String(det), AutoEnableOrganizationMembers: types.AutoEnableMembersNew}); err != nil {
		t.Fatal(err)
	}
	conf := run(admin, "guardduty", "describe-organization-configuration", "--detector-id", det)
	if conf["AutoEnable"] != true || conf["MemberAccountLimitReached"] != false {
		t.Errorf("describe-organization-configuration: %v", conf)
	}
	// The management account is not the administrator: refused.
	_, err := mgmt("guardduty", "describe-organization-configuration", "--detector-id", det)
	var ce *sandboxtest.CLIError
	if !errors.As(err, &ce) || !strings.Contains(ce.Stderr, "BadRequestException") || !strings.Contains(ce.Stderr, msgNoPermission) {
		t.Errorf("describe-organization-configuration from the management account: %v", err)
	}
}
