package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestE2EOrganizationless serves a sandbox whose management account is in
// no organization: orgctl says so and what to do, the AWS CLI creates the
// organization (in the commercial partition, ARNs of aws-cn in
// cn-north-1), orgctl then applies to it, and the organization of the
// management account alone can be deleted again.
func TestE2EOrganizationless(t *testing.T) {
	awsCLI(t)
	t.Parallel()
	state := filepath.Join(t.TempDir(), "sandbox.json")
	r := run(t, nil, "sandbox", "init", "--empty", "--state", state, "--account-id", "210987654321", "--management-email", "owner@corp.example")
	wantCode(t, r, 0, "sandbox init --empty")
	if !strings.Contains(r.stdout, "210987654321 in no organization") {
		t.Errorf("init does not say the account is in no organization:\n%s", r)
	}
	srv := serve(t, state)
	ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }
	minimal := filepath.Join("examples", "minimal", "org.yaml")

	_, stderr, err := srv.awsAs(t, srv.env, "organizations", "describe-organization")
	if err == nil || !strings.Contains(stderr, "AWSOrganizationsNotInUseException") || !strings.Contains(stderr, "Your account is not a member of an organization.") {
		t.Fatalf("describe-organization without an organization: %v\n%s", err, stderr)
	}
	for _, cmd := range [][]string{{"plan", "-f", minimal}, {"apply", "-f", minimal, "--auto-approve"}} {
		r := run(t, srv.env, ep(cmd...)...)
		if r.code == 0 || !strings.Contains(r.stderr, "account 210987654321 is not in an organization") ||
			!strings.Contains(r.stderr, "aws organizations create-organization --feature-set ALL") || strings.Contains(r.stderr, "api error") {
			t.Errorf("orgctl %s without an organization must say what to do:\n%s", cmd[0], r)
		}
	}

	org := srv.aws(t, "organizations", "create-organization", "--feature-set", "ALL")["Organization"].(map[string]any)
	if str(org, "MasterAccountId") != "210987654321" || str(org, "MasterAccountEmail") != "owner@corp.example" || str(org, "FeatureSet") != "ALL" ||
		!strings.HasPrefix(str(org, "Arn"), "arn:aws:organizations::210987654321:organization/o-") {
		t.Errorf("create-organization: %v", org)
	}
	cn := append(append([]string{}, srv.env...), "AWS_REGION=cn-north-1", "AWS_DEFAULT_REGION=cn-north-1")
	out, stderr, err := srv.awsAs(t, cn, "organizations", "describe-organization")
	if err != nil {
		t.Fatalf("describe-organization in cn-north-1: %v\n%s", err, stderr)
	}
	if arn := str(out["Organization"].(map[string]any), "Arn"); !strings.HasPrefix(arn, "arn:aws-cn:organizations::210987654321:") {
		t.Errorf("ARN in cn-north-1: %s", arn)
	}

	r = run(t, srv.env, ep("apply", "-f", minimal, "--auto-approve")...)
	wantCode(t, r, 0, "apply once the organization exists")
	_, stderr, err = srv.awsAs(t, srv.env, "organizations", "delete-organization")
	if err == nil || !strings.Contains(stderr, "OrganizationNotEmptyException") {
		t.Errorf("delete-organization with members: %v\n%s", err, stderr)
	}
}

// TestE2EOrganizationlessDelete: the organization the AWS CLI made in an
// empty sandbox is deleted again, and the account is in none.
func TestE2EOrganizationlessDelete(t *testing.T) {
	awsCLI(t)
	t.Parallel()
	state := filepath.Join(t.TempDir(), "sandbox.json")
	wantCode(t, run(t, nil, "sandbox", "init", "--empty", "--state", state), 0, "sandbox init --empty")
	srv := serve(t, state)
	org := srv.aws(t, "organizations", "create-organization", "--feature-set", "CONSOLIDATED_BILLING")["Organization"].(map[string]any)
	if str(org, "FeatureSet") != "CONSOLIDATED_BILLING" {
		t.Errorf("create-organization --feature-set CONSOLIDATED_BILLING: %v", org)
	}
	srv.aws(t, "organizations", "delete-organization")
	_, stderr, err := srv.awsAs(t, srv.env, "organizations", "list-roots")
	if err == nil || !strings.Contains(stderr, "AWSOrganizationsNotInUseException") {
		t.Errorf("list-roots after delete-organization: %v\n%s", err, stderr)
	}
}

// TestE2EConsolidatedBilling: in an organization of consolidated billing
// only, apply refuses with what to do (its lock needs all features), plan
// follows enabling all features step by step as the AWS CLI takes them,
// and once the organization has them, apply works.
func TestE2EConsolidatedBilling(t *testing.T) {
	awsCLI(t)
	t.Parallel()
	dir := t.TempDir()
	state := filepath.Join(dir, "sandbox.json")
	r := run(t, nil, "sandbox", "init", "--feature-set", "CONSOLIDATED_BILLING", "--set", "organizations.invitedAccounts=1", "--state", state)
	wantCode(t, r, 0, "sandbox init --feature-set CONSOLIDATED_BILLING")
	srv := serve(t, state)
	ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	billing := write("billing.yaml", "version: 1\norganization: {featureSet: CONSOLIDATED_BILLING}\norganizationalUnits: [{name: Prod}]\n")
	all := write("all.yaml", "version: 1\norganization: {featureSet: ALL, policyTypes: [SERVICE_CONTROL_POLICY]}\norganizationalUnits: [{name: Prod}]\n")

	r = run(t, srv.env, ep("apply", "-f", billing, "--auto-approve")...)
	if r.code == 0 || !strings.Contains(r.stderr, "only consolidated-billing features") || !strings.Contains(r.stderr, "aws organizations enable-all-features") {
		t.Fatalf("apply in an organization of consolidated billing must refuse and say what to do:\n%s", r)
	}
	planSays := func(what string, wants ...string) {
		t.Helper()
		r := run(t, srv.env, ep("plan", "-f", all)...)
		for _, w := range wants {
			if r.code == 0 || !strings.Contains(r.stderr+r.stdout, w) {
				t.Fatalf("%s: plan does not say %q:\n%s", what, w, r)
			}
		}
	}
	planSays("before", "not started", "aws organizations enable-all-features")

	srv.aws(t, "organizations", "enable-all-features")
	var invited string
	for _, a := range list(srv.aws(t, "organizations", "list-accounts"), "Accounts") {
		if str(a, "JoinedMethod") == "INVITED" && str(a, "Email") == "invited-1@sandbox.example" {
			invited = str(a, "Id")
		}
	}
	planSays("started", "waiting for 1 invited account", invited)

	member := srv.assumeRole(t, invited, "OrganizationAccountAccessRole")
	mine, stderr, err := srv.awsAs(t, member, "organizations", "list-handshakes-for-account")
	if err != nil || len(list(mine, "Handshakes")) != 1 {
		t.Fatalf("list-handshakes-for-account as the invited account: %v %s %v", err, stderr, mine)
	}
	if _, stderr, err := srv.awsAs(t, member, "organizations", "accept-handshake", "--handshake-id", str(list(mine, "Handshakes")[0], "Id")); err != nil {
		t.Fatalf("accept-handshake as the invited account: %v\n%s", err, stderr)
	}
	approvals := list(srv.aws(t, "organizations", "list-handshakes-for-account", "--filter", "ActionType=APPROVE_ALL_FEATURES"), "Handshakes")
	if len(approvals) != 1 {
		t.Fatalf("approvals: %v", approvals)
	}
	planSays("approved", "accept-handshake --handshake-id "+str(approvals[0], "Id"))

	srv.aws(t, "organizations", "accept-handshake", "--handshake-id", str(approvals[0], "Id"))
	r = run(t, srv.env, ep("apply", "-f", all, "--auto-approve")...)
	wantCode(t, r, 0, "apply once the organization has all features")
}
