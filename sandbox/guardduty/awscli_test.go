package guardduty

import (
	"errors"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// TestAWSCLI drives GuardDuty with Debian's AWS CLI 2.9, whose model knows
// only the older organization configuration members (AutoEnable,
// DataSources): the sandbox still sends them, so the CLI shows that
// members are auto-enabled.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	// The administrator auto-enables new members through the SDK (every
	// CLI run costs a second).
	e, secID, _, det := administered(t)
	mgmt := e.AdminCLI()
	admins := mgmt.Must("guardduty", "list-organization-admin-accounts")["AdminAccounts"].([]any)
	if len(admins) != 1 || admins[0].(map[string]any)["AdminAccountId"] != secID || admins[0].(map[string]any)["AdminStatus"] != "ENABLED" {
		t.Errorf("list-organization-admin-accounts: %v", admins)
	}
	role := mgmt.Must("sts", "assume-role", "--role-arn", "arn:aws:iam::"+secID+":role/OrganizationAccountAccessRole",
		"--role-session-name", "cli", "--external-id", "orgctl-cli")["Credentials"].(map[string]any)
	admin := e.CLI(role["AccessKeyId"].(string), role["SecretAccessKey"].(string), role["SessionToken"].(string))
	conf := admin.Must("guardduty", "describe-organization-configuration", "--detector-id", det)
	if conf["AutoEnable"] != true || conf["MemberAccountLimitReached"] != false {
		t.Errorf("describe-organization-configuration: %v", conf)
	}
	// The management account is not the administrator: refused.
	_, err := mgmt.Run("guardduty", "describe-organization-configuration", "--detector-id", det)
	var ce *sandboxtest.CLIError
	if !errors.As(err, &ce) || !strings.Contains(ce.Stderr, "BadRequestException") || !strings.Contains(ce.Stderr, msgNoPermission) {
		t.Errorf("describe-organization-configuration from the management account: %v", err)
	}
}
