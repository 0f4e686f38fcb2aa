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

// TestAWSCLIOrganizationPacks lists an organization conformance pack and
// rule with Debian's AWS CLI, as the administrator.
func TestAWSCLIOrganizationPacks(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithDeployDelay(0))
	secID, security := e.NewMember("security", time.Minute)
	e.TrustedAccess(multiAccountPrincipal)
	e.Delegate(secID, multiAccountPrincipal)
	if err := putPack(e, security, configservice.PutOrganizationConformancePackInput{}); err != nil {
		t.Fatal(err)
	}
	role := e.AdminCLI().Must("sts", "assume-role", "--role-arn", "arn:aws:iam::"+secID+":role/OrganizationAccountAccessRole",
		"--role-session-name", "cli")["Credentials"].(map[string]any)
	cli := e.CLI(role["AccessKeyId"].(string), role["SecretAccessKey"].(string), role["SessionToken"].(string))
	cli.Must("configservice", "put-organization-config-rule", "--region", "eu-west-1", "--organization-config-rule-name", "s3-public",
		"--organization-managed-rule-metadata", `{"RuleIdentifier":"S3_BUCKET_PUBLIC_READ_PROHIBITED"}`)
	packs := cli.Must("configservice", "describe-organization-conformance-packs", "--region", "eu-west-1")["OrganizationConformancePacks"].([]any)
	rules := cli.Must("configservice", "describe-organization-config-rules", "--region", "eu-west-1")["OrganizationConfigRules"].([]any)
	if len(packs) != 1 || packs[0].(map[string]any)["OrganizationConformancePackName"] != "baseline" ||
		len(rules) != 1 || rules[0].(map[string]any)["OrganizationConfigRuleName"] != "s3-public" {
		t.Errorf("packs %v, rules %v", packs, rules)
	}
	st := cli.Must("configservice", "describe-organization-conformance-pack-statuses", "--region", "eu-west-1")["OrganizationConformancePackStatuses"].([]any)
	if len(st) != 1 || st[0].(map[string]any)["Status"] != "CREATE_SUCCESSFUL" {
		t.Errorf("statuses %v", st)
	}
}
