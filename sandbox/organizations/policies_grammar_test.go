package organizations

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

// malformed expects MalformedPolicyDocumentException with the message AWS
// sends (org-formation/org-formation-cli#225), not the model's.
var malformed = as(func(e *types.MalformedPolicyDocumentException) string {
	const want = "The provided policy document does not meet the requirements of the specified policy type."
	if got := aws.ToString(e.Message); got != want {
		return fmt.Sprintf("message %q, want %q", got, want)
	}
	return ""
})

// TestPolicyGrammar: CreatePolicy and UpdatePolicy refuse a document its
// type's grammar refuses (policygrammar, which orgctl validate applies
// too), one case a rule; the package's own tests hold the full tables.
func TestPolicyGrammar(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cases := []struct {
		name, typ, doc string
		want           func(error) string
	}{
		{"SCP", scp, denyDoc("s3:*"), expect.OK},
		{"SCP with Statment", scp, `{"Version":"2012-10-17","Statment":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`, malformed},
		{"SCP with Effect Deni", scp, `{"Version":"2012-10-17","Statement":[{"Effect":"Deni","Action":"*","Resource":"*"}]}`, malformed},
		{"SCP with Principal", scp, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`, malformed},
		{"SCP with an unknown condition operator", scp, `{"Statement":{"Effect":"Deny","Action":"*","Condition":{"StringEqual":{"aws:RequestedRegion":"eu-west-1"}}}}`, malformed},
		{"RCP", rcp, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`, expect.OK},
		{"RCP that allows", rcp, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`, malformed},
		{"RCP without Principal", rcp, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`, malformed},
		{"RCP with NotAction", rcp, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","NotAction":"s3:Get*","Resource":"*"}]}`, malformed},
		{"tag policy", "TAG_POLICY", `{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"}}}}`, expect.OK},
		{"tag policy hello world", "TAG_POLICY", `{"hello":"world"}`, malformed},
		{"tag policy without an operator", "TAG_POLICY", `{"tags":{"costcenter":{"tag_key":"CostCenter"}}}`, malformed},
		{"backup policy with a typo", "BACKUP_POLICY", `{"plan":{}}`, malformed},
		{"AI opt-out in the wrong case", "AISERVICES_OPT_OUT_POLICY", `{"services":{"default":{"opt_out_policy":{"@@assign":"optout"}}}}`, malformed},
		{"declarative policy with an operator typo", "DECLARATIVE_POLICY_EC2", `{"ec2_attributes":{"serial_console_access":{"status":{"@@asign":"disabled"}}}}`, malformed},
		{"chat policy at another key", "CHATBOT_POLICY", `{"slack":{}}`, malformed},
		{"GuardDuty policy", "GUARDDUTY_POLICY", `{"guardduty":{"features":{"s3_data_events":{"@@assign":"enabled"}}}}`, expect.OK},
		{"GuardDuty policy empty", "GUARDDUTY_POLICY", `{}`, malformed},
	}
	for i, c := range cases {
		_, err := e.Org.CreatePolicy(e.Ctx, &organizations.CreatePolicyInput{Name: aws.String(fmt.Sprint("p", i)),
			Description: aws.String(""), Type: types.PolicyType(c.typ), Content: aws.String(c.doc)})
		expect.Check(t, "CreatePolicy: "+c.name, err, c.want)
	}

	id := e.createPolicy("kept", scp, denyDoc("s3:*"))
	_, err := e.Org.UpdatePolicy(e.Ctx, &organizations.UpdatePolicyInput{PolicyId: aws.String(id),
		Content: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*"}]}`)})
	expect.Check(t, "UpdatePolicy with Principal", err, malformed)
	out, err := e.Org.DescribePolicy(e.Ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(out.Policy.Content); got != denyDoc("s3:*") {
		t.Errorf("content after a refused update = %s, want it unchanged", got)
	}
}
