package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// generate writes a state file: pointed at a served sandbox it refuses,
// saying how to generate one for it, and touches no file.
func TestSandboxGenerateRefusesAnEndpoint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state, out := filepath.Join(dir, "s.json"), filepath.Join(dir, "spec")
	code, stdout, stderr := inProcess{}.run(t, "sandbox", "generate", "--endpoint-url", "http://127.0.0.1:4566", "--state", state, "-o", out)
	if code != exitError || !strings.Contains(stderr, "cannot change the sandbox served at --endpoint-url") || !strings.Contains(stderr, "sandbox generate --state FILE") {
		t.Fatalf("exit %d, stderr %q; want a refusal naming what to run instead", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout %q, want nothing", stdout)
	}
	for _, p := range []string{state, out} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s was written (%v)", p, err)
		}
	}
}
