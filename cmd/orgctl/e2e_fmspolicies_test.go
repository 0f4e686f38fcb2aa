package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Firewall Manager policies join the steps of
// TestE2EIAMPolicyIsExactlyWhatIsUsed (iampolicy_test.go), which must see
// every action iam-policy grants used: a policy made, changed and tagged
// to delete its resources with it, untagged, then deleted.
func init() {
	last := lpSteps[len(lpSteps)-1].spec
	with := func(policies string) string { return last + "firewallPolicies:" + policies }
	policy := func(remediation, deleteResources string) string {
		return `
  - name: waf-baseline
    type: WAFV2
    resourceTypes: [AWS::ElasticLoadBalancingV2::LoadBalancer]
    remediation: ` + remediation + `
    deleteResourcesOnDelete: ` + deleteResources + `
    include: {ous: [Workloads]}
    managedServiceData:
      defaultAction: {type: ALLOW}
      preProcessRuleGroups:
        - ruleGroupType: ManagedRuleGroup
          managedRuleGroupIdentifier: {vendorName: AWS, managedRuleGroupName: AWSManagedRulesCommonRuleSet}
          overrideAction: {type: NONE}
      postProcessRuleGroups: []
`
	}
	lpSteps = append(lpSteps,
		lpStep{name: "a firewall manager policy", spec: with(policy("true", "false"))},
		lpStep{name: "change the firewall manager policy", spec: with(policy("false", "true")), flags: []string{"--allow-destroy"}},
		lpStep{name: "untag the firewall manager policy", spec: with(policy("false", "false"))},
		lpStep{name: "delete the firewall manager policy", spec: with(" []\n"), flags: []string{"--allow-destroy"}},
	)
}

// fmsPoliciesSpec has Firewall Manager's administrator make a WAFv2
// policy on the Workloads OU in both governed regions.
const fmsPoliciesSpec = `version: 1
settings:
  homeRegion: us-east-1
  regions: [us-east-1, eu-west-1]
organizationalUnits:
  - name: Security
  - name: Workloads
accounts:
  - {name: security-tooling, email: aws+security-tooling@acme.example, ou: Security}
  - {name: app, email: aws+app@acme.example, ou: Workloads}
security:
  admin: security-tooling
  firewallManager: {}
firewallPolicies:
  - name: waf-baseline
    type: WAFV2
    resourceTypes: [AWS::ElasticLoadBalancingV2::LoadBalancer, AWS::ApiGateway::Stage]
    remediation: true
    include: {ous: [Workloads]}
    managedServiceData:
      defaultAction: {type: ALLOW}
      preProcessRuleGroups:
        - ruleGroupType: ManagedRuleGroup
          managedRuleGroupIdentifier: {vendorName: AWS, managedRuleGroupName: AWSManagedRulesCommonRuleSet}
          overrideAction: {type: NONE}
      postProcessRuleGroups: []
`

// TestE2EFirewallManagerPolicies applies a Firewall Manager policy
// through 'sandbox serve', lists it with the AWS CLI as the administrator
// in each region, plans again (empty, AWS's fill-ins of the managed
// service data notwithstanding), turns remediation off by hand with
// put-policy, sees it as drift and has a saved plan restore it.
func TestE2EFirewallManagerPolicies(t *testing.T) {
	awsCLI(t)
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "org.yaml")
	if err := os.WriteFile(file, []byte(fmsPoliciesSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := serve(t, filepath.Join(dir, "sandbox.json"), "--create-delay", "200ms", "--set", "fms.adminSettleDelay=500ms")
	ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }

	wantCode(t, run(t, srv.env, ep("apply", "-f", file, "--auto-approve")...), 0, "first apply")
	wantCode(t, run(t, srv.env, ep("plan", "-f", file, "--detailed-exitcode")...), 0, "plan after apply")

	security := str(srv.aws(t, "fms", "get-admin-account"), "AdminAccount")
	asSecurity := srv.assumeRole(t, security, "OrganizationAccountAccessRole")
	policies := func(region string) []map[string]any {
		out, stderr, err := srv.awsAs(t, asSecurity, "fms", "list-policies", "--region", region)
		if err != nil {
			t.Fatalf("fms list-policies in %s as the administrator: %v %s", region, err, stderr)
		}
		return list(out, "PolicyList")
	}
	ids := map[string]string{}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		got := policies(region)
		if len(got) != 1 || str(got[0], "PolicyName") != "waf-baseline" || str(got[0], "SecurityServiceType") != "WAFV2" || got[0]["RemediationEnabled"] != true {
			t.Fatalf("%s: want waf-baseline, got %v", region, got)
		}
		ids[region] = str(got[0], "PolicyId")
	}

	// Remediation turned off by hand in eu-west-1, with the token
	// get-policy gives, as a user would.
	out, stderr, err := srv.awsAs(t, asSecurity, "fms", "get-policy", "--region", "eu-west-1", "--policy-id", ids["eu-west-1"])
	if err != nil {
		t.Fatalf("fms get-policy: %v %s", err, stderr)
	}
	pol, _ := out["Policy"].(map[string]any)
	pol["RemediationEnabled"] = false
	delete(pol, "PolicyStatus")
	b, _ := json.Marshal(pol)
	if _, stderr, err := srv.awsAs(t, asSecurity, "fms", "put-policy", "--region", "eu-west-1", "--policy", string(b)); err != nil {
		t.Fatalf("fms put-policy by hand: %v %s", err, stderr)
	}
	r := run(t, srv.env, ep("drift", "-f", file)...)
	wantCode(t, r, 2, "drift after remediation was turned off by hand")
	if !strings.Contains(r.stdout, "eu-west-1/waf-baseline") || !strings.Contains(r.stdout, "remediation") || strings.Contains(r.stdout, "us-east-1/waf-baseline") {
		t.Errorf("drift does not name exactly the eu-west-1 policy's remediation:\n%s", r.stdout)
	}
	// Restored through a saved plan, which apply checks is still fresh.
	planFile := filepath.Join(dir, "plan.json")
	wantCode(t, run(t, srv.env, ep("plan", "-f", file, "-o", planFile)...), 0, "plan -o after the change by hand")
	wantCode(t, run(t, srv.env, ep("apply", planFile, "--auto-approve")...), 0, "apply plan.json")
	if got := policies("eu-west-1"); len(got) != 1 || got[0]["RemediationEnabled"] != true || str(got[0], "PolicyId") != ids["eu-west-1"] {
		t.Errorf("apply did not restore remediation on the same policy: %v", got)
	}
	wantCode(t, run(t, srv.env, ep("plan", "-f", file, "--detailed-exitcode")...), 0, "plan after restoring")

	// An override in eu-west-1 changes the policy there only.
	overridden := fmsPoliciesSpec + "    overrides:\n      eu-west-1:\n        resourceTags: {residency: eu}\n"
	if err := os.WriteFile(file, []byte(overridden), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, srv.env, ep("plan", "-f", file, "--detailed-exitcode")...)
	wantCode(t, r, 2, "plan with an override")
	if !strings.Contains(r.stdout, `fms-policy "eu-west-1/waf-baseline"`) || strings.Contains(r.stdout, "us-east-1/waf-baseline") || !strings.Contains(r.stdout, `residency = "eu"`) {
		t.Errorf("the plan does not update exactly the eu-west-1 policy's resource tags:\n%s", r.stdout)
	}
	wantCode(t, run(t, srv.env, ep("apply", "-f", file, "--auto-approve")...), 0, "apply of the override")
	for region, want := range map[string]string{"us-east-1": "[]", "eu-west-1": `[{"Key":"residency","Value":"eu"}]`} {
		out, stderr, err := srv.awsAs(t, asSecurity, "fms", "get-policy", "--region", region, "--policy-id", ids[region])
		if err != nil {
			t.Fatalf("fms get-policy in %s: %v %s", region, err, stderr)
		}
		pol, _ := out["Policy"].(map[string]any)
		tags, _ := json.Marshal(pol["ResourceTags"])
		if got := string(tags); got != want && !(want == "[]" && got == "null") {
			t.Errorf("%s: resource tags %s, want %s", region, got, want)
		}
	}
	wantCode(t, run(t, srv.env, ep("plan", "-f", file, "--detailed-exitcode")...), 0, "plan after the override")
}
