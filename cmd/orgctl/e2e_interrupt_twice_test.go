package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// A second Ctrl-C ends apply at once, with exit 130 and a word on the lock
// it leaves, instead of waiting for the requests in flight; the sandbox's
// state is still whole (a plan reads it).
func TestSecondInterruptExitsAtOnce(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "s.json")
	spec := "examples/minimal/org.yaml"
	// Every request takes two seconds, so the first interrupt's clean stop
	// (requests in flight, the lock's release) is still going when the
	// second arrives.
	r, sent := interruptApply(t, state, spec, "2s", 2, func(line string) bool {
		return strings.Contains(line, "Acquired the apply lock")
	})
	if !sent {
		t.Fatalf("apply never held the lock, so nothing was interrupted:\n%s", r)
	}
	if r.code != exitInterrupted {
		t.Errorf("exit %d, want %d after a second interrupt:\n%s", r.code, exitInterrupted, r)
	}
	wantIn(t, r, r.stderr, "Interrupted again: exiting now")
	wantIn(t, r, r.stderr, "orgctl unlock LOCK_ID")
	if plan := run(t, nil, "--sandbox="+state, "plan", "-f", spec); plan.code != exitOK {
		t.Errorf("the sandbox's state does not read after the exit: %s", plan)
	}
}
