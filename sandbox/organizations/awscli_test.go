package organizations

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// awsCLI is Debian's AWS CLI v2; a different aws earlier on PATH may be v1.
const awsCLI = "/usr/bin/aws"

// TestAWSCLI drives the sandbox with the real AWS CLI over HTTP.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(awsCLI); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: %v", awsCLI, err)
		}
		t.Skipf("%s not installed", awsCLI)
	}
	e := newEnv(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	creds := e.SB.Credentials()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"AWS_ACCESS_KEY_ID=" + creds.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + creds.SecretAccessKey,
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=" + empty,
		"AWS_SHARED_CREDENTIALS_FILE=" + empty,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PAGER=",
	}
	run := func(args ...string) map[string]any {
		t.Helper()
		cmd := exec.Command(awsCLI, append(args, "--endpoint-url", e.URL, "--output", "json")...)
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			stderr := ""
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("aws %v: %v\n%s", args, err, stderr)
		}
		var v map[string]any
		if err := json.Unmarshal(out, &v); err != nil {
			t.Fatalf("aws %v: output %q: %v", args, out, err)
		}
		return v
	}

	org := run("organizations", "describe-organization")["Organization"].(map[string]any)
	if org["MasterAccountId"] != e.SB.ManagementAccountID() || org["FeatureSet"] != "ALL" {
		t.Errorf("describe-organization: %v", org)
	}
	root := e.rootID()
	ou := run("organizations", "create-organizational-unit", "--parent-id", root, "--name", "FromCLI")["OrganizationalUnit"].(map[string]any)
	list := run("organizations", "list-organizational-units-for-parent", "--parent-id", root)["OrganizationalUnits"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["Id"] != ou["Id"] || list[0].(map[string]any)["Name"] != "FromCLI" {
		t.Errorf("list-organizational-units-for-parent: %v", list)
	}
	id := run("sts", "get-caller-identity")
	if id["Account"] != e.SB.ManagementAccountID() || id["Arn"] != "arn:aws:iam::"+e.SB.ManagementAccountID()+":user/sandbox-admin" {
		t.Errorf("sts get-caller-identity: %v", id)
	}
}
