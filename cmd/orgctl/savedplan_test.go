package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A saved plan was reviewed when it was made: apply takes it without
// asking, even with no terminal to ask on (CI), as Terraform does; a spec
// still needs --auto-approve there.
func TestSavedPlanAppliesWithoutAsking(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state := "--sandbox=" + filepath.Join(dir, "s.json")
	minimal := "examples/minimal/org.yaml"
	planFile := filepath.Join(dir, "plan.json")

	r := run(t, nil, state, "apply", "-f", minimal)
	if r.code != exitError || !strings.Contains(r.stderr, "--auto-approve") {
		t.Fatalf("a spec applied with no terminal to ask on: %s", r)
	}
	wantCode(t, run(t, nil, state, "plan", "-f", minimal, "-o", planFile), 0, "plan -o")
	r = run(t, nil, state, "apply", planFile)
	if r.code != exitOK || !strings.Contains(r.stdout, "Apply complete") || strings.Contains(r.stdout, "Do you want") {
		t.Fatalf("the saved plan was not applied without asking: %s", r)
	}
	wantCode(t, run(t, nil, state, "plan", "-f", minimal, "--detailed-exitcode"), 0, "plan after applying the saved plan")
}
