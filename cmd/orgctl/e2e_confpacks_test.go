package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/gitsource/gittest"
)

// The least-privilege scenario (TestE2EIAMPolicyIsExactlyWhatIsUsed)
// goes on from its last spec with an organization Config rule, then the
// rule renamed, so that apply deletes orgctl's old one. A conformance
// pack needs its template file beside the spec, which those steps do not
// write: TestE2EConformancePacks makes the pack's calls.
func init() {
	last := lpSteps[len(lpSteps)-1].spec
	rule := func(name string) string {
		return last + "configRules:\n  - {name: " + name + ", identifier: S3_BUCKET_PUBLIC_READ_PROHIBITED, regions: [us-east-1]}\n"
	}
	lpSteps = append(lpSteps,
		lpStep{name: "an organization config rule", spec: rule("s3-public")},
		lpStep{name: "rename the organization config rule", spec: rule("s3-public-2"), flags: []string{"--allow-destroy"}},
	)
	for _, a := range []string{"PutOrganizationConformancePack", "DeleteOrganizationConformancePack", "GetOrganizationConformancePackDetailedStatus", "TagResource",
		// A spec of configRules alone reads no packs.
		"DescribeOrganizationConformancePacks", "DescribeOrganizationConformancePackStatuses"} {
		notExercised["config:"+a] = "a conformance pack needs its template file beside the spec; TestE2EConformancePacks makes this call"
	}
}

// confPacksSpec has AWS Config's administrator deploy a conformance pack
// (its template beside the spec) and an organization Config rule; more
// adds an account and changes what it is given.
func confPacksSpec(more string) string {
	return `version: 1
settings:
  homeRegion: us-east-1
  regions: [us-east-1, eu-west-1]
organizationalUnits: [{name: Workloads}]
accounts:
  - {name: security-tooling, email: aws+security-tooling@acme.example}
  - {name: workload-a, email: aws+workload-a@acme.example, ou: Workloads}
` + more + `security:
  admin: security-tooling
  config: {}
conformancePacks:
  - name: iam-baseline
    template: conformance-packs/iam-baseline.yaml
    parameters: {MaxAccessKeyAge: "90"}
configRules:
  - name: s3-public-read-prohibited
    identifier: S3_BUCKET_PUBLIC_READ_PROHIBITED
    regions: [eu-west-1]
`
}

const confPacksTemplate = `Parameters:
  MaxAccessKeyAge: {Type: String, Default: "90"}
Resources:
  AccessKeysRotated:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: access-keys-rotated
      Source: {Owner: AWS, SourceIdentifier: ACCESS_KEYS_ROTATED}
      InputParameters: {maxAccessKeyAge: {Ref: MaxAccessKeyAge}}
`

// TestE2EConformancePacks applies a conformance pack and an organization
// rule through 'sandbox serve'; as the administrator the AWS CLI lists
// them; a second plan is empty; a changed template plans exactly an
// update of the pack; and a deployment that fails in a new account
// without a configuration recorder is reported by name while the rest is
// applied.
func TestE2EConformancePacks(t *testing.T) {
	awsCLI(t)
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "org.yaml")
	write := func(name, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("org.yaml", confPacksSpec(""))
	write("conformance-packs/iam-baseline.yaml", confPacksTemplate)
	srv := serve(t, filepath.Join(dir, "sandbox.json"), "--create-delay", "200ms",
		"--set", "config.deployDelay=300ms", "--set", `config.noRecorder=["aws+workload-b@acme.example"]`)
	ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }

	wantCode(t, run(t, srv.env, ep("apply", "-f", file, "--auto-approve")...), 0, "first apply")
	wantCode(t, run(t, srv.env, ep("plan", "-f", file, "--detailed-exitcode")...), 0, "plan after apply")

	das := list(srv.aws(t, "organizations", "list-delegated-administrators", "--service-principal", "config-multiaccountsetup.amazonaws.com"), "DelegatedAdministrators")
	if len(das) != 1 {
		t.Fatalf("config-multiaccountsetup's administrators: %v", das)
	}
	asSecurity := srv.assumeRole(t, str(das[0], "Id"), "OrganizationAccountAccessRole")
	names := func(region, op, key, field string) []string {
		t.Helper()
		out, stderr, err := srv.awsAs(t, asSecurity, "configservice", op, "--region", region)
		if err != nil {
			t.Fatalf("%s in %s as the administrator: %v %s", op, region, err, stderr)
		}
		var got []string
		for _, e := range list(out, key) {
			got = append(got, str(e, field))
		}
		return got
	}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		if got := names(region, "describe-organization-conformance-packs", "OrganizationConformancePacks", "OrganizationConformancePackName"); strings.Join(got, ",") != "iam-baseline" {
			t.Errorf("%s: conformance packs %v", region, got)
		}
	}
	if got := names("eu-west-1", "describe-organization-config-rules", "OrganizationConfigRules", "OrganizationConfigRuleName"); strings.Join(got, ",") != "s3-public-read-prohibited" {
		t.Errorf("eu-west-1: organization rules %v", got)
	}
	if got := names("us-east-1", "describe-organization-config-rules", "OrganizationConfigRules", "OrganizationConfigRuleName"); len(got) != 0 {
		t.Errorf("us-east-1: organization rules %v, want none", got)
	}

	// A changed template is exactly an update of the pack, in each Region.
	write("conformance-packs/iam-baseline.yaml", strings.Replace(confPacksTemplate, "ACCESS_KEYS_ROTATED", "IAM_USER_UNUSED_CREDENTIALS_CHECK", 1))
	r := run(t, srv.env, ep("plan", "-f", file, "--detailed-exitcode")...)
	wantCode(t, r, 2, "plan after the template changed")
	for _, want := range []string{`config-conformance-pack "eu-west-1/aws+security-tooling@acme.example/iam-baseline"`,
		`config-conformance-pack "us-east-1/aws+security-tooling@acme.example/iam-baseline"`, "~ template changed", "Plan: 0 to create, 2 to update, 0 to delete."} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the plan does not say %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "config-org-rule") || strings.Count(r.stdout, "~ ") != 4 || strings.Contains(r.stdout, "sha256:") {
		t.Errorf("the plan changes more than the pack:\n%s", r.stdout)
	}
	wantCode(t, run(t, srv.env, ep("apply", "-f", file, "--auto-approve")...), 0, "apply of the new template")
	wantCode(t, run(t, srv.env, ep("plan", "-f", file, "--detailed-exitcode")...), 0, "plan after the new template")

	// A new account without a recorder: AWS deploys the pack and the rule
	// to it when it joins, and they fail there. Whether the first apply
	// sees it depends on when the account joins; the plan after it shows
	// the failed deployments (and nothing else), and the next apply
	// deploys again and names the account with AWS's reason.
	write("org.yaml", strings.Replace(confPacksSpec("  - {name: workload-b, email: aws+workload-b@acme.example, ou: Workloads}\n"),
		`{MaxAccessKeyAge: "90"}`, `{MaxAccessKeyAge: "45"}`, 1))
	run(t, srv.env, ep("apply", "-f", file, "--auto-approve")...)
	r = run(t, srv.env, ep("plan", "-f", file)...)
	if strings.Count(r.stdout, "1 without a configuration recorder: workload-b") != 3 || strings.Contains(r.stdout, "MaxAccessKeyAge") || strings.Contains(r.stdout, "+ account") {
		t.Errorf("after the new account the plan should show only the three failed deployments:\n%s", r.stdout)
	}
	// Before deploying again, the plan says which target account has no
	// recorder, in each Region where a deployment is to be made again.
	if n := strings.Count(r.stdout, "without a configuration recorder: 1 (workload-b)"); n != 2 {
		t.Errorf("the plan names workload-b as without a recorder %d times, want once per Region:\n%s", n, r.stdout)
	}
	r = run(t, srv.env, ep("apply", "-f", file, "--auto-approve")...)
	if r.code == 0 {
		t.Fatalf("apply succeeded though workload-b has no recorder:\n%s\n%s", r.stdout, r.stderr)
	}
	out := r.stdout + r.stderr
	for _, want := range []string{"workload-b (", "NoAvailableConfigurationRecorderException", "failed in 1 of 4 accounts", "prerequisite orgctl does not create"} {
		if !strings.Contains(out, want) {
			t.Errorf("the failed apply does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "workload-a (") {
		t.Errorf("workload-a is named as failed:\n%s", out)
	}
	// The rest stays applied: the pack's new parameter in both Regions.
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		packs, stderr, err := srv.awsAs(t, asSecurity, "configservice", "describe-organization-conformance-packs", "--region", region)
		if err != nil {
			t.Fatalf("%v %s", err, stderr)
		}
		got := list(packs, "OrganizationConformancePacks")
		if len(got) != 1 || !strings.Contains(strings.ReplaceAll(strings.ReplaceAll(jsonOf(got[0]), " ", ""), "\n", ""), `"ParameterValue":"45"`) {
			t.Errorf("%s: the pack after the failed deployment: %v", region, got)
		}
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestE2EConformancePackTemplateFromGit: a spec read from git reads the
// pack's template at the same commit, and the plan against a base shows
// the template's line diff.
func TestE2EConformancePackTemplateFromGit(t *testing.T) {
	t.Parallel()
	repo := gittest.New(t)
	files := func(age string) map[string]string {
		return map[string]string{"org.yaml": confPacksSpec(""),
			"conformance-packs/iam-baseline.yaml": strings.Replace(confPacksTemplate, `Default: "90"`, `Default: "`+age+`"`, 1)}
	}
	c1 := repo.Commit("pack", files("90"))
	repo.Commit("shorter key age", files("60"))
	url := repo.PushBare()
	r := run(t, nil, "--sandbox="+filepath.Join(t.TempDir(), "sandbox.json"), "--git-repo", url, "--git-ref", "main", "plan", "--git-base", c1)
	wantCode(t, r, 0, "plan from git")
	for _, want := range []string{"--- a/conformance-packs/iam-baseline.yaml\n+++ b/conformance-packs/iam-baseline.yaml\n",
		`-  MaxAccessKeyAge: {Type: String, Default: "90"}`, `+  MaxAccessKeyAge: {Type: String, Default: "60"}`,
		`config-conformance-pack "us-east-1/aws+security-tooling@acme.example/iam-baseline"`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the plan from git does not show %q:\n%s", want, r.stdout)
		}
	}
}
