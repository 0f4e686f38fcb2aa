package organizations_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/sandbox"
	sborgs "github.com/orgctl/orgctl/sandbox/organizations"
	"github.com/orgctl/orgctl/spec"
)

// fakeClock drives the sandbox's time, so that a wait of an hour on AWS
// passes when the test says, not after an hour.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// waitHooks hear an apply's progress; when a message says the apply waits
// for AWS, they let the sandbox's time pass.
type waitHooks struct {
	clock *fakeClock
	mu    sync.Mutex
	msgs  []string
}

func (h *waitHooks) Started(*engine.Change)                 {}
func (h *waitHooks) Finished(*engine.Change, error)         {}
func (h *waitHooks) Skipped(*engine.Change, *engine.Change) {}
func (h *waitHooks) Progress(_ *engine.Change, msg string) {
	h.mu.Lock()
	h.msgs = append(h.msgs, msg)
	h.mu.Unlock()
	h.clock.Advance(2 * time.Hour)
}

func (h *waitHooks) said(part string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, m := range h.msgs {
		if strings.Contains(m, part) {
			return true
		}
	}
	return false
}

// applyWaiting applies s to a sandbox on a fake clock with opts, and
// returns what the apply said while it waited.
func applyWaiting(t *testing.T, s *spec.Spec, opts ...sandbox.Option) *waitHooks {
	t.Helper()
	clock := &fakeClock{now: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	opts = append([]sandbox.Option{sandbox.WithClock(clock.Now), sborgs.WithCreateAccountDelay(0), sborgs.WithPolicyTypeDelay(0)}, opts...)
	f := newFixture(t, opts...)
	p := f.provider()
	hooks := &waitHooks{clock: clock}
	res, err := engine.Apply(context.Background(), plan(t, s, p), []engine.Provider{p}, engine.ApplyOptions{Parallelism: 8, Hooks: hooks})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors {
		t.Errorf("apply: %v", e)
	}
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Errorf("plan after the apply that waited: %v", brief(again))
	}
	return hooks
}

// TestWaitsWhileFinalizing: CreateAccount right after the organization is
// created answers FinalizingOrganizationException for as long as AWS
// takes (an hour here); apply waits, saying so, and then creates the
// accounts.
func TestWaitsWhileFinalizing(t *testing.T) {
	t.Parallel()
	s := loadSpec(t, "../../examples/minimal/org.yaml")
	hooks := applyWaiting(t, s, sborgs.WithFinalizeDelay(time.Hour))
	if !hooks.said("AWS is still finalising the organization") {
		t.Errorf("apply did not say it waited for AWS to finalise the organization: %q", hooks.msgs)
	}
}

// TestWaitsForTrustedAccess: a delegated administrator registered right
// after its service's trusted access is refused until AWS has carried the
// access there; apply waits, saying so.
func TestWaitsForTrustedAccess(t *testing.T) {
	t.Parallel()
	s := loadSpec(t, "../../examples/minimal/org.yaml")
	s.Organization.TrustedAccess = []string{"config.amazonaws.com"}
	s.Organization.DelegatedAdministrators = []spec.DelegatedAdministrator{{Service: "config.amazonaws.com", Account: "app-dev"}}
	hooks := applyWaiting(t, s, sborgs.WithTrustedAccessDelay(time.Hour))
	if !hooks.said("trusted access for config.amazonaws.com") {
		t.Errorf("apply did not say it waited for trusted access: %q", hooks.msgs)
	}
}
