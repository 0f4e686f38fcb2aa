package policygrammar

import (
	"slices"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/facts"
)

// grammarCase is a document and the first problem Check must find in it:
// a substring of its What and its path, or none for a valid document.
type grammarCase struct {
	name string
	doc  string
	what string // "" when the document is valid
	path string
}

func runGrammar(t *testing.T, typ string, cases []grammarCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Check(typ, c.doc)
			if c.what == "" {
				if len(got) > 0 {
					t.Fatalf("Check(%s) = %+v, want no problem", c.doc, got)
				}
				return
			}
			if len(got) == 0 {
				t.Fatalf("Check(%s) found no problem, want %q at %q", c.doc, c.what, c.path)
			}
			if !strings.Contains(got[0].What, c.what) || got[0].PathString() != c.path || got[0].Fix == "" {
				t.Fatalf("Check(%s) = %q at %q (fix %q), want %q at %q", c.doc, got[0].What, got[0].PathString(), got[0].Fix, c.what, c.path)
			}
		})
	}
}

// policy wraps one statement's members into an SCP or RCP.
func policy(statement string) string {
	return `{"Version":"2012-10-17","Statement":[{` + statement + `}]}`
}

var scpCases = []grammarCase{
	{name: "FullAWSAccess", doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
	{name: "statement as an object, no Version", doc: `{"Statement":{"Sid":"AllowsAllActions","Effect":"Allow","Action":"*","Resource":"*"}}`},
	{name: "version 2008-10-17", doc: `{"Version":"2008-10-17","Statement":{"Effect":"Deny","Action":"s3:*"}}`},
	{name: "deny with condition, NotAction", doc: policy(`"Sid":"DenyAllOutsideEU","Effect":"Deny","NotAction":["cloudfront:*","iam:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-central-1","eu-west-1"]}}`)},
	{name: "allow with NotResource and condition", doc: policy(`"Effect":"Allow","Action":"s3:Get*","NotResource":"arn:aws:s3:::secret/*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":false}}`)},
	{name: "condition set operators and Null", doc: policy(`"Effect":"Deny","Action":"ec2:RunInstances","Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"ForAnyValue:StringLike":{"aws:TagKeys":["tmp*"]},"Null":{"aws:RequestTag/owner":"true"},"NumericGreaterThan":{"aws:MultiFactorAuthAge":3600}}`)},
	{name: "Statment typo", doc: `{"Version":"2012-10-17","Statment":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`, what: `an SCP has the unknown key "Statment"`, path: "Statment"},
	{name: "no Statement", doc: `{"Version":"2012-10-17"}`, what: "has no Statement", path: ""},
	{name: "Effect Deni", doc: policy(`"Effect":"Deni","Action":"*","Resource":"*"`), what: `Effect is "Deni"`, path: "Statement[0].Effect"},
	{name: "Effect in lower case", doc: policy(`"Effect":"deny","Action":"*","Resource":"*"`), what: `Effect is "deny"`, path: "Statement[0].Effect"},
	{name: "no Effect", doc: policy(`"Action":"*","Resource":"*"`), what: "has no Effect", path: "Statement[0]"},
	{name: "Principal", doc: policy(`"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"`), what: "does not support Principal", path: "Statement[0].Principal"},
	{name: "NotPrincipal", doc: policy(`"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"*"`), what: "does not support NotPrincipal", path: "Statement[0].NotPrincipal"},
	{name: "statement key typo", doc: policy(`"Effect":"Deny","Actions":"*","Resource":"*"`), what: `a statement has the unknown key "Actions"`, path: "Statement[0].Actions"},
	{name: "neither Action nor NotAction", doc: policy(`"Effect":"Deny","Resource":"*"`), what: "neither Action nor NotAction", path: "Statement[0]"},
	{name: "both Action and NotAction", doc: policy(`"Effect":"Deny","Action":"s3:*","NotAction":"iam:*"`), what: "both Action and NotAction", path: "Statement[0].NotAction"},
	{name: "both Resource and NotResource", doc: policy(`"Effect":"Deny","Action":"s3:*","Resource":"*","NotResource":"arn:aws:s3:::a"`), what: "both Resource and NotResource", path: "Statement[0].NotResource"},
	{name: "action without a service", doc: policy(`"Effect":"Deny","Action":["s3:*","DeleteBucket"]`), what: `Action "DeleteBucket" has no service prefix`, path: "Statement[0].Action[1]"},
	{name: "action with an empty name", doc: policy(`"Effect":"Deny","Action":"s3:"`), what: "is not service:action", path: "Statement[0].Action"},
	{name: "action not a string", doc: policy(`"Effect":"Deny","Action":[42]`), what: "Action holds a number", path: "Statement[0].Action[0]"},
	{name: "empty Action", doc: policy(`"Effect":"Deny","Action":[]`), what: "Action is an empty array", path: "Statement[0].Action"},
	{name: "resource not an ARN", doc: policy(`"Effect":"Deny","Action":"s3:*","Resource":"my-bucket"`), what: `is neither "*" nor an ARN`, path: "Statement[0].Resource"},
	{name: "unknown condition operator", doc: policy(`"Effect":"Deny","Action":"*","Condition":{"StringEqual":{"aws:RequestedRegion":"eu-west-1"}}`), what: `Condition has the unknown key "StringEqual"`, path: "Statement[0].Condition.StringEqual"},
	{name: "two set operators", doc: policy(`"Effect":"Deny","Action":"*","Condition":{"ForAllValues:ForAnyValue:StringLike":{"aws:TagKeys":"a"}}`), what: "unknown key", path: "Statement[0].Condition.ForAllValues:ForAnyValue:StringLike"},
	{name: "NullIfExists", doc: policy(`"Effect":"Deny","Action":"*","Condition":{"NullIfExists":{"aws:TokenIssueTime":"true"}}`), what: "unknown key", path: "Statement[0].Condition.NullIfExists"},
	{name: "condition value an object", doc: policy(`"Effect":"Deny","Action":"*","Condition":{"StringEquals":{"aws:RequestedRegion":{"a":"b"}}}`), what: `the condition on "aws:RequestedRegion" has an object`, path: "Statement[0].Condition.StringEquals.aws:RequestedRegion"},
	{name: "condition operator without keys", doc: policy(`"Effect":"Deny","Action":"*","Condition":{"Bool":{}}`), what: "holds an empty object", path: "Statement[0].Condition.Bool"},
	{name: "Condition a string", doc: policy(`"Effect":"Deny","Action":"*","Condition":"yes"`), what: "Condition is a string", path: "Statement[0].Condition"},
	{name: "unknown Version", doc: `{"Version":"2012-10-18","Statement":{"Effect":"Deny","Action":"*"}}`, what: `Version is "2012-10-18"`, path: "Version"},
	{name: "Version a number", doc: `{"Version":2012,"Statement":{"Effect":"Deny","Action":"*"}}`, what: "Version is a number", path: "Version"},
	{name: "empty Statement", doc: `{"Version":"2012-10-17","Statement":[]}`, what: "Statement is an empty array", path: "Statement"},
	{name: "Statement a string", doc: `{"Version":"2012-10-17","Statement":"deny all"}`, what: "Statement is a string", path: "Statement"},
	{name: "statement a string", doc: `{"Version":"2012-10-17","Statement":["deny all"]}`, what: "a statement is a string", path: "Statement[0]"},
	{name: "Sid a number", doc: policy(`"Sid":1,"Effect":"Deny","Action":"*"`), what: "Sid is a number", path: "Statement[0].Sid"},
	{name: "not an object", doc: `["Statement"]`, what: "must be a JSON object", path: ""},
	{name: "not JSON", doc: `{"Statement":`, what: "is not valid JSON", path: ""},
}

var rcpCases = []grammarCase{
	{name: "enforce TLS", doc: policy(`"Effect":"Deny","Principal":"*","Action":["s3:*","sqs:*"],"Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}`)},
	{name: "NotResource", doc: policy(`"Sid":"x","Effect":"Deny","Principal":"*","Action":"s3:*","NotResource":"arn:aws:s3:::public/*"`)},
	{name: "Allow", doc: policy(`"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"`), what: `Effect is "Allow"`, path: "Statement[0].Effect"},
	{name: "no Principal", doc: policy(`"Effect":"Deny","Action":"s3:*","Resource":"*"`), what: "statement has no Principal", path: "Statement[0]"},
	{name: "Principal an account", doc: policy(`"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"`), what: "Principal is an object", path: "Statement[0].Principal"},
	{name: "NotPrincipal", doc: policy(`"Effect":"Deny","NotPrincipal":"*","Action":"s3:*"`), what: "does not support NotPrincipal", path: "Statement[0].NotPrincipal"},
	{name: "NotAction", doc: policy(`"Effect":"Deny","Principal":"*","NotAction":"s3:Get*","Resource":"*"`), what: "does not support NotAction", path: "Statement[0].NotAction"},
	{name: "no Action", doc: policy(`"Effect":"Deny","Principal":"*","Resource":"*"`), what: "a statement has no Action", path: "Statement[0]"},
	{name: "Statment typo", doc: `{"Version":"2012-10-17","Statment":[]}`, what: `has the unknown key "Statment"`, path: "Statment"},
	{name: "Effect Deni", doc: policy(`"Effect":"Deni","Principal":"*","Action":"s3:*","Resource":"*"`), what: `Effect is "Deni"`, path: "Statement[0].Effect"},
}

var tagCases = []grammarCase{
	{name: "AWS's example", doc: `{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},"tag_value":{"@@assign":["100","200","300*"]},"enforced_for":{"@@assign":["secretsmanager:ALL_SUPPORTED"]}}}}`},
	{name: "operators for children", doc: `{"tags":{"@@operators_allowed_for_child_policies":["@@none"],"project":{"tag_key":{"@@operators_allowed_for_child_policies":["@@assign","@@append"],"@@assign":"Project"},"tag_value":{"@@append":["x"]}}}}`},
	{name: "no tags yet", doc: `{"tags":{}}`},
	{name: "hello world", doc: `{"hello":"world"}`, what: `a tag policy at its top has the unknown key "hello"`, path: "hello"},
	{name: "tag typo at the top", doc: `{"tag":{}}`, what: `unknown key "tag"`, path: "tag"},
	{name: "empty", doc: `{}`, what: "a tag policy is empty", path: ""},
	{name: "tags a list", doc: `{"tags":["CostCenter"]}`, what: "tags is an array", path: "tags"},
	{name: "tag_value typo", doc: `{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"},"tag_vaule":{"@@assign":["100"]}}}}`, what: `costcenter has the unknown key "tag_vaule"`, path: "tags.costcenter.tag_vaule"},
	{name: "value without an operator", doc: `{"tags":{"costcenter":{"tag_key":"CostCenter"}}}`, what: "tag_key is set to \"CostCenter\" without an inheritance operator", path: "tags.costcenter.tag_key"},
	{name: "operator typo", doc: `{"tags":{"costcenter":{"tag_key":{"@@asign":"CostCenter"}}}}`, what: `an inheritance operator has the unknown key "@@asign"`, path: "tags.costcenter.tag_key.@@asign"},
	{name: "child operators not a list", doc: `{"tags":{"costcenter":{"tag_key":{"@@operators_allowed_for_child_policies":"@@none","@@assign":"CostCenter"}}}}`, what: `@@operators_allowed_for_child_policies is "@@none"`, path: "tags.costcenter.tag_key.@@operators_allowed_for_child_policies"},
	{name: "@@none with others", doc: `{"tags":{"costcenter":{"tag_key":{"@@operators_allowed_for_child_policies":["@@none","@@assign"],"@@assign":"CostCenter"}}}}`, what: "@@none is listed with other operators", path: "tags.costcenter.tag_key.@@operators_allowed_for_child_policies[0]"},
	{name: "unknown child operator", doc: `{"tags":{"costcenter":{"tag_key":{"@@operators_allowed_for_child_policies":["@@merge"],"@@assign":"CostCenter"}}}}`, what: `lists "@@merge"`, path: "tags.costcenter.tag_key.@@operators_allowed_for_child_policies[0]"},
	{name: "@@append of a single value", doc: `{"tags":{"costcenter":{"tag_value":{"@@append":"300"}}}}`, what: `@@append is given "300"`, path: "tags.costcenter.tag_value.@@append"},
	{name: "@@remove of an object", doc: `{"tags":{"costcenter":{"enforced_for":{"@@remove":{"a":"b"}}}}}`, what: "@@remove is given an object", path: "tags.costcenter.enforced_for.@@remove"},
	{name: "tag a string", doc: `{"tags":{"costcenter":"CostCenter"}}`, what: "costcenter is a string", path: "tags.costcenter"},
}

var backupCases = []grammarCase{
	{name: "daily plan", doc: `{"plans":{"daily":{"regions":{"@@assign":["us-east-1"]},"rules":{"daily":{"schedule_expression":{"@@assign":"cron(0 5 ? * * *)"},"target_backup_vault_name":{"@@assign":"Default"},"copy_actions":{"arn:aws:backup:us-west-2:$account:backup-vault:Default":{"target_backup_vault_arn":{"@@assign":"arn:aws:backup:us-west-2:$account:backup-vault:Default"}}}}}}}}`},
	{name: "plan typo at the top", doc: `{"plan":{}}`, what: `a backup policy at its top has the unknown key "plan"`, path: "plan"},
	{name: "value without an operator", doc: `{"plans":{"daily":{"regions":["us-east-1"]}}}`, what: "regions is set to an array without an inheritance operator", path: "plans.daily.regions"},
	{name: "plans a string", doc: `{"plans":"daily"}`, what: "plans is a string", path: "plans"},
	{name: "operator typo", doc: `{"plans":{"daily":{"regions":{"@@assing":["us-east-1"]}}}}`, what: `unknown key "@@assing"`, path: "plans.daily.regions.@@assing"},
}

var aiCases = []grammarCase{
	{name: "AWS's example", doc: `{"services":{"default":{"opt_out_policy":{"@@assign":"optOut"}},"comprehend":{"opt_out_policy":{"@@operators_allowed_for_child_policies":["@@none"],"@@assign":"optOut"}},"rekognition":{"opt_out_policy":{"@@assign":"optIn"}}}}`},
	{name: "wrong case", doc: `{"services":{"default":{"opt_out_policy":{"@@assign":"optout"}}}}`, what: `opt_out_policy takes "optOut" or "optIn"`, path: "services.default.opt_out_policy.@@assign"},
	{name: "key typo", doc: `{"services":{"default":{"opt_out":{"@@assign":"optOut"}}}}`, what: `default has the unknown key "opt_out"`, path: "services.default.opt_out"},
	{name: "top typo", doc: `{"service":{}}`, what: `unknown key "service"`, path: "service"},
	{name: "value without an operator", doc: `{"services":{"default":{"opt_out_policy":"optOut"}}}`, what: "without an inheritance operator", path: "services.default.opt_out_policy"},
}

var chatbotCases = []grammarCase{
	{name: "slack enabled", doc: `{"chatbot":{"platforms":{"slack":{"client":{"@@assign":"enabled"}}}}}`},
	{name: "top typo", doc: `{"chat_bot":{}}`, what: `a chat applications policy at its top has the unknown key "chat_bot"`, path: "chat_bot"},
	{name: "value without an operator", doc: `{"chatbot":{"platforms":{"slack":{"client":"enabled"}}}}`, what: "without an inheritance operator", path: "chatbot.platforms.slack.client"},
}

var declarativeCases = []grammarCase{
	{name: "VPC block public access", doc: `{"ec2_attributes":{"exception_message":{"@@assign":"See the wiki"},"vpc_block_public_access":{"internet_gateway_block":{"mode":{"@@assign":"block_ingress"},"exclusions_allowed":{"@@assign":"enabled"}}}}}`},
	{name: "top typo", doc: `{"ec2":{"serial_console_access":{"status":{"@@assign":"disabled"}}}}`, what: `a declarative policy at its top has the unknown key "ec2"`, path: "ec2"},
	{name: "value without an operator", doc: `{"ec2_attributes":{"serial_console_access":{"status":"disabled"}}}`, what: "without an inheritance operator", path: "ec2_attributes.serial_console_access.status"},
}

// newerCases are the documents of a type whose syntax page orgctl does
// not check beyond the inheritance operators.
var newerCases = []grammarCase{
	{name: "operators", doc: `{"service":{"setting":{"@@assign":{"any":"value"}},"list":{"@@append":["a"]}}}`},
	{name: "empty", doc: `{}`, what: "is empty", path: ""},
	{name: "operator typo", doc: `{"service":{"setting":{"@assign":"x"}}}`, what: "without an inheritance operator", path: "service.setting.@assign"},
	{name: "unknown operator", doc: `{"service":{"setting":{"@@set":"x"}}}`, what: `unknown key "@@set"`, path: "service.setting.@@set"},
	{name: "top a string", doc: `{"service":"on"}`, what: "service is a string", path: "service"},
}

// corpus holds every type's cases.
var corpus = map[string][]grammarCase{
	"SERVICE_CONTROL_POLICY":           scpCases,
	"RESOURCE_CONTROL_POLICY":          rcpCases,
	"TAG_POLICY":                       tagCases,
	"BACKUP_POLICY":                    backupCases,
	"AISERVICES_OPT_OUT_POLICY":        aiCases,
	"CHATBOT_POLICY":                   chatbotCases,
	"DECLARATIVE_POLICY_EC2":           declarativeCases,
	"SECURITYHUB_POLICY":               newerCases,
	"INSPECTOR_POLICY":                 newerCases,
	"UPGRADE_ROLLOUT_POLICY":           newerCases,
	"BEDROCK_POLICY":                   newerCases,
	"S3_POLICY":                        newerCases,
	"NETWORK_SECURITY_DIRECTOR_POLICY": newerCases,
	"GUARDDUTY_POLICY":                 newerCases,
	"SECURITYHUB_CSPM_POLICY":          newerCases,
}

func TestGrammar(t *testing.T) {
	t.Parallel()
	for _, typ := range Types() {
		t.Run(typ, func(t *testing.T) { runGrammar(t, typ, corpus[typ]) })
	}
}

// TestEveryTypeHasAGrammar pins the types Check knows to orgctl's policy
// types: a new type must get its grammar here.
func TestEveryTypeHasAGrammar(t *testing.T) {
	t.Parallel()
	var want []string
	for _, pt := range facts.PolicyTypes {
		want = append(want, pt.Name)
	}
	slices.Sort(want)
	if got := Types(); !slices.Equal(got, want) {
		t.Errorf("Types() = %v\nfacts.PolicyTypes = %v", got, want)
	}
}

func TestProblemsAreBounded(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`{"Statement":[`)
	for i := range 50 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"Effect":"Deni","Action":"*"}`)
	}
	b.WriteString(`]}`)
	if got := Check("SERVICE_CONTROL_POLICY", b.String()); len(got) != maxProblems {
		t.Errorf("%d problems, want %d", len(got), maxProblems)
	}
}

// A document nested past any policy's depth is refused as a problem, not
// walked: a hostile file cannot make the check recurse without end.
func TestDeepNestingIsAProblem(t *testing.T) {
	t.Parallel()
	doc := `{"tags":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `}`
	got := Check("TAG_POLICY", doc)
	if len(got) != 1 || !strings.Contains(got[0].What, "nests deeper than 64 levels") {
		t.Errorf("problems %+v, want one saying the document nests too deep", got)
	}
	if got := Check("TAG_POLICY", `{"tags":`+strings.Repeat("[", 60)+strings.Repeat("]", 60)+`}`); len(got) > 0 && strings.Contains(got[0].What, "nests") {
		t.Errorf("60 levels refused as too deep: %+v", got)
	}
}

func TestUnknownTypeHasNoGrammar(t *testing.T) {
	t.Parallel()
	if got := Check("NO_SUCH_POLICY", `{"hello":"world"}`); got != nil {
		t.Errorf("Check of an unknown type = %+v, want nil", got)
	}
}

func TestTopKey(t *testing.T) {
	t.Parallel()
	for typ, want := range map[string]string{"TAG_POLICY": "tags", "BACKUP_POLICY": "plans", "AISERVICES_OPT_OUT_POLICY": "services",
		"CHATBOT_POLICY": "chatbot", "DECLARATIVE_POLICY_EC2": "ec2_attributes", "S3_POLICY": "", "SERVICE_CONTROL_POLICY": ""} {
		if got := TopKey(typ); got != want {
			t.Errorf("TopKey(%s) = %q, want %q", typ, got, want)
		}
	}
}
