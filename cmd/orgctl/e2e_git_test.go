package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/orgctl/orgctl/gitsource/gittest"
)

// The spec's history in the tests' repositories: c1 has OU Prod and an SCP
// from an included file; c2 (main) adds OU Dev and tightens the SCP; the
// feature branch adds OU Sandbox on top of c2.
const (
	specRoot = `version: 1
include: [policies/*.yaml]
organization:
  policyTypes: [SERVICE_CONTROL_POLICY]
  policies: [FullAWSAccess, deny-leave]
organizationalUnits:
`
	specPolicies = `policies:
  - name: deny-leave
    type: SERVICE_CONTROL_POLICY
    file: deny-leave.json
`
	denyLeave1 = `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}
`
	denyLeave2 = `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["organizations:LeaveOrganization", "account:CloseAccount"], "Resource": "*"}]}
`
)

func specFiles(ous []string, doc string) map[string]string {
	root := specRoot
	for _, ou := range ous {
		root += "  - name: " + ou + "\n"
	}
	return map[string]string{
		"org.yaml":                 root,
		"policies/scp.yaml":        specPolicies,
		"policies/deny-leave.json": doc,
		"README.md":                "not part of the spec\n",
	}
}

// history is a repository with the spec's history and a bare remote.
type history struct {
	repo           *gittest.Repo
	url            string // file:// URL of the bare remote
	c1, c2, c3     string
	broken, slowed string
}

func newHistory(t *testing.T) *history {
	t.Helper()
	h := &history{repo: gittest.New(t)}
	h.c1 = h.repo.Commit("Prod", specFiles([]string{"Prod"}, denyLeave1))
	h.c2 = h.repo.Commit("Dev", specFiles([]string{"Prod", "Dev"}, denyLeave2))
	h.repo.Branch("feature")
	h.c3 = h.repo.Commit("Sandbox", specFiles([]string{"Prod", "Dev", "Sandbox"}, denyLeave2))
	h.repo.Branch("broken")
	bad := specFiles([]string{"Prod"}, denyLeave1)
	bad["policies/scp.yaml"] = specPolicies + "    colour: red\n"
	h.broken = h.repo.Commit("broken", bad)
	h.repo.Checkout("main")
	h.url = h.repo.PushBare()
	return h
}

func TestE2EGitPlanAtRef(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	sb := "--sandbox=" + filepath.Join(t.TempDir(), "sandbox.json")
	tests := []struct {
		name      string
		repo, ref string
		want      []string
		not       []string
	}{
		{"remote, first commit by short hash", h.url, h.c1[:8], []string{`ou "Prod"`, "Spec: org.yaml at " + h.c1[:8]}, []string{`ou "Dev"`}},
		{"remote, main", h.url, "main", []string{`ou "Prod"`, `ou "Dev"`, "LeaveOrganization", "CloseAccount", "Spec: org.yaml at main (" + h.c2[:12] + ") in " + h.url}, []string{`ou "Sandbox"`}},
		{"remote, a branch", h.url, "feature", []string{`ou "Sandbox"`}, nil},
		{"local work tree, HEAD", h.repo.Dir, "", []string{`ou "Dev"`, "Live commit: none recorded"}, []string{`ou "Sandbox"`}},
		{"local work tree, relative ref", h.repo.Dir, "main~1", []string{`ou "Prod"`}, []string{`ou "Dev"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{sb, "--git-repo", tt.repo}
			if tt.ref != "" {
				args = append(args, "--git-ref", tt.ref)
			}
			r := run(t, nil, append(args, "plan", "-f", "org.yaml")...)
			wantCode(t, r, 0, "plan")
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(r.stdout, n) {
					t.Errorf("stdout has %q:\n%s", n, r)
				}
			}
		})
	}

	errs := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown ref", []string{"--git-repo", h.url, "--git-ref", "nope", "plan"}, []string{`"nope"`, h.url}},
		{"missing repository", []string{"--git-repo", "file:///nonexistent/org.git", "plan"}, []string{"file:///nonexistent/org.git"}},
		{"spec file not in the commit", []string{"--git-repo", h.url, "plan", "-f", "nested/org.yaml"}, []string{"nested/org.yaml", "at HEAD", h.url}},
		{"invalid spec at a ref", []string{"--git-repo", h.url, "--git-ref", "broken", "validate"}, []string{"policies/scp.yaml:5", "colour", "org.yaml at broken (" + h.broken[:12] + ")"}},
		{"--git-ref without --git-repo", []string{"--git-ref", "main", "plan"}, []string{"--git-ref needs --git-repo"}},
		{"--git-base without --git-repo", []string{"plan", "--git-base", "main"}, []string{"--git-base needs --git-repo"}},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, nil, append([]string{sb}, tt.args...)...)
			wantCode(t, r, 1, tt.name)
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r)
				}
			}
		})
	}
}

func TestE2EGitPlanWithBase(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	sb := "--sandbox=" + filepath.Join(t.TempDir(), "sandbox.json")
	r := run(t, nil, sb, "--git-repo", h.url, "--git-ref", "main", "plan", "--git-base", h.c1)
	wantCode(t, r, 0, "plan with a base")
	want := []string{
		"Spec changes from " + h.c1[:12] + " to main (" + h.c2[:12] + "):",
		"--- a/org.yaml\n+++ b/org.yaml\n@@ -5,3 +5,4 @@\n   policies: [FullAWSAccess, deny-leave]\n organizationalUnits:\n   - name: Prod\n+  - name: Dev\n",
		"--- a/policies/deny-leave.json\n+++ b/policies/deny-leave.json\n",
		"+" + strings.TrimSuffix(denyLeave2, "\n"),
	}
	for _, w := range want {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, r)
		}
	}
	// Unchanged files and files the spec does not load are not shown; the
	// diff comes before the plan.
	if strings.Contains(r.stdout, "policies/scp.yaml") || strings.Contains(r.stdout, "README") {
		t.Errorf("stdout shows files that did not change or are not spec files:\n%s", r)
	}
	if strings.Index(r.stdout, "Spec changes") > strings.Index(r.stdout, "orgctl will make these changes") {
		t.Errorf("the spec changes are not above the plan:\n%s", r)
	}

	r = run(t, nil, sb, "--git-repo", h.url, "--git-ref", "feature", "plan", "--git-base", "feature")
	wantCode(t, r, 0, "plan with base = ref")
	if !strings.Contains(r.stdout, "no spec changes") {
		t.Errorf("stdout lacks 'no spec changes':\n%s", r)
	}
}

// rootTags reads the root's tags with the AWS CLI.
func rootTags(t *testing.T, srv *server) map[string]string {
	t.Helper()
	roots := list(srv.aws(t, "organizations", "list-roots"), "Roots")
	tags := map[string]string{}
	for _, tg := range list(srv.aws(t, "organizations", "list-tags-for-resource", "--resource-id", str(roots[0], "Id")), "Tags") {
		tags[str(tg, "Key")] = str(tg, "Value")
	}
	return tags
}

// ouNames lists the OUs under the root with the AWS CLI.
func ouNames(t *testing.T, srv *server) []string {
	t.Helper()
	roots := list(srv.aws(t, "organizations", "list-roots"), "Roots")
	var names []string
	for _, ou := range list(srv.aws(t, "organizations", "list-organizational-units-for-parent", "--parent-id", str(roots[0], "Id")), "OrganizationalUnits") {
		names = append(names, str(ou, "Name"))
	}
	return names
}

func TestE2EGitApplyRecordsTheLiveCommit(t *testing.T) {
	t.Parallel()
	awsCLI(t)
	h := newHistory(t)
	srv := serve(t, filepath.Join(t.TempDir(), "sandbox.json"))
	env := srv.env
	at := func(ref string, args ...string) []string {
		return append([]string{"--endpoint-url", srv.url, "--git-repo", h.url, "--git-ref", ref}, args...)
	}

	r := run(t, env, at("main", "apply", "--auto-approve")...)
	wantCode(t, r, 0, "apply main")
	if !strings.Contains(r.stdout, "Recorded commit "+h.c2[:12]+" as live.") {
		t.Errorf("apply does not say it recorded the commit:\n%s", r)
	}
	tags := rootTags(t, srv)
	if tags["orgctl:commit"] != h.c2 || tags["orgctl:ref"] != "main" || tags["orgctl:repo"] != h.url {
		t.Errorf("root tags = %v, want commit %s of main in %s", tags, h.c2, h.url)
	}
	if at, err := time.Parse(time.RFC3339, tags["orgctl:applied-at"]); err != nil || time.Since(at) > time.Hour {
		t.Errorf("orgctl:applied-at = %q, want a recent RFC 3339 time", tags["orgctl:applied-at"])
	}

	// plan and drift show the live commit, and the record is no drift.
	live := "Live commit: " + h.c2[:12] + " (main), applied "
	r = run(t, env, at("main", "plan")...)
	wantCode(t, r, 0, "plan after apply")
	if !strings.Contains(r.stdout, live) || !strings.Contains(r.stdout, "No changes.") {
		t.Errorf("plan after apply:\n%s", r)
	}
	r = run(t, env, at("main", "drift")...)
	wantCode(t, r, 0, "drift after apply")
	if !strings.Contains(r.stdout, live) || !strings.Contains(r.stdout, "No drift.") {
		t.Errorf("drift after apply:\n%s", r)
	}

	// An older commit is refused, and changes nothing.
	r = run(t, env, at(h.c1, "apply", "--auto-approve", "--allow-destroy")...)
	wantCode(t, r, 1, "apply an older commit")
	for _, w := range []string{"commit " + h.c1[:12] + " is older than the live commit " + h.c2[:12], "Nothing was changed", "--allow-older"} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r)
		}
	}
	if got := rootTags(t, srv)["orgctl:commit"]; got != h.c2 {
		t.Errorf("refused apply changed the record to %s", got)
	}
	if got := strings.Join(ouNames(t, srv), ","); !strings.Contains(got, "Dev") {
		t.Errorf("refused apply changed the OUs: %s", got)
	}

	// A newer commit on a branch goes ahead.
	r = run(t, env, at("feature", "apply", "--auto-approve")...)
	wantCode(t, r, 0, "apply a newer commit")
	if got := rootTags(t, srv)["orgctl:commit"]; got != h.c3 {
		t.Errorf("record after applying feature = %s, want %s", got, h.c3)
	}

	// A saved plan made from git carries its commit: applying it checks
	// the commit and records it.
	planFile := filepath.Join(t.TempDir(), "plan.json")
	r = run(t, env, at(h.c2, "plan", "-o", planFile)...)
	wantCode(t, r, 0, "plan -o of an older commit")
	r = run(t, env, "--endpoint-url", srv.url, "apply", planFile, "--auto-approve", "--allow-destroy")
	wantCode(t, r, 1, "apply a saved plan of an older commit")
	if !strings.Contains(r.stderr, "is older than the live commit "+h.c3[:12]) {
		t.Errorf("saved plan of an older commit:\n%s", r)
	}

	// --allow-older rolls back on purpose.
	r = run(t, env, at(h.c1, "apply", "--auto-approve", "--allow-destroy", "--allow-older")...)
	wantCode(t, r, 0, "apply an older commit with --allow-older")
	if got := rootTags(t, srv)["orgctl:commit"]; got != h.c1 {
		t.Errorf("record after --allow-older = %s, want %s", got, h.c1)
	}
	if got := strings.Join(ouNames(t, srv), ","); got != "Prod" {
		t.Errorf("OUs after rolling back = %s, want Prod", got)
	}
	// No lock is left behind.
	for _, p := range list(srv.aws(t, "organizations", "list-policies", "--filter", "SERVICE_CONTROL_POLICY"), "Policies") {
		if str(p, "Name") == "orgctl-apply-lock" {
			t.Errorf("the apply lock %s is still there", str(p, "Id"))
		}
	}
}
