package organizations_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/orgctl/orgctl/providers/providertest"
	"github.com/orgctl/orgctl/sandbox"
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
