package fmspolicies

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/servicetest"
)

// base is a spec with Firewall Manager's administrator; policies follow.
const base = `version: 1
settings:
  homeRegion: us-east-1
  regions: [us-east-1, eu-west-1]
organizationalUnits:
  - name: Workloads
    children: [{name: Prod}]
accounts:
  - {name: security, email: sec@example.com}
  - {name: app, email: App@example.com, ou: Workloads/Prod}
  - {name: old, email: old@example.com, closed: true}
security:
  admin: security
  firewallManager: {}
firewallPolicies:
`

// waf is a valid WAFv2 policy (from line 16 of the spec), with more keys.
func waf(extra string) string {
	return `  - name: waf
    type: WAFV2
    resourceTypes: [AWS::ElasticLoadBalancingV2::LoadBalancer]
    managedServiceData:
      defaultAction: {type: ALLOW}
      preProcessRuleGroups: []
      postProcessRuleGroups: []
` + extra
}

func TestSectionRules(t *testing.T) {
	tests := []servicetest.SpecCase{
		{"valid", base + waf("    include: {ous: [Workloads/Prod], accounts: [app]}\n"), ""},
		{"empty list", base + "  []\n", ""},
		{"no firewall manager", strings.Replace(base, "  firewallManager: {}\n", "", 1) + waf(""), "org.yaml:15:3: firewallPolicies needs security.firewallManager"},
		{"unknown type", base + strings.Replace(waf(""), "WAFV2", "WAFV3", 1), `org.yaml:17:11: unknown Firewall Manager policy type "WAFV3"`},
		{"did you mean the type", base + strings.Replace(waf(""), "WAFV2", "WAFV3", 1), `Did you mean "WAFV2"?`},
		{"resource type of another policy type", base + strings.Replace(waf(""), "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::EC2::VPC", 1),
			"org.yaml:18:21: AWS::EC2::VPC is not a resource type of WAFV2 policies"},
		{"no resource types", base + strings.Replace(waf(""), "[AWS::ElasticLoadBalancingV2::LoadBalancer]", "[]", 1), `policy "waf" has no resourceTypes`},
		{"mismatched data type", base + strings.Replace(waf(""), "defaultAction: {type: ALLOW}", "type: DNS_FIREWALL\n      defaultAction: {type: ALLOW}", 1),
			"org.yaml:20:7: managedServiceData.type DNS_FIREWALL is not the policy's type WAFV2"},
		{"missing required data", base + strings.Replace(waf(""), "      postProcessRuleGroups: []\n", "", 1), "managedServiceData has no postProcessRuleGroups"},
		{"data not a mapping", base + "  - {name: dns, type: DNS_FIREWALL, resourceTypes: [AWS::EC2::VPC], managedServiceData: x}\n", `policy "dns" needs managedServiceData`},
		{"include and exclude", base + waf("    include: {ous: [Workloads]}\n    exclude: {accounts: [app]}\n"), `org.yaml:24:14: policy "waf" has both include and exclude`},
		{"unknown OU", base + waf("    include: {ous: [Workload]}\n"), `org.yaml:23:21: unknown OU "Workload"`},
		{"did you mean the OU", base + waf("    include: {ous: [Workload]}\n"), `Did you mean "Workloads"?`},
		{"unknown account", base + waf("    exclude: {accounts: [ap]}\n"), `unknown account "ap"`},
		{"closed account", base + waf("    exclude: {accounts: [old]}\n"), `account "old" is closed`},
		{"empty scope", base + waf("    include: {}\n"), "firewallPolicies[0].include names nothing"},
		{"duplicate", base + waf("") + waf(""), `org.yaml:23:11: duplicate Firewall Manager policy "waf"`},
		{"ungoverned region", base + waf("    regions: [eu-central-1]\n"), "org.yaml:23:15: eu-central-1 is not a governed Region"},
		{"CloudFront outside us-east-1", base + strings.Replace(waf(""), "[AWS::ElasticLoadBalancingV2::LoadBalancer]", "[AWS::CloudFront::Distribution]", 1),
			"which Firewall Manager protects only from us-east-1, and is made in eu-west-1"},
		{"CloudFront with another type", base + strings.Replace(waf("    regions: [us-east-1]\n"), "[AWS::ElasticLoadBalancingV2::LoadBalancer]", "[AWS::CloudFront::Distribution, AWS::ApiGateway::Stage]", 1),
			"covers AWS::CloudFront::Distribution with other resource types"},
		{"CloudFront in us-east-1", base + strings.Replace(waf("    regions: [us-east-1]\n"), "[AWS::ElasticLoadBalancingV2::LoadBalancer]", "[AWS::CloudFront::Distribution]", 1), ""},
		{"too many resource tags", base + waf("    resourceTags: {a: '1', b: '1', c: '1', d: '1', e: '1', f: '1', g: '1', h: '1', i: '1'}\n"), `policy "waf" has 9 resource tags`},
		{"unknown key", base + waf("    remediate: true\n"), `Did you mean "remediation"?`},
		{"typo of the section", strings.Replace(base, "firewallPolicies:", "firewallPolicy:", 1) + waf(""), `Did you mean "firewallPolicies"?`},
	}
	servicetest.CheckSpecs(t, tests)
}

func TestDesired(t *testing.T) {
	s, errs := servicetest.Load(t, base+waf("    include: {ous: [Workloads/Prod, Workloads], accounts: [app]}\n    resourceTags: {env: prod}\n")+
		"  - name: dns\n    type: DNS_FIREWALL\n    resourceTypes: [AWS::EC2::VPC]\n    regions: [eu-west-1]\n    managedServiceData: {preProcessRuleGroups: [], postProcessRuleGroups: []}\n")
	if errs != "" {
		t.Fatal(errs)
	}
	var got []string
	for _, r := range Desired(s) {
		got = append(got, r.Ref().String())
	}
	want := []string{"fms-policy:us-east-1/waf", "fms-policy:eu-west-1/waf", "fms-policy:eu-west-1/dns"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("desired (-want +got):\n%s", diff)
	}
	waf := Desired(s)[0]
	if a := waf.Attrs; a.String(AttrAccount) != "sec@example.com" || !cmp.Equal(a.Strings(AttrIncludeOUs), []string{"Workloads", "Workloads/Prod"}) ||
		!cmp.Equal(a.Strings(AttrIncludeAccounts), []string{"app@example.com"}) || a.Map(AttrResourceTags)["env"] != "prod" {
		t.Errorf("attrs %v", a)
	}
	if got := waf.Attrs.String(AttrData); got != `{"defaultAction":{"type":"ALLOW"},"type":"WAFV2"}` {
		t.Errorf("normalised data %s", got)
	}
	if got := waf.Attrs.String(AttrSend); !strings.Contains(got, `"postProcessRuleGroups":[]`) {
		t.Errorf("sent data %s", got)
	}
	if waf.Source == nil || waf.Source.Line != 16 {
		t.Errorf("source %v, want the name's line 16", waf.Source)
	}
	want = nil
	for _, d := range kinds[0].Deps(waf) {
		want = append(want, d.String())
	}
	if diff := cmp.Diff([]string{"fms-admin:sec@example.com", "ou:Workloads", "ou:Workloads/Prod", "account:app@example.com"}, want); diff != "" {
		t.Errorf("deps (-want +got):\n%s", diff)
	}
	s, _ = servicetest.Load(t, strings.TrimSuffix(base, "firewallPolicies:\n"))
	if got := Desired(s); got != nil {
		t.Errorf("no section, yet desired %v", got)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ name, typ, in, want string }{
		{"AWS's fill-ins", "WAFV2",
			`{"type":"WAFV2","preProcessRuleGroups":[{"ruleGroupArn":null,"excludeRules":[],"overrideAction":{"type":"NONE"},"managedRuleGroupIdentifier":{"vendorName":"AWS","managedRuleGroupName":"X"}}],"postProcessRuleGroups":[],"defaultAction":{"type":"ALLOW"},"overrideCustomerWebACLAssociation":false,"loggingConfiguration":null}`,
			`{"defaultAction":{"type":"ALLOW"},"preProcessRuleGroups":[{"managedRuleGroupIdentifier":{"managedRuleGroupName":"X","vendorName":"AWS"},"overrideAction":{"type":"NONE"}}],"type":"WAFV2"}`},
		{"a default set otherwise counts", "WAFV2", `{"type":"WAFV2","overrideCustomerWebACLAssociation":true}`, `{"overrideCustomerWebACLAssociation":true,"type":"WAFV2"}`},
		{"a default of another type counts", "DNS_FIREWALL", `{"type":"DNS_FIREWALL","overrideCustomerWebACLAssociation":false}`, `{"overrideCustomerWebACLAssociation":false,"type":"DNS_FIREWALL"}`},
		{"numbers kept exactly", "SECURITY_GROUPS_USAGE_AUDIT", `{"type":"SECURITY_GROUPS_USAGE_AUDIT","optionalDelayForUnusedInMinutes":60}`, `{"optionalDelayForUnusedInMinutes":60,"type":"SECURITY_GROUPS_USAGE_AUDIT"}`},
		{"order of a list counts", "DNS_FIREWALL", `{"preProcessRuleGroups":[{"priority":2},{"priority":1}]}`, `{"preProcessRuleGroups":[{"priority":2},{"priority":1}]}`},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.typ, tt.in)
		if err != nil || got != tt.want {
			t.Errorf("%s: got %s, %v\nwant %s", tt.name, got, err, tt.want)
		}
	}
	if _, err := Normalize("WAFV2", `[1]`); err == nil {
		t.Error("a list is not managed service data")
	}
}

func TestDestructive(t *testing.T) {
	tests := []struct {
		name          string
		before, after engine.Attrs
		want          bool
	}{
		{"remediation off", engine.Attrs{AttrRemediation: true}, engine.Attrs{AttrRemediation: false}, true},
		{"remediation on", engine.Attrs{AttrRemediation: false}, engine.Attrs{AttrRemediation: true}, false},
		{"include narrowed", engine.Attrs{AttrIncludeOUs: []string{"A", "B"}}, engine.Attrs{AttrIncludeOUs: []string{"A"}}, true},
		{"include widened", engine.Attrs{AttrIncludeOUs: []string{"A"}}, engine.Attrs{AttrIncludeOUs: []string{"A", "B"}}, false},
		{"include from everyone", engine.Attrs{}, engine.Attrs{AttrIncludeOUs: []string{"A"}}, true},
		{"include to everyone", engine.Attrs{AttrIncludeOUs: []string{"A"}}, engine.Attrs{}, false},
		{"more excluded", engine.Attrs{}, engine.Attrs{AttrExcludeAccounts: []string{"a@x"}}, true},
		{"fewer excluded", engine.Attrs{AttrExcludeAccounts: []string{"a@x"}}, engine.Attrs{}, false},
	}
	for _, tt := range tests {
		c := &engine.Change{Action: engine.Update, Before: tt.before, After: tt.after}
		if got := destructive(c); got != tt.want {
			t.Errorf("%s: destructive %v, want %v", tt.name, got, tt.want)
		}
	}
	if !destructive(&engine.Change{Action: engine.Delete}) || destructive(&engine.Change{Action: engine.Create}) {
		t.Error("delete is destructive, create is not")
	}
}

// In an opt-in Region the administrator has not enabled, the plan says
// so rather than fail at AWS.
func TestCheckOptInRegion(t *testing.T) {
	r := engine.Resource{Kind: KindPolicy, Key: Key("af-south-1", "waf"), Attrs: engine.Attrs{AttrAccount: "sec@example.com", AttrRegion: "af-south-1"}}
	live := []engine.Resource{{Kind: "region-opt-in", Key: "sec@example.com/af-south-1", Attrs: engine.Attrs{"status": "DISABLED"}}}
	if got := kinds[0].Check(r, engine.NewCheckEnv(nil, live)); !strings.Contains(got, "af-south-1 is an opt-in Region not enabled in sec@example.com (disabled)") {
		t.Errorf("got %q", got)
	}
	live[0].Attrs["status"] = "ENABLED"
	if got := kinds[0].Check(r, engine.NewCheckEnv(nil, live)); got != "" {
		t.Errorf("an enabled Region refused: %q", got)
	}
}
