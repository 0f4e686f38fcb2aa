package fmspolicies

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/servicetest"
)

// over is the waf policy with an override for region (its fields
// indented under it).
func over(region, fields string) string {
	return waf("    overrides:\n      " + region + ":\n" + fields)
}

func TestOverrideRules(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string // "" for a valid spec; else a substring of the error, with its line
	}{
		{"valid", base + over("eu-west-1", "        resourceTags: {residency: eu}\n        remediation: true\n        include: {ous: [Workloads]}\n"), ""},
		{"managed service data", base + over("eu-west-1", "        managedServiceData: {defaultAction: {type: BLOCK}, preProcessRuleGroups: [], postProcessRuleGroups: []}\n"), ""},
		{"a region the policy is not made in", base + waf("    regions: [us-east-1]\n") + "    overrides:\n      eu-west-1: {remediation: true}\n",
			`org.yaml:25:18: policy "waf" is not made in eu-west-1`},
		{"did you mean the region", base + over("eu-west-2", "        remediation: true\n"), `Did you mean "eu-west-1"?`},
		{"nothing overridden", base + over("eu-west-1", "        {}\n"), `the override of policy "waf" in eu-west-1 changes nothing`},
		{"the type is the policy's", base + over("eu-west-1", "        type: DNS_FIREWALL\n"), `org.yaml:25:9: unknown key "type" in firewallPolicies[0].overrides.eu-west-1`},
		{"a resource type of another policy type", base + over("eu-west-1", "        resourceTypes: [AWS::EC2::VPC]\n"),
			"org.yaml:25:25: AWS::EC2::VPC is not a resource type of WAFV2 policies"},
		{"managed service data of another type", base + over("eu-west-1", "        managedServiceData: {type: DNS_FIREWALL}\n"),
			"managedServiceData.type DNS_FIREWALL is not the policy's type WAFV2"},
		{"managed service data without what WAFv2 needs", base + over("eu-west-1", "        managedServiceData: {preProcessRuleGroups: []}\n"),
			`policy "waf": managedServiceData has no defaultAction`},
		{"include and exclude", base + over("eu-west-1", "        include: {ous: [Workloads]}\n        exclude: {accounts: [app]}\n"),
			`policy "waf" has both include and exclude`},
		{"an override's include replaces the policy's exclude", base + waf("    exclude: {accounts: [app]}\n") + "    overrides:\n      eu-west-1:\n        include: {ous: [Workloads]}\n", ""},
		{"an unknown OU", base + over("eu-west-1", "        include: {ous: [Workload]}\n"), `unknown OU "Workload"`},
		{"CloudFront outside us-east-1", base + over("eu-west-1", "        resourceTypes: [AWS::CloudFront::Distribution]\n"),
			"org.yaml:25:24: policy \"waf\" covers AWS::CloudFront::Distribution, which Firewall Manager protects only from us-east-1, and is made in eu-west-1"},
		{"too many resource tags", base + over("eu-west-1", "        resourceTags: {a: '1', b: '1', c: '1', d: '1', e: '1', f: '1', g: '1', h: '1', i: '1'}\n"),
			`policy "waf" has 9 resource tags`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := servicetest.Load(t, tt.yaml)
			switch {
			case tt.want == "" && errs != "":
				t.Fatalf("want valid, got:\n%s", errs)
			case tt.want != "" && !strings.Contains(errs, tt.want):
				t.Fatalf("want %q, got:\n%s", tt.want, errs)
			}
		})
	}
}

// The override's fields replace the policy's in its region only.
func TestDesiredWithOverride(t *testing.T) {
	s, errs := servicetest.Load(t, base+waf("    resourceTags: {env: prod}\n")+`    overrides:
      eu-west-1:
        managedServiceData: {defaultAction: {type: BLOCK}, preProcessRuleGroups: [], postProcessRuleGroups: []}
        resourceTags: {env: prod, residency: eu}
        include: {accounts: [app]}
`)
	if errs != "" {
		t.Fatal(errs)
	}
	got := map[string]engine.Attrs{}
	for _, r := range Desired(s) {
		got[r.Key] = r.Attrs
	}
	us, eu := got["us-east-1/waf"], got["eu-west-1/waf"]
	if us.String(AttrData) != `{"defaultAction":{"type":"ALLOW"},"type":"WAFV2"}` || eu.String(AttrData) != `{"defaultAction":{"type":"BLOCK"},"type":"WAFV2"}` {
		t.Errorf("managed service data: us-east-1 %s, eu-west-1 %s", us.String(AttrData), eu.String(AttrData))
	}
	if d := cmp.Diff(map[string]string{"env": "prod", "residency": "eu"}, eu.Map(AttrResourceTags)); d != "" || us.Map(AttrResourceTags)["residency"] != "" {
		t.Errorf("resource tags: us-east-1 %v, eu-west-1 %v", us.Map(AttrResourceTags), eu.Map(AttrResourceTags))
	}
	if !cmp.Equal(eu.Strings(AttrIncludeAccounts), []string{"app@example.com"}) || len(us.Strings(AttrIncludeAccounts)) != 0 {
		t.Errorf("include: us-east-1 %v, eu-west-1 %v", us.Strings(AttrIncludeAccounts), eu.Strings(AttrIncludeAccounts))
	}
}
