package main

import (
	"bytes"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orgctl/orgctl/providers/providertest"
)

// writes counts the write requests the sandbox has received, of every
// service: each operation but reads (List, Describe, Get, BatchGet) and
// STS's.
func (s *server) writes(t *testing.T) int {
	t.Helper()
	n := 0
	for key, c := range s.getCounts(t, "/_sandbox/calls") {
		service, op, _ := strings.Cut(key, ":")
		if service != "sts" && providertest.IsWrite(op) {
			n += c
		}
	}
	return n
}

// landingZoneWrites is about how many write requests the landing zone's
// first apply makes, Organizations' and the security services' (some are
// retries while a new administrator settles); kill points are spread
// over them.
const landingZoneWrites = 150

// crashPoints is how many seeded kill points the crash test tries.
const crashPoints = 20

// An apply killed with SIGKILL at any point leaves an organization the next
// run converges from, even while what it created last is not yet visible:
// no duplicate account, no OU or policy the spec does not name, no lock
// left behind. Kill point i is after the k-th write the sandbox saw, k
// drawn with seed i from the i-th of crashPoints equal slices of the
// apply's writes, so together they cover the whole apply.
func TestCrashE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: twenty applies")
	}
	t.Parallel()
	var mu sync.Mutex
	var wg sync.WaitGroup
	survived := map[int]int{} // seed -> writes seen when killed
	sem := make(chan struct{}, 4)
	for seed := range crashPoints {
		lo := seed * landingZoneWrites / crashPoints
		hi := (seed + 1) * landingZoneWrites / crashPoints
		k := 1 + lo + rand.New(rand.NewPCG(uint64(seed), 0)).IntN(hi-lo)
		// Kill points mostly wait on the sandbox: run four at a time,
		// beyond -parallel (t.Run may be called from several goroutines).
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			t.Run("seed="+strconv.Itoa(seed)+",write="+strconv.Itoa(k), func(t *testing.T) {
				// With eventual consistency, the rerun right after the kill
				// cannot see what the killed run created last.
				srv := serve(t, filepath.Join(t.TempDir(), "state.json"), append([]string{"--create-delay", "300ms", "--faults", "consistency=1s"}, quickSettle...)...)
				ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }
				// The killed apply's lock blocks the rerun until it
				// expires: a short lifetime (renewed each second)
				// keeps that wait short.
				env := append(srv.env, lockTTLEnv+"=3s")

				seen, killed := killAfterWrites(t, srv, k, env, ep("apply", "-f", landingZone, "--auto-approve"))
				if !killed {
					t.Fatalf("apply finished after %d writes, before write %d: the kill point is past the end", seen, k)
				}
				r := run(t, env, ep("apply", "-f", landingZone, "--auto-approve")...)
				if r.code != 0 {
					t.Fatalf("rerun after a kill at write %d did not converge:\n%s", seen, r)
				}
				rerun := r
				time.Sleep(time.Second) // let the consistency window pass
				r = run(t, srv.env, ep("plan", "-f", landingZone, "--detailed-exitcode")...)
				if r.code != 0 {
					t.Fatalf("plan after the rerun is not empty (killed at write %d):\n%s\nthe rerun:\n%s", seen, r, rerun)
				}
				checkOrg(t, srv, landingZone)
				if !t.Failed() {
					mu.Lock()
					survived[seed] = seen
					mu.Unlock()
				}
			})
		}()
	}
	wg.Wait()
	t.Logf("survived %d of %d kill points; writes seen at each kill: %v", len(survived), crashPoints, survived)
}

// killAfterWrites runs orgctl with args and kills it with SIGKILL once the
// sandbox has seen at least k write requests. It returns the writes seen
// when the process died, and whether it was killed rather than finished.
func killAfterWrites(t *testing.T, srv *server, k int, env, args []string) (int, bool) {
	t.Helper()
	cmd := exec.Command(orgctlBin, args...)
	cmd.Dir = repoRoot
	cmd.Env = append(baseEnv(t), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			t.Logf("apply ended by itself (%v):\n%s", err, out.String())
			return srv.writes(t), false
		case <-tick.C:
			if srv.writes(t) >= k {
				_ = cmd.Process.Kill()
				<-done
				return srv.writes(t), true
			}
		}
	}
}
