package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A second Ctrl-C ends apply at once, with exit 130 and a word on the lock
// it leaves, instead of waiting for the requests in flight; the sandbox's
// state is still whole (a plan reads it).
func TestSecondInterruptExitsAtOnce(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "s.json")
	spec := "examples/minimal/org.yaml"
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// Every request takes two seconds, so the first interrupt's clean stop
	// (requests in flight, the lock's release) is still going when the
	// second arrives.
	cmd := exec.CommandContext(ctx, orgctlBin, "--sandbox="+state, "--latency", "2s", "apply", "-f", spec, "--auto-approve")
	cmd.Dir = repoRoot
	cmd.Env = baseEnv(t)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	stderrPipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	sc := bufio.NewScanner(stderrPipe)
	sent := false
	for sc.Scan() {
		line := sc.Text()
		stderr.WriteString(line + "\n")
		if !sent && strings.Contains(line, "Acquired the apply lock") {
			for range 2 {
				if err := cmd.Process.Signal(os.Interrupt); err != nil {
					t.Fatal(err)
				}
				time.Sleep(100 * time.Millisecond)
			}
			sent = true
		}
	}
	cmd.Wait()
	r := result{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
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
