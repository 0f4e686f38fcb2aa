package main

import (
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
