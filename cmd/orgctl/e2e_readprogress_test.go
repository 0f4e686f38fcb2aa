//go:build linux

package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"
)

// A plan of 500 accounts at AWS's rates reads for over a minute; on a
// terminal it shows how the read is getting on from its start, on stderr,
// while stdout stays the plan's.
func TestPlanShowsReadProgressOnATerminal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state, specDir := filepath.Join(dir, "s.json"), filepath.Join(dir, "spec")
	if r := run(t, nil, "sandbox", "generate", "--state", state, "--accounts", "500", "--max-accounts", "1000", "-o", specDir); r.code != 0 {
		t.Fatalf("generate: %s", r)
	}

	control, terminal, err := openPTY()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer control.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, orgctlBin, "--sandbox="+state, "--rate", "aws", "plan", "-f", filepath.Join(specDir, "org.yaml"))
	cmd.Env = baseEnv(t)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, terminal
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	terminal.Close() // the child holds it now
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()

	var mu sync.Mutex
	var screen bytes.Buffer
	seen := make(chan struct{})
	progressRE := regexp.MustCompile(`Reading the organization: .*organizations \d+/501 accounts`)
	go func() {
		buf := make([]byte, 4096)
		once := sync.Once{}
		for {
			n, err := control.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			if progressRE.Match(screen.Bytes()) {
				once.Do(func() { close(seen) })
			}
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	select {
	case <-seen:
		t.Logf("progress shown %s after the start", time.Since(start).Round(time.Millisecond)) // measured, not asserted
	case <-exited:
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("the plan ended before showing progress on its terminal:\n%q\nstdout:\n%s", screen.String(), stdout.String())
	case <-ctx.Done():
		t.Fatal("no progress on the terminal")
	}
	cancel()
	<-exited
	if bytes.Contains(stdout.Bytes(), []byte("Reading")) {
		t.Errorf("progress went to stdout:\n%s", stdout.String())
	}
}
