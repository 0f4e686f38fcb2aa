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

// Ctrl-C during an apply stops it: the output says it was interrupted,
// what was applied, what was stopped, how to finish, and that the lock
// was released; no change is reported as failed with "context canceled".
// Applying again finishes the job.
func TestInterruptedApplySaysHowToFinish(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "s.json")
	spec := "examples/landing-zone/org.yaml"
	if r := run(t, nil, "sandbox", "init", "--state", state, "--max-accounts", "100"); r.code != 0 {
		t.Fatalf("init: %s", r)
	}

	// Interrupt once an account is being created: it takes seconds, so
	// the interrupt finds it running.
	r, sent := interruptApply(t, state, spec, "200ms", 1, func(line string) bool {
		return strings.Contains(line, `+ account "`) && strings.HasSuffix(line, "creating...")
	})
	if !sent {
		t.Fatalf("no account creation started, so nothing was interrupted:\n%s", r)
	}
	if r.code != exitError {
		t.Errorf("exit %d, want %d for an interrupted apply", r.code, exitError)
	}
	for _, want := range []string{"Interrupted after ", "stopped while in progress", "Stopped while in progress", "+ account ",
		"To finish, run apply again", "apply -f " + spec} {
		wantIn(t, r, r.stdout, want)
	}
	wantIn(t, r, r.stderr, "Released the apply lock")
	wantIn(t, r, r.stderr, ": stopped after ")
	if strings.Contains(r.stdout+r.stderr, "context canceled") {
		t.Errorf("the interrupt is reported as failures:\n%s", r)
	}
	if strings.Contains(r.stdout, "Apply failed") {
		t.Errorf("an interrupted apply is reported as failed:\n%s", r)
	}

	if again := run(t, nil, "--sandbox="+state, "apply", "-f", spec, "--auto-approve"); again.code != 0 || !strings.Contains(again.stdout, "Apply complete") {
		t.Fatalf("applying again did not finish the job: %s", again)
	}
	if plan := run(t, nil, "--sandbox="+state, "plan", "-f", spec, "--detailed-exitcode"); plan.code != 0 {
		t.Errorf("after the second apply the plan is not empty: %s", plan)
	}
}

// interruptApply runs apply of spec against the sandbox in state, every
// request delayed by latency, and sends it n interrupts 100 ms apart at
// the first line of its stderr that at matches. It returns what apply
// printed, and whether the interrupts were sent.
func interruptApply(t *testing.T, state, spec, latency string, n int, at func(line string) bool) (result, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, orgctlBin, "--sandbox="+state, "--latency", latency, "apply", "-f", spec, "--auto-approve")
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
		if !sent && at(line) {
			for i := range n {
				if i > 0 {
					time.Sleep(100 * time.Millisecond)
				}
				if err := cmd.Process.Signal(os.Interrupt); err != nil {
					t.Fatal(err)
				}
			}
			sent = true
		}
	}
	cmd.Wait()
	return result{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}, sent
}
