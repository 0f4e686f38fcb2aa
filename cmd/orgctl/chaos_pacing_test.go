package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The landing zone applies in one run against a sandbox that lets a caller
// have only two Organizations requests in progress, while the client
// starts with eight in flight: its bound must come down to what the
// sandbox allows (and its retries absorb the refusals) for the apply to
// finish. The latency keeps requests in progress long enough to overlap,
// so writes to one target also collide (ConcurrentModificationException).
// A plan after it is empty, and the apply never waited on its own lock,
// whose heartbeat shares the sandbox's limit but not the client's queue.
func TestChaosConcurrencyLimitE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: retries with AWS's backoff")
	}
	t.Parallel()
	const served = "organizations=50:50:2"
	srv := serve(t, filepath.Join(t.TempDir(), "state.json"), append([]string{"--create-delay", "300ms", "--latency", "150ms", "--rate", served}, quickSettle...)...)
	ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }

	r := run(t, srv.env, ep("--rate", "organizations=50:50:8", "apply", "-f", landingZone, "--auto-approve", "-v")...)
	if r.code != 0 || !strings.Contains(r.stdout, "Apply complete") {
		t.Fatalf("apply under a limit of two requests in progress did not complete in one run:\n%s", r)
	}
	injected := srv.faults(t)
	if injected["inflight"] == 0 {
		t.Errorf("faults injected %v: the client never met the in-flight limit, so the run proves little", injected)
	}
	if strings.Contains(r.stderr, "for the apply lock") {
		t.Errorf("the apply waited on a lock, its own:\n%s", r.stderr)
	}
	t.Logf("sandbox refused %d requests in progress and %d overlapping writes", injected["inflight"], injected["contention"])

	r = run(t, srv.env, ep("--rate", served, "plan", "-f", landingZone, "--detailed-exitcode")...)
	if r.code != 0 {
		t.Fatalf("plan after the apply is not empty:\n%s", r)
	}
	checkOrg(t, srv, landingZone)
}
