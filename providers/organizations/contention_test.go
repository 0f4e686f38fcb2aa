package organizations_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	"github.com/orgctl/orgctl/sandbox"
	sborgs "github.com/orgctl/orgctl/sandbox/organizations"
)

// Sibling OUs are created in parallel, and AWS (as the sandbox) refuses
// a create under a parent while another is in progress there, with
// ConcurrentModificationException. The apply retries those and completes
// in one run, and the next plan is empty.
func TestSiblingOUsCreatedInParallelConverge(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.WithLatency(50*time.Millisecond))
	var b strings.Builder
	b.WriteString("version: 1\norganizationalUnits:\n")
	for i := range 8 {
		fmt.Fprintf(&b, "  - name: ou%d\n", i)
	}
	s := providertest.Load(t, map[string]string{"org.yaml": b.String()})
	p := f.provider()
	apply(t, plan(t, s, p), p)
	if got := f.SB.Faults()["contention"]; got == 0 {
		t.Error("no create met another in progress under the root, so the test proves nothing")
	}
	if pl := plan(t, s, p); len(pl.Changes) != 0 {
		t.Errorf("the plan after the apply has %d changes, want none", len(pl.Changes))
	}
}

// waitNotes hears the progress apply reports.
type waitNotes struct {
	mu    sync.Mutex
	notes []string
}

func (h *waitNotes) Started(*engine.Change)                 {}
func (h *waitNotes) Finished(*engine.Change, error)         {}
func (h *waitNotes) Skipped(*engine.Change, *engine.Change) {}
func (h *waitNotes) Progress(c *engine.Change, msg string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.notes = append(h.notes, c.Key+": "+msg)
}

// An account creation that waits for its turn in AWS's CreateAccount
// bucket says so in the apply's progress, with the rate, rather than
// showing a change stuck for no reason.
func TestAWaitForAnOperationsRateIsReported(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sborgs.WithCreateAccountDelay(10*time.Millisecond))
	env := providertest.Env(f.Cfg, providers.Settings{})
	env.Rates = map[string]providers.Rate{"organizations": {Ops: map[string]providers.Rate{"CreateAccount": {RPS: 0.4, Burst: 1}}}}
	env.Limiters = &providers.Limiters{}
	p := orgp.New(env)
	s := providertest.Load(t, map[string]string{"org.yaml": "version: 1\naccounts:\n" +
		"  - {name: one, email: one@example.com}\n  - {name: two, email: two@example.com}\n"})
	hooks := &waitNotes{}
	res, err := engine.Apply(context.Background(), plan(t, s, p), []engine.Provider{p}, engine.ApplyOptions{Parallelism: 8, Hooks: hooks})
	if err != nil || res.Failed() {
		t.Fatalf("apply: %v %v", err, res.Errors)
	}
	want := "for AWS's CreateAccount rate (one every 2.5s, 1 at once)"
	if n := len(hooks.notes); n != 1 || !strings.Contains(hooks.notes[0], want) {
		t.Errorf("progress %q, want one note of the second creation's wait, saying %q", hooks.notes, want)
	}
}
