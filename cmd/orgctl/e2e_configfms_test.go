package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The least-privilege scenario (TestE2EIAMPolicyIsExactlyWhatIsUsed)
// goes on from its last spec: AWS Config's administrator (the
// organization's existing registration for config.amazonaws.com becomes
// the section's) with an aggregator, and Firewall Manager's; then the
// aggregator renamed, so that the plan reads the old one's tags and apply
// deletes it, and Firewall Manager's administrator moved, so that the
// old one disassociates itself.
func init() {
	last := lpSteps[len(lpSteps)-1].spec
	base := strings.Replace(strings.Replace(last, "  trustedAccess: [config.amazonaws.com]\n", "", 1),
		"  delegatedAdministrators: [{service: config.amazonaws.com, account: payments}]\n", "", 1)
	with := func(aggregator, fmsAdmin string) string {
		return strings.Replace(base, "  guardDuty: {members: new}\n",
			"  guardDuty: {members: new}\n  config: {aggregator: {name: "+aggregator+", roleName: OrgConfigAggregator}}\n  firewallManager: {admin: "+fmsAdmin+"}\n", 1)
	}
	lpSteps = append(lpSteps,
		lpStep{name: "config aggregator and firewall manager", spec: with("org", "payments")},
		lpStep{name: "rename the aggregator, move firewall manager", spec: with("org-2", "audit"), flags: []string{"--allow-destroy"}},
	)
}

// configFMSSpec makes the security account AWS Config's administrator,
// with an organization aggregator over the governed regions, and Firewall
// Manager's.
const configFMSSpec = `version: 1
settings:
  homeRegion: us-east-1
  regions: [us-east-1, eu-west-1]
accounts:
  - {name: security-tooling, email: aws+security-tooling@acme.example}
security:
  admin: security-tooling
  config:
    aggregator: {name: org, roleName: OrgConfigAggregator}
  firewallManager: {}
`

// TestE2EConfigAndFirewallManager applies AWS Config's and Firewall
// Manager's administrators through 'sandbox serve', checks them from
// outside with the AWS CLI (the aggregator as the security account,
// Firewall Manager as the management account, both of AWS Config's
// registrations with Organizations), changes the aggregator by hand and
// has apply restore it.
func TestE2EConfigAndFirewallManager(t *testing.T) {
	awsCLI(t)
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "org.yaml")
	if err := os.WriteFile(file, []byte(configFMSSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	// Firewall Manager's role takes a second to be ready, as it takes
	// minutes on AWS: apply waits for it.
	srv := serve(t, filepath.Join(dir, "sandbox.json"), "--create-delay", "500ms", "--set", "fms.adminSettleDelay=1s")
	ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }

	wantCode(t, run(t, srv.env, ep("apply", "-f", file, "--auto-approve")...), 0, "first apply")
	wantCode(t, run(t, srv.env, ep("plan", "-f", file, "--detailed-exitcode")...), 0, "plan after apply")

	// Both of AWS Config's principals have the security account as their
	// delegated administrator (whose ID the first answer gives).
	security := ""
	for _, principal := range []string{"config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"} {
		das := list(srv.aws(t, "organizations", "list-delegated-administrators", "--service-principal", principal), "DelegatedAdministrators")
		if security == "" && len(das) == 1 {
			security = str(das[0], "Id")
		}
		if len(das) != 1 || str(das[0], "Email") != "aws+security-tooling@acme.example" || str(das[0], "Id") != security {
			t.Fatalf("%s: want security-tooling as its only delegated administrator, got %v", principal, das)
		}
	}
	if fm := srv.aws(t, "fms", "get-admin-account"); str(fm, "AdminAccount") != security || str(fm, "RoleStatus") != "READY" {
		t.Errorf("fms get-admin-account: want %s READY, got %v", security, fm)
	}

	asSecurity := srv.assumeRole(t, security, "OrganizationAccountAccessRole")
	aggregators := func() []map[string]any {
		out, stderr, err := srv.awsAs(t, asSecurity, "configservice", "describe-configuration-aggregators")
		if err != nil {
			t.Fatalf("describe-configuration-aggregators as the security account: %v %s", err, stderr)
		}
		return list(out, "ConfigurationAggregators")
	}
	regions := func(a map[string]any) string {
		var out []string
		src, _ := a["OrganizationAggregationSource"].(map[string]any)
		for _, r := range src["AwsRegions"].([]any) {
			out = append(out, r.(string))
		}
		slices.Sort(out)
		return strings.Join(out, ",")
	}
	role := "arn:aws:iam::" + security + ":role/OrgConfigAggregator"
	got := aggregators()
	if len(got) != 1 || str(got[0], "ConfigurationAggregatorName") != "org" || regions(got[0]) != "eu-west-1,us-east-1" ||
		str(got[0]["OrganizationAggregationSource"].(map[string]any), "RoleArn") != role {
		t.Fatalf("want the aggregator org over eu-west-1 and us-east-1 with %s, got %v", role, got)
	}

	// The aggregator narrowed by hand is drift; apply restores it.
	if _, stderr, err := srv.awsAs(t, asSecurity, "configservice", "put-configuration-aggregator", "--configuration-aggregator-name", "org",
		"--organization-aggregation-source", "RoleArn="+role+",AwsRegions=us-east-1"); err != nil {
		t.Fatalf("put-configuration-aggregator by hand: %v %s", err, stderr)
	}
	r := run(t, srv.env, ep("drift", "-f", file)...)
	wantCode(t, r, 2, "drift after the aggregator was changed by hand")
	if !strings.Contains(r.stdout, `config-aggregator "us-east-1/aws+security-tooling@acme.example/org"`) || !strings.Contains(r.stdout, "regions") {
		t.Errorf("drift does not name the aggregator's regions:\n%s", r.stdout)
	}
	wantCode(t, run(t, srv.env, ep("apply", "-f", file, "--auto-approve")...), 0, "apply after the change by hand")
	if got := aggregators(); len(got) != 1 || regions(got[0]) != "eu-west-1,us-east-1" {
		t.Errorf("apply did not restore the aggregator's regions: %v", got)
	}
}
