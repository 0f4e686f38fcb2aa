package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// inspectorAuditSpec is an organization whose security account
// administers Amazon Inspector (every account, four scan types) and AWS
// Audit Manager in two regions.
const inspectorAuditSpec = `version: 1
settings:
  homeRegion: us-east-1
  regions: [us-east-1, eu-west-1]
accounts:
  - {name: security-tooling, email: aws+security-tooling@acme.example}
  - {name: payments, email: aws+payments@acme.example}
  - {name: data, email: aws+data@acme.example}
security:
  admin: security-tooling
  inspector: {members: all, scans: [EC2, ECR, LAMBDA, LAMBDA_CODE]}
  auditManager: {}
`

// TestE2EInspectorAuditManager applies Inspector and Audit Manager
// through 'sandbox serve', checks them with the AWS CLI, and has drift
// name an organization configuration changed by hand, which apply
// restores.
func TestE2EInspectorAuditManager(t *testing.T) {
	awsCLI(t)
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "org.yaml")
	if err := os.WriteFile(file, []byte(inspectorAuditSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	// Both services refuse a new administrator for a while, as AWS does.
	srv := serve(t, filepath.Join(dir, "sandbox.json"), "--create-delay", "100ms",
		"--set", "inspector2.adminSettleDelay=500ms", "--set", "auditmanager.adminSettleDelay=500ms")
	ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }

	r := run(t, srv.env, ep("apply", "-f", file, "--auto-approve")...)
	wantCode(t, r, 0, "first apply")
	r = run(t, srv.env, ep("plan", "-f", file, "--detailed-exitcode")...)
	wantCode(t, r, 0, "plan after apply")

	// Every AWS CLI run costs seconds: the security account's ID comes
	// from Organizations' one listing of delegated administrators.
	var security string
	for _, a := range list(srv.aws(t, "organizations", "list-delegated-administrators"), "DelegatedAdministrators") {
		if str(a, "Email") != "aws+security-tooling@acme.example" {
			t.Errorf("delegated administrator %v is not the security account", a)
		}
		security = str(a, "Id")
	}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		admins := list(srv.aws(t, "inspector2", "list-delegated-admin-accounts", "--region", region), "delegatedAdminAccounts")
		if len(admins) != 1 || str(admins[0], "accountId") != security || str(admins[0], "status") != "ENABLED" {
			t.Errorf("%s: want %s as Inspector's administrator, got %v", region, security, admins)
		}
	}
	if got := srv.aws(t, "auditmanager", "get-organization-admin-account", "--region", "eu-west-1"); security == "" || str(got, "adminAccountId") != security {
		t.Errorf("want %s as Audit Manager's administrator in eu-west-1, got %v", security, got)
	}
	asSecurity := srv.assumeRole(t, security, "OrganizationAccountAccessRole")
	// Debian's CLI knows ec2, ecr and lambda of the configuration.
	cfg, stderr, err := srv.awsAs(t, asSecurity, "inspector2", "describe-organization-configuration", "--region", "eu-west-1")
	auto, _ := cfg["autoEnable"].(map[string]any)
	if err != nil || auto["ec2"] != true || auto["ecr"] != true || auto["lambda"] != true {
		t.Fatalf("as the security account, the scan types are not auto-enabled: %v %v %s", cfg, err, stderr)
	}

	// Turn ECR off by hand: drift names the configuration, apply restores it.
	if _, stderr, err := srv.awsAs(t, asSecurity, "inspector2", "update-organization-configuration",
		"--auto-enable", "ec2=true,ecr=false,lambda=true", "--region", "eu-west-1"); err != nil {
		t.Fatalf("turning ECR scanning off: %v %s", err, stderr)
	}
	r = run(t, srv.env, ep("drift", "-f", file)...)
	wantCode(t, r, 2, "drift after ECR scanning was turned off")
	if !strings.Contains(r.stdout, `inspector-org-config "eu-west-1/aws+security-tooling@acme.example"`) || !strings.Contains(r.stdout, "scans") {
		t.Errorf("drift does not name Inspector's configuration in eu-west-1:\n%s", r.stdout)
	}
	wantCode(t, run(t, srv.env, ep("apply", "-f", file, "--auto-approve")...), 0, "apply after ECR scanning was turned off")
	wantCode(t, run(t, srv.env, ep("drift", "-f", file)...), 0, "drift after repair: ECR scanning is back on")
}

// Inspector and Audit Manager join the steps of
// TestE2EIAMPolicyIsExactlyWhatIsUsed (iampolicy_test.go), which must see
// every action iam-policy grants used: designated, configured, members
// enrolled, then moved to another administrator (removed, deregistered).
func init() {
	last := lpSteps[len(lpSteps)-1].spec
	with := func(sections string) string {
		return strings.Replace(last, "  guardDuty: {members: new}\n", "  guardDuty: {members: new}\n"+sections, 1)
	}
	lpSteps = append(lpSteps,
		lpStep{name: "inspector and audit manager", spec: with("  inspector: {members: all}\n  auditManager: {}\n")},
		lpStep{name: "move inspector's and audit manager's administrator", flags: []string{"--allow-destroy"},
			spec: with("  inspector: {admin: audit, members: all}\n  auditManager: {admin: audit}\n")},
	)
}
