package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestE2EOtherToolsAndRenames: in an organization where other tools
// attached their guardrails (Control Tower's, Terraform's) to OUs of the
// landing zone, apply leaves them attached and a second plan is empty; an
// SCP nobody owns, attached by hand, is detached only with --allow-destroy;
// renaming an OU with renamedFrom keeps its ID and its accounts; tags count
// orgctl's own. All checked from outside with the AWS CLI.
func TestE2EOtherToolsAndRenames(t *testing.T) {
	awsCLI(t)
	t.Parallel()
	dir := t.TempDir()
	lz := filepath.Join(dir, "lz")
	if err := os.CopyFS(lz, os.DirFS(filepath.Join(repoRoot, "examples", "landing-zone"))); err != nil {
		t.Fatal(err)
	}
	spec := filepath.Join(lz, "org.yaml")
	srv := serve(t, filepath.Join(dir, "sandbox.json"), append([]string{"--create-delay", "100ms", "--policy-type-delay", "100ms"}, quickSettle...)...)
	ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }
	wantCode(t, run(t, srv.env, ep("apply", "-f", spec, "--auto-approve")...), 0, "apply the landing zone")
	_, ix := readIDs(t, srv)

	// Other tools' guardrails, and one SCP nobody owns, attached by hand.
	deny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:DeleteVpc","Resource":"*"}]}`
	create := func(name, description string, tags ...string) string {
		args := []string{"organizations", "create-policy", "--type", "SERVICE_CONTROL_POLICY", "--name", name, "--description", description, "--content", deny}
		if len(tags) > 0 {
			args = append(args, "--tags", strings.Join(tags, " "))
		}
		return str(srv.aws(t, args...)["Policy"].(map[string]any)["PolicySummary"].(map[string]any), "Id")
	}
	ct := create("aws-guardrails-Abc", "All-in-one SCP managed by AWS Control Tower")
	tf := create("tf-deny-vpc-delete", "made by Terraform", "Key=managed-by,Value=terraform")
	hand := create("by-hand", "attached from the console")
	srv.aws(t, "organizations", "attach-policy", "--policy-id", ct, "--target-id", ix.ous["Workloads/Dev"])
	srv.aws(t, "organizations", "attach-policy", "--policy-id", tf, "--target-id", ix.ous["Workloads/Prod"])
	srv.aws(t, "organizations", "attach-policy", "--policy-id", hand, "--target-id", ix.ous["Workloads/Dev"])

	r := run(t, srv.env, ep("apply", "-f", spec, "--auto-approve")...)
	wantCode(t, r, 1, "apply that would detach the SCP nobody owns")
	if !strings.Contains(r.stdout, `attachment "scp/by-hand@ou:Workloads/Dev" (destructive)`) || strings.Contains(r.stdout, "aws-guardrails-Abc@") && strings.Contains(r.stdout, "- attachment \"scp/aws-guardrails-Abc") {
		t.Errorf("the plan should detach only by-hand, as destructive:\n%s", r.stdout)
	}
	wantCode(t, run(t, srv.env, ep("apply", "-f", spec, "--auto-approve", "--allow-destroy")...), 0, "apply --allow-destroy")
	r = run(t, srv.env, ep("plan", "-f", spec, "--detailed-exitcode")...)
	wantCode(t, r, 0, "second plan")
	attachedTo := func(policy string) []string {
		var out []string
		for _, tg := range list(srv.aws(t, "organizations", "list-targets-for-policy", "--policy-id", policy), "Targets") {
			out = append(out, str(tg, "TargetId"))
		}
		return out
	}
	if got := attachedTo(ct); len(got) != 1 || got[0] != ix.ous["Workloads/Dev"] {
		t.Errorf("Control Tower's guardrail is attached to %v, want Workloads/Dev still", got)
	}
	if got := attachedTo(tf); len(got) != 1 || got[0] != ix.ous["Workloads/Prod"] {
		t.Errorf("Terraform's SCP is attached to %v, want Workloads/Prod still", got)
	}
	if got := attachedTo(hand); len(got) != 0 {
		t.Errorf("the SCP nobody owns is still attached to %v", got)
	}
	// Once the hand-made SCP is gone, what other tools own is not drift.
	srv.aws(t, "organizations", "delete-policy", "--policy-id", hand)
	wantCode(t, run(t, srv.env, ep("drift", "-f", spec)...), 0, "drift: other tools' guardrails are not drift")

	// Rename Sandbox to Experiments in place.
	edit(t, spec, "  - name: Sandbox\n", "  - name: Experiments\n    renamedFrom: Sandbox\n")
	edit(t, filepath.Join(lz, "accounts", "workloads.yaml"), "ou: Sandbox", "ou: Experiments")
	r = run(t, srv.env, ep("apply", "-f", spec, "--auto-approve")...)
	wantCode(t, r, 0, "apply the rename")
	if !strings.Contains(r.stdout, `~ ou "Experiments"`) || strings.Contains(r.stdout, `- ou "Sandbox"`) {
		t.Errorf("want the OU updated in place, not replaced:\n%s", r.stdout)
	}
	_, after := readIDs(t, srv)
	if after.ous["Experiments"] != ix.ous["Sandbox"] || after.ous["Experiments"] == "" {
		t.Errorf("Experiments has ID %q, Sandbox had %q: the rename should keep the ID", after.ous["Experiments"], ix.ous["Sandbox"])
	}
	alice := ix.accounts["aws+sandbox-alice@acme.example"]
	parents := list(srv.aws(t, "organizations", "list-parents", "--child-id", alice), "Parents")
	if len(parents) != 1 || str(parents[0], "Id") != ix.ous["Sandbox"] {
		t.Errorf("sandbox-alice's parent is %v, want the renamed OU %s", parents, ix.ous["Sandbox"])
	}
	edit(t, spec, "    renamedFrom: Sandbox\n", "")
	wantCode(t, run(t, srv.env, ep("plan", "-f", spec, "--detailed-exitcode")...), 0, "plan once renamedFrom is removed")

	// Tags: 49 of an OU's own pass, 50 do not (orgctl adds managed-by).
	tags := func(n int) string {
		var kv []string
		for i := range n {
			kv = append(kv, "k"+string(rune('a'+i/26))+string(rune('a'+i%26))+": v")
		}
		return "{" + strings.Join(kv, ", ") + "}"
	}
	edit(t, spec, "    tags: {environment: sandbox}\n", "    tags: "+tags(49)+"\n")
	wantCode(t, run(t, nil, "validate", "-f", spec), 0, "validate with 49 tags")
	edit(t, spec, "    tags: "+tags(49)+"\n", "    tags: "+tags(50)+"\n")
	r = run(t, nil, "validate", "-f", spec)
	wantCode(t, r, 1, "validate with 50 tags")
	if !strings.Contains(r.stderr, "organizational unit Experiments has 50 tags, 51 with orgctl's") {
		t.Errorf("the refusal should count orgctl's tag:\n%s", r)
	}
}

// readIDs reads the organization's IDs with the AWS CLI, without the
// full read-back of readView.
func readIDs(t *testing.T, srv *server) (string, ids) {
	t.Helper()
	ix := ids{ous: map[string]string{}, accounts: map[string]string{}, policies: map[string]string{}}
	ix.root = str(list(srv.aws(t, "organizations", "list-roots"), "Roots")[0], "Id")
	queue := []struct{ id, path string }{{ix.root, ""}}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, ou := range list(srv.aws(t, "organizations", "list-organizational-units-for-parent", "--parent-id", p.id), "OrganizationalUnits") {
			path := str(ou, "Name")
			if p.path != "" {
				path = p.path + "/" + path
			}
			ix.ous[path] = str(ou, "Id")
			queue = append(queue, struct{ id, path string }{str(ou, "Id"), path})
		}
	}
	for _, a := range list(srv.aws(t, "organizations", "list-accounts"), "Accounts") {
		ix.accounts[str(a, "Email")] = str(a, "Id")
	}
	return ix.root, ix
}

// edit replaces old by new in a file, once; the test fails if old is not there.
func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
