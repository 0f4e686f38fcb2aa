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

// A plan or apply of 500 accounts at AWS's rates reads for over a minute;
// on a terminal it shows how the read is getting on from its start, on
// stderr, while stdout stays the plan's.
func TestReadProgressOnATerminal(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state, specDir := filepath.Join(dir, "s.json"), filepath.Join(dir, "spec")
	if r := run(t, nil, "sandbox", "generate", "--state", state, "--accounts", "500", "--max-accounts", "1000", "-o", specDir); r.code != 0 {
		t.Fatalf("generate: %s", r)
	}

	// apply reads under its lock, the same way; it is stopped once its
	// read shows, before it changes anything.
	for _, command := range [][]string{{"plan"}, {"apply", "--auto-approve"}} {
		control, terminal, err := openPTY()
		if err != nil {
			t.Skipf("no pseudo-terminal: %v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, orgctlBin, append([]string{"--sandbox=" + state, "--rate", "aws"}, append(command, "-f", filepath.Join(specDir, "org.yaml"))...)...)
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
			t.Logf("%s: progress shown %s after the start", command[0], time.Since(start).Round(time.Millisecond)) // measured, not asserted
		case <-exited:
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("%s ended before showing progress on its terminal:\n%q\nstdout:\n%s", command[0], screen.String(), stdout.String())
		case <-ctx.Done():
			t.Fatalf("%s: no progress on the terminal", command[0])
		}
		cancel()
		<-exited
		mu.Lock()
		if command[0] == "apply" && !bytes.Contains(screen.Bytes(), []byte("Acquired the apply lock")) {
			t.Errorf("apply's terminal does not show the lock it took above the read:\n%q", screen.String())
		}
		mu.Unlock()
		if bytes.Contains(stdout.Bytes(), []byte("Reading")) {
			t.Errorf("%s: progress went to stdout:\n%s", command[0], stdout.String())
		}
		control.Close()
	}
}
