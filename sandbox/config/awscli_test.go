package config

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/configservice"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// TestAWSCLI reads an organization aggregator with Debian's AWS CLI, as
// the security account.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	secID, security := e.NewMember("security", time.Minute)
	e.TrustedAccess(principal)
	e.Delegate(secID, principal)
	if err := put(e, security, "org", orgSourceOf(secID, "eu-west-1", "us-east-1")); err != nil {
		t.Fatal(err)
	}
	role := e.AdminCLI().Must("sts", "assume-role", "--role-arn", "arn:aws:iam::"+secID+":role/OrganizationAccountAccessRole",
		"--role-session-name", "cli")["Credentials"].(map[string]any)
	cli := e.CLI(role["AccessKeyId"].(string), role["SecretAccessKey"].(string), role["SessionToken"].(string))
	list := cli.Must("configservice", "describe-configuration-aggregators")["ConfigurationAggregators"].([]any)
	if len(list) != 1 {
		t.Fatalf("describe-configuration-aggregators: %v", list)
	}
	a := list[0].(map[string]any)
	src := a["OrganizationAggregationSource"].(map[string]any)
	if a["ConfigurationAggregatorName"] != "org" || src["RoleArn"] != "arn:aws:iam::"+secID+":role/"+DefaultRole ||
		len(src["AwsRegions"].([]any)) != 2 || src["AllAwsRegions"] != false {
		t.Errorf("describe-configuration-aggregators: %v", a)
	}
	cli.Must("configservice", "delete-configuration-aggregator", "--configuration-aggregator-name", "org")
	out, err := client(e, security, "us-east-1").DescribeConfigurationAggregators(e.Ctx, &configservice.DescribeConfigurationAggregatorsInput{})
	if err != nil || len(out.ConfigurationAggregators) != 0 {
		t.Errorf("after delete-configuration-aggregator: %+v, %v", out, err)
	}
}
