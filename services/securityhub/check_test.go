package securityhub

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orgctl/orgctl/services/servicetest"
	"github.com/orgctl/orgctl/spec"
)

// base is a spec with a security account, two OUs and room for a
// securityHub section; its security: mapping starts on line 14.
const base = `version: 1
settings:
  homeRegion: eu-west-1
  regions: [us-east-1, eu-west-1]
organizationalUnits:
  - name: Workloads
    children: [{name: Prod}]
accounts:
  - {name: security, email: sec@example.com}
  - {name: old, email: old@example.com, closed: true}
  - {name: app, email: app@example.com, ou: Workloads/Prod}
security:
  admin: security
  securityHub:
`

func policy(body string) string {
	return base + "    policies:\n      - name: baseline\n" + body
}

func TestSectionRules(t *testing.T) {
	tests := []servicetest.SpecCase{
		{"valid", policy(`        standards: [aws-foundational-security-best-practices/v/1.0.0, cis-aws-foundations-benchmark/v/3.0.0]
        disabledControls: [IAM.6]
        controlParameters: {IAM.7: {MaxPasswordAge: 90, RequireSymbols: true}, EC2.18: {authorizedTcpPorts: [80, 443]}}
        targets: [Root, Workloads/Prod, app]
`), ""},
		{"empty section takes the defaults", base + "    {}\n", ""},
		{"all regions linked", base + "    aggregation: {region: us-east-1, regions: all}\n", ""},
		{"no admin", strings.Replace(base, "  admin: security\n", "", 1) + "    {}\n", "security.securityHub needs security.admin"},
		{"ungoverned aggregation region", base + "    aggregation: {region: eu-west-2}\n", "org.yaml:15:27: aggregation region eu-west-2 is not governed"},
		{"did you mean the region", base + "    aggregation: {region: eu-west-2}\n", `Did you mean "eu-west-1"?`},
		{"regions neither all nor a list", base + "    aggregation: {regions: every}\n", `org.yaml:15:28: aggregation.regions "every" is not all nor a list`},
		{"linked region not governed", base + "    aggregation: {regions: [ap-south-1]}\n", "org.yaml:15:28: linked Region ap-south-1 is not governed"},
		{"the aggregation region linked to itself", base + "    aggregation: {regions: [eu-west-1]}\n", "eu-west-1 is the aggregation Region"},
		{"unknown standard", policy("        standards: [cis-aws-foundations-benchmark/v/3.0]\n"),
			`org.yaml:17:21: unknown Security Hub standard "cis-aws-foundations-benchmark/v/3.0"`},
		{"did you mean the standard", policy("        standards: [aws-foundational-security-best-practice/v/1.0.0]\n"),
			`Did you mean "aws-foundational-security-best-practices/v/1.0.0"?`},
		{"not a control", policy("        disabledControls: [IAM-6]\n"), `org.yaml:17:28: "IAM-6" is not a security control ID`},
		{"unknown parameter", policy("        controlParameters: {IAM.7: {MaxPasswordAges: 90}}\n"), `org.yaml:17:37: control IAM.7 has no parameter "MaxPasswordAges"`},
		{"did you mean the parameter", policy("        controlParameters: {IAM.7: {MaxPasswordAges: 90}}\n"), `Did you mean "MaxPasswordAge"?`},
		{"parameter of the wrong type", policy("        controlParameters: {IAM.7: {MaxPasswordAge: ninety}}\n"), "IAM.7's parameter MaxPasswordAge is not a whole number"},
		{"parameter out of range", policy("        controlParameters: {IAM.7: {MaxPasswordAge: 365}}\n"), "is not a whole number from 1 to 90"},
		{"unknown target", policy("        targets: [Workloads/Prd]\n"), `org.yaml:17:19: unknown target "Workloads/Prd"`},
		{"did you mean the target", policy("        targets: [Workloads/Prd]\n"), `Did you mean "Workloads/Prod"?`},
		{"closed account as target", policy("        targets: [old]\n"), `unknown target "old"`},
		{"a target of two policies", policy("        targets: [Root]\n      - name: other\n        targets: [Root]\n"),
			`org.yaml:19:19: target "Root" is also a target of policy "baseline"`},
		{"two policies of one name", policy("      - name: baseline\n"), `org.yaml:17:15: configuration policy "baseline" is also policies[0]`},
		{"bad policy name", policy("      - name: base line\n"), `org.yaml:17:15: configuration policy name "base line" has characters Security Hub refuses`},
		{"also a delegated administrator", strings.Replace(base, "accounts:", "organization:\n  delegatedAdministrators: [{service: securityhub.amazonaws.com, account: security}]\naccounts:", 1) + "    {}\n",
			"Security Hub's administrator is set by security.securityHub"},
		{"not offered in a governed region", strings.Replace(base, "regions: [us-east-1, eu-west-1]", "regions: [us-east-1, me-west-1]", 1) + "    {}\n",
			"AWS Security Hub CSPM is not offered in me-west-1"},
		{"unknown key in the section", base + "    policy: []\n", `unknown key "policy" in security.securityHub`},
	}
	servicetest.CheckSpecs(t, tests)
}

// A control orgctl does not know still takes parameters, with the types
// YAML gives them, and the spec says so.
func TestUnknownControlParametersWarn(t *testing.T) {
	s, ds := spec.LoadFS(fstest.MapFS{"org.yaml": {Data: []byte(policy("        controlParameters: {RDS.11: {minimumBackupRetentionPeriod: 7}}\n"))}}, "org.yaml")
	if ds.HasErrors() {
		t.Fatal(ds.Error())
	}
	if w := ds.Error(); !strings.Contains(w, "orgctl does not know the parameters of control RDS.11") {
		t.Errorf("want a warning, got %q", w)
	}
	for _, r := range Desired(s) {
		if r.Kind == KindPolicy {
			if got := r.Attrs.Map(AttrParameters)["RDS.11/minimumBackupRetentionPeriod"]; got != `{"Integer":7}` {
				t.Errorf("parameter = %s", got)
			}
		}
	}
}
