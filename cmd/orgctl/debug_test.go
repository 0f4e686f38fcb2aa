package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// --debug lists the requests on stderr and leaves stdout to the plan.
func TestDebugListsRequestsOnStderr(t *testing.T) {
	t.Parallel()
	state := "--sandbox=" + filepath.Join(t.TempDir(), "s.json")
	spec := filepath.Join(repoRoot, "examples/minimal/org.yaml")
	code, stdout, stderr := inProcess{}.run(t, state, "--debug", "plan", "-f", spec, "--format", "json")
	if code != exitOK {
		t.Fatalf("plan --debug: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "debug: organizations DescribeOrganization us-east-1 attempt 1: HTTP 200 in ") {
		t.Errorf("stderr lacks the DescribeOrganization request:\n%s", stderr)
	}
	if strings.Contains(stdout, "debug:") {
		t.Errorf("debug lines reached stdout:\n%s", stdout)
	}
	_, _, quiet := inProcess{}.run(t, state, "plan", "-f", spec)
	if strings.Contains(quiet, "debug:") {
		t.Errorf("debug lines without --debug:\n%s", quiet)
	}
}
