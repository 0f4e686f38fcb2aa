package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/engine"
)

// graph draws a spec, marked by a saved plan; drift reports in three
// formats with exit code 2, and 0 once in sync.
func TestGraphAndDriftFormats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state := "--sandbox=" + filepath.Join(dir, "s.json")
	minimal := filepath.Join(repoRoot, "examples/minimal/org.yaml")
	ip := inProcess{}
	if code, _, stderr := ip.run(t, state, "apply", "-f", minimal, "--auto-approve"); code != exitOK {
		t.Fatalf("apply: %s", stderr)
	}
	for _, format := range []string{"text", "json", "markdown"} {
		code, out, stderr := ip.run(t, state, "drift", "-f", minimal, "--format", format)
		if code != exitOK {
			t.Errorf("drift --format %s in sync: exit %d %s", format, code, stderr)
		}
		if format != "json" && !strings.Contains(out, "No drift") {
			t.Errorf("drift --format %s in sync says:\n%s", format, out)
		}
	}

	b, err := os.ReadFile(minimal)
	if err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(dir, "org.yaml")
	b = bytes.Replace(b, []byte("environment: dev"), []byte("environment: development"), 1)
	b = bytes.Replace(b, []byte("  - name: Dev\n"), []byte("  - name: Staging\n  - name: Dev\n"), 1)
	if err := os.WriteFile(edited, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := ip.run(t, state, "drift", "-f", edited, "--format", "json")
	if code != exitChanges {
		t.Fatalf("drift --format json with drift: exit %d", code)
	}
	p, err := engine.ReadPlan([]byte(out))
	if err != nil || !p.Drifted() {
		t.Fatalf("drift JSON is not a drifted plan: %v\n%s", err, out)
	}
	if code, out, _ = ip.run(t, state, "drift", "-f", edited, "--format", "markdown"); code != exitChanges ||
		!strings.HasPrefix(out, "### orgctl drift\n") || !strings.Contains(out, "**Drift:** 2 resource(s)") {
		t.Errorf("drift --format markdown: exit %d\n%s", code, out)
	}
	if code, out, _ = ip.run(t, state, "drift", "-f", edited); code != exitChanges || !strings.Contains(out, "Drift:") {
		t.Errorf("drift text: exit %d\n%s", code, out)
	}

	planFile := filepath.Join(dir, "plan.json")
	if code, _, stderr := ip.run(t, state, "plan", "-f", edited, "-o", planFile); code != exitOK {
		t.Fatalf("plan -o: %s", stderr)
	}
	code, out, stderr := ip.run(t, "graph", "-f", edited, "--plan", planFile)
	if code != exitOK || !strings.HasPrefix(out, "flowchart LR\n") {
		t.Fatalf("graph --plan: exit %d %s\n%s", code, stderr, out)
	}
	for _, want := range []string{`OU_2["<b>Staging</b>`, "class OU_2 create", "class AC_2 update"} {
		if !strings.Contains(out, want) {
			t.Errorf("graph --plan lacks %q:\n%s", want, out)
		}
	}
	if code, out, _ = ip.run(t, "graph", "-f", edited, "--format", "dot"); code != exitOK || !strings.HasPrefix(out, "digraph org {") {
		t.Errorf("graph --format dot: exit %d\n%s", code, out)
	}
	for name, args := range map[string][]string{
		"unknown format": {"graph", "-f", edited, "--format", "svg"},
		"missing plan":   {"graph", "-f", edited, "--plan", filepath.Join(dir, "nope.json")},
		"not a plan":     {"graph", "-f", edited, "--plan", edited},
	} {
		if code, out, _ := ip.run(t, args...); code != exitError || out != "" {
			t.Errorf("%s: exit %d, output %q", name, code, out)
		}
	}
}

// --accounts chooses how accounts are drawn; an unknown value is refused
// with the values it takes.
func TestGraphAccounts(t *testing.T) {
	t.Parallel()
	minimal := filepath.Join(repoRoot, "examples/minimal/org.yaml")
	ip := inProcess{}
	for mode, want := range map[string]struct{ has, lacks string }{
		"all":   {"aws+app-prod@example.com", "1 account"},
		"none":  {`OU_1["<b>Prod</b><br/>SCP`, "app-prod"},
		"count": {`OU_1["<b>Prod</b><br/>1 account<br/>`, "app-prod"},
	} {
		code, out, stderr := ip.run(t, "graph", "-f", minimal, "--accounts", mode)
		if code != exitOK || !strings.Contains(out, want.has) || strings.Contains(out, want.lacks) {
			t.Errorf("--accounts %s: exit %d %s\n%s", mode, code, stderr, out)
		}
	}
	code, out, stderr := ip.run(t, "graph", "-f", minimal, "--accounts", "some")
	if code != exitError || out != "" || !strings.Contains(stderr, "all, none, count") {
		t.Errorf("--accounts some: exit %d, stderr %q, output %q", code, stderr, out)
	}
}
