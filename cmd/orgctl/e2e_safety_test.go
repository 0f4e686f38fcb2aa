package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// writeSpec writes files (name -> content) to a new directory and returns
// the path of its org.yaml.
func writeSpec(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "org.yaml")
}

// suggested finds the command a message suggests after prefix, and
// returns its arguments without "orgctl", as a shell would pass them.
func suggested(t *testing.T, text, prefix string) []string {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `'?(orgctl [^'\n]*)`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no command suggested after %q in:\n%s", prefix, text)
	}
	return shellWords(strings.TrimSuffix(m[1], "."))[1:]
}

// A saved plan names the organization and endpoint it was made for:
// applied elsewhere it is refused before the lock, saying both; the
// command plan suggests reaches the right one.
func TestE2ESavedPlanAppliesToItsOrganizationOnly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	spec := writeSpec(t, map[string]string{"org.yaml": "version: 1\norganizationalUnits: [{name: Security}]\n"})
	planFile := filepath.Join(dir, "plan.json")

	r := run(t, nil, "--sandbox="+a, "plan", "-f", spec, "-o", planFile)
	wantCode(t, r, 0, "plan -o")
	apply := suggested(t, r.stdout, "apply exactly it with: ")
	if want := []string{"--sandbox=" + a, "apply", planFile}; strings.Join(apply, " ") != strings.Join(want, " ") {
		t.Errorf("plan -o suggests orgctl %v, want orgctl %v", apply, want)
	}
	b1, _ := os.ReadFile(planFile)
	var saved struct {
		Organization map[string]string `json:"organization"`
	}
	if err := json.Unmarshal(b1, &saved); err != nil {
		t.Fatal(err)
	}
	org := saved.Organization
	if !strings.HasPrefix(org["id"], "o-") || org["management_account"] == "" || org["endpoint"] != "sandbox:"+a {
		t.Errorf("the plan file names organization %v, want its ID, management account and sandbox:%s", org, a)
	}

	// Another sandbox is another organization: refused, nothing locked.
	r = run(t, nil, "--sandbox="+b, "apply", planFile, "--auto-approve")
	wantCode(t, r, 1, "apply to another organization")
	for _, w := range []string{
		planFile + " was made for organization " + org["id"] + " (management account " + org["management_account"] + ") through the sandbox in " + a,
		"but orgctl is connected to organization o-",
		"through the sandbox in " + b + "; nothing was changed",
		"To apply it where it was made: orgctl --sandbox=" + a + " apply " + planFile,
		"To plan again here: orgctl --sandbox=" + b + " plan -f " + spec + " -o " + planFile,
	} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r)
		}
	}
	if strings.Contains(r.stderr, "apply lock") || strings.Contains(r.stdout, "orgctl will make") {
		t.Errorf("the refusal came after the lock or the plan:\n%s", r)
	}

	// A plan of an older orgctl names no organization: only its
	// freshness is checked, and another organization is not fresh.
	var raw map[string]any
	json.Unmarshal(b1, &raw)
	delete(raw, "organization")
	old := filepath.Join(dir, "old.json")
	b2, _ := json.Marshal(raw)
	os.WriteFile(old, b2, 0o644)
	r = run(t, nil, "--sandbox="+b, "apply", old, "--auto-approve")
	wantCode(t, r, 1, "apply an old plan to another organization")
	if !strings.Contains(r.stderr, "the organization has changed since "+old+" was made") ||
		!strings.Contains(r.stderr, "Make a new plan:\n  orgctl --sandbox="+b+" plan -f "+spec+" -o "+old) {
		t.Errorf("old plan to another organization:\n%s", r)
	}

	// What plan suggested, pasted, applies where the plan was made.
	r = run(t, nil, append(apply, "--auto-approve")...)
	wantCode(t, r, 0, "the suggested apply")
	if !strings.Contains(r.stdout, "Apply complete") {
		t.Errorf("the suggested apply:\n%s", r)
	}
}

// Every command orgctl suggests carries the flags that reached the
// organization, so pasted it reaches the same one.
func TestE2ESuggestedCommandsKeepTheGlobalFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sb := "--sandbox=" + filepath.Join(dir, "s.json")
	out := filepath.Join(dir, "imported")

	r := run(t, nil, sb, "import", "-o", out)
	wantCode(t, r, 0, "import")
	plan := suggested(t, r.stdout, "It plans clean: ")
	r = run(t, nil, plan...)
	wantCode(t, r, 0, "the suggested plan")
	if !strings.Contains(r.stdout, "No changes.") {
		t.Errorf("the plan import suggests does not reach the imported organization:\n%s", r)
	}

	r = run(t, nil, sb, "unlock")
	wantCode(t, r, 1, "unlock without an ID")
	if !strings.Contains(r.stderr, "orgctl "+sb+" unlock LOCK_ID") {
		t.Errorf("unlock's usage does not carry --sandbox:\n%s", r)
	}

	r = run(t, nil, sb, "--git-repo", dir, "apply", filepath.Join(dir, "plan.json"))
	wantCode(t, r, 1, "apply a saved plan with --git-repo")
	if !strings.Contains(r.stderr, "orgctl "+sb+" --git-repo "+dir+" plan -o "+filepath.Join(dir, "plan.json")) {
		t.Errorf("the refusal of --git-repo with a saved plan does not say how to plan:\n%s", r)
	}
}
