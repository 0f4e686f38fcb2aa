package inspector

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// TestAWSCLI drives Inspector with Debian's AWS CLI 2.9, whose model knows
// only the ec2, ecr and lambda auto-enable fields: it lists the
// administrator as the management account, and reads the organization
// configuration as the administrator.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e, secID, security := administered(t)
	if _, err := in2(e, security, "us-east-1").UpdateOrganizationConfiguration(e.Ctx, &inspector2.UpdateOrganizationConfigurationInput{
		AutoEnable: &types.AutoEnable{Ec2: ptr(true), Ecr: ptr(true), Lambda: ptr(true), LambdaCode: ptr(true)}}); err != nil {
		t.Fatal(err)
	}
	mgmt := e.AdminCLI()
	admins := mgmt.Must("inspector2", "list-delegated-admin-accounts")["delegatedAdminAccounts"].([]any)
	if len(admins) != 1 || admins[0].(map[string]any)["accountId"] != secID || admins[0].(map[string]any)["status"] != "ENABLED" {
		t.Errorf("list-delegated-admin-accounts: %v", admins)
	}
	role := mgmt.Must("sts", "assume-role", "--role-arn", "arn:aws:iam::"+secID+":role/OrganizationAccountAccessRole",
		"--role-session-name", "cli")["Credentials"].(map[string]any)
	admin := e.CLI(role["AccessKeyId"].(string), role["SecretAccessKey"].(string), role["SessionToken"].(string))
	conf := admin.Must("inspector2", "describe-organization-configuration")
	auto, _ := conf["autoEnable"].(map[string]any)
	if auto["ec2"] != true || auto["ecr"] != true || auto["lambda"] != true || conf["maxAccountLimitReached"] != false {
		t.Errorf("describe-organization-configuration: %v", conf)
	}
	// An update with the CLI's fields leaves lambdaCode as it is.
	admin.Must("inspector2", "update-organization-configuration", "--auto-enable", "ec2=true,ecr=false,lambda=true")
	got, err := in2(e, security, "us-east-1").DescribeOrganizationConfiguration(e.Ctx, &inspector2.DescribeOrganizationConfigurationInput{})
	if err != nil || *got.AutoEnable.Ecr || !*got.AutoEnable.LambdaCode {
		t.Errorf("after the CLI's update: %+v, %v", got.AutoEnable, err)
	}
	// The management account is not the administrator: refused.
	_, err = mgmt.Run("inspector2", "describe-organization-configuration")
	var ce *sandboxtest.CLIError
	if !errors.As(err, &ce) || !strings.Contains(ce.Stderr, "AccessDeniedException") || !strings.Contains(ce.Stderr, msgNotAdmin) {
		t.Errorf("describe-organization-configuration from the management account: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }
