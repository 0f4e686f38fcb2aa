package organizations

import (
	"testing"
)

// TestAWSCLI drives the sandbox with the real AWS CLI over HTTP.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	run := e.AdminCLI().Must

	org := run("organizations", "describe-organization")["Organization"].(map[string]any)
	if org["MasterAccountId"] != e.SB.ManagementAccountID() || org["FeatureSet"] != "ALL" {
		t.Errorf("describe-organization: %v", org)
	}
	root := e.RootID()
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
