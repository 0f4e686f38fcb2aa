package detective

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// TestAWSCLI drives Detective with Debian's AWS CLI 2.9: the management
// account designates and lists the administrator with its graph, the
// administrator sets and reads the organization configuration and enables
// a member, and the management account is refused the administrator's
// calls.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(0))
	secID, _ := e.NewMember("security", time.Minute)
	memberID, _ := e.NewMember("workload", time.Minute)
	e.TrustedAccess(principal)
	mgmt := e.AdminCLI()
	mgmt.Must("detective", "enable-organization-admin-account", "--account-id", secID)
	admins := mgmt.Must("detective", "list-organization-admin-accounts")["Administrators"].([]any)
	if len(admins) != 1 || admins[0].(map[string]any)["AccountId"] != secID {
		t.Fatalf("list-organization-admin-accounts: %v", admins)
	}
	graph := admins[0].(map[string]any)["GraphArn"].(string)
	role := mgmt.Must("sts", "assume-role", "--role-arn", "arn:aws:iam::"+secID+":role/OrganizationAccountAccessRole",
		"--role-session-name", "cli")["Credentials"].(map[string]any)
	admin := e.CLI(role["AccessKeyId"].(string), role["SecretAccessKey"].(string), role["SessionToken"].(string))
	admin.Must("detective", "update-organization-configuration", "--graph-arn", graph, "--auto-enable")
	if conf := admin.Must("detective", "describe-organization-configuration", "--graph-arn", graph); conf["AutoEnable"] != true {
		t.Errorf("describe-organization-configuration: %v", conf)
	}
	out := admin.Must("detective", "create-members", "--graph-arn", graph, "--accounts", "AccountId="+memberID+",EmailAddress=workload@example.com")
	if ms := out["Members"].([]any); len(ms) != 1 || ms[0].(map[string]any)["Status"] != "ENABLED" {
		t.Errorf("create-members: %v", out)
	}
	_, err := mgmt.Run("detective", "describe-organization-configuration", "--graph-arn", graph)
	var ce *sandboxtest.CLIError
	if !errors.As(err, &ce) || !strings.Contains(ce.Stderr, "AccessDeniedException") {
		t.Errorf("describe-organization-configuration from the management account: %v", err)
	}
}
