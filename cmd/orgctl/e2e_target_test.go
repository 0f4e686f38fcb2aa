package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestE2ETargetAppliesOnlyWhatItNames(t *testing.T) {
	t.Parallel()
	h := newHistory(t)
	sb := "--sandbox=" + filepath.Join(t.TempDir(), "sandbox.json")
	git := []string{sb, "--git-repo", h.url, "--git-ref", "main"}
	cmd := func(args ...string) []string { return append(append([]string{}, git...), args...) }

	r := run(t, nil, cmd("plan", "--target", "ou:Dvv")...)
	wantCode(t, r, 1, "plan with an unknown target")
	if !strings.Contains(r.stderr, "--target ou:Dvv: no such resource in the spec or the organization; did you mean ou:Dev?") {
		t.Errorf("unknown target:\n%s", r)
	}
	r = run(t, nil, cmd("plan", "--target", "Dev")...)
	wantCode(t, r, 1, "plan with a target that is not KIND:KEY")
	if !strings.Contains(r.stderr, "is not KIND:KEY") {
		t.Errorf("malformed target:\n%s", r)
	}

	// The attachment needs its policy and the policy type, not the OUs.
	r = run(t, nil, cmd("apply", "--auto-approve", "--target", "ou:Dev", "--target", "attachment:scp/deny-leave@root")...)
	wantCode(t, r, 0, "apply with targets")
	for _, w := range []string{
		"Warning: this plan is limited to ou:Dev, attachment:scp/deny-leave@root and what it depends on",
		"Apply complete in", "4 change(s) applied",
		"not recorded as live",
	} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, r)
		}
	}
	if strings.Contains(r.stdout, `ou "Prod"`) || strings.Contains(r.stdout, "Recorded commit") {
		t.Errorf("apply went beyond its targets:\n%s", r)
	}

	// What is left is exactly what was not targeted.
	r = run(t, nil, cmd("plan")...)
	wantCode(t, r, 0, "plan after a targeted apply")
	if !strings.Contains(r.stdout, `+ ou "Prod"`) || !strings.Contains(r.stdout, "Plan: 1 to create, 0 to update, 0 to delete.") {
		t.Errorf("plan after a targeted apply:\n%s", r)
	}
	if !strings.Contains(r.stdout, "Live commit: none recorded") {
		t.Errorf("a targeted apply recorded a live commit:\n%s", r)
	}
}
