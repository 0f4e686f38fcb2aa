package macie

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/macie2/types"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// TestAWSCLI drives Macie with Debian's AWS CLI 2.9: the management
// account lists the administrator, the administrator reads its
// organization configuration and members, and the management account is
// refused the administrator's calls.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(0))
	secID, security := e.NewMember("security", time.Minute)
	memberID, _ := e.NewMember("workload", time.Minute)
	e.TrustedAccess(principal)
	mgmt := e.AdminCLI()
	mgmt.Must("macie2", "enable-organization-admin-account", "--admin-account-id", secID)
	admins := mgmt.Must("macie2", "list-organization-admin-accounts")["adminAccounts"].([]any)
	if len(admins) != 1 || admins[0].(map[string]any)["accountId"] != secID || admins[0].(map[string]any)["status"] != "ENABLED" {
		t.Errorf("list-organization-admin-accounts: %v", admins)
	}
	if _, err := mc(e, security, "us-east-1").CreateMember(e.Ctx, &macie2.CreateMemberInput{Account: &types.AccountDetail{
		AccountId: aws.String(memberID), Email: aws.String("workload@example.com")}}); err != nil {
		t.Fatal(err)
	}
	role := mgmt.Must("sts", "assume-role", "--role-arn", "arn:aws:iam::"+secID+":role/OrganizationAccountAccessRole",
		"--role-session-name", "cli")["Credentials"].(map[string]any)
	admin := e.CLI(role["AccessKeyId"].(string), role["SecretAccessKey"].(string), role["SessionToken"].(string))
	admin.Must("macie2", "update-organization-configuration", "--auto-enable")
	if conf := admin.Must("macie2", "describe-organization-configuration"); conf["autoEnable"] != true || conf["maxAccountLimitReached"] != false {
		t.Errorf("describe-organization-configuration: %v", conf)
	}
	ms := admin.Must("macie2", "list-members")["members"].([]any)
	if len(ms) != 1 || ms[0].(map[string]any)["accountId"] != memberID || ms[0].(map[string]any)["relationshipStatus"] != "Enabled" {
		t.Errorf("list-members: %v", ms)
	}
	_, err := mgmt.Run("macie2", "describe-organization-configuration")
	var ce *sandboxtest.CLIError
	if !errors.As(err, &ce) || !strings.Contains(ce.Stderr, "AccessDeniedException") {
		t.Errorf("describe-organization-configuration from the management account: %v", err)
	}
}
