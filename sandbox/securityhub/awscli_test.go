package securityhub

import (
	"errors"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// TestAWSCLI drives Security Hub with Debian's AWS CLI 2.9, whose model
// predates central configuration: it lists the administrator, the
// aggregator and the organization configuration (without the
// configuration type it does not know), which central configuration made
// through the SDK.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithDelays(0))
	secID, _ := central(e)
	mgmt := e.AdminCLI()
	admins := mgmt.Must("securityhub", "list-organization-admin-accounts")["AdminAccounts"].([]any)
	if len(admins) != 1 || admins[0].(map[string]any)["AccountId"] != secID || admins[0].(map[string]any)["Status"] != "ENABLED" {
		t.Errorf("list-organization-admin-accounts: %v", admins)
	}
	role := mgmt.Must("sts", "assume-role", "--role-arn", "arn:aws:iam::"+secID+":role/OrganizationAccountAccessRole",
		"--role-session-name", "cli")["Credentials"].(map[string]any)
	admin := e.CLI(role["AccessKeyId"].(string), role["SecretAccessKey"].(string), role["SessionToken"].(string))
	conf := admin.Must("securityhub", "describe-organization-configuration")
	if conf["AutoEnable"] != false || conf["AutoEnableStandards"] != "NONE" {
		t.Errorf("describe-organization-configuration: %v", conf)
	}
	aggs := admin.Must("securityhub", "list-finding-aggregators")["FindingAggregators"].([]any)
	if len(aggs) != 1 || !strings.Contains(aggs[0].(map[string]any)["FindingAggregatorArn"].(string), ":us-east-1:"+secID+":finding-aggregator/") {
		t.Errorf("list-finding-aggregators: %v", aggs)
	}
	// The management account is not the administrator: refused.
	_, err := mgmt.Run("securityhub", "describe-organization-configuration")
	var ce *sandboxtest.CLIError
	if !errors.As(err, &ce) || !strings.Contains(ce.Stderr, "InvalidAccessException") || !strings.Contains(ce.Stderr, "is not an administrator for this organization") {
		t.Errorf("describe-organization-configuration from the management account: %v", err)
	}
}
