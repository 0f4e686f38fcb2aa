package account

import (
	"testing"

	"github.com/orgctl/orgctl/facts"
)

// The Region operations' buckets are orgctl's table too: the client paces
// to what the sandbox enforces.
func TestThrottlesAreOrgctlsFacts(t *testing.T) {
	if len(throttles) != len(facts.AccountThrottles) {
		t.Errorf("the sandbox limits %d operations, orgctl %d", len(throttles), len(facts.AccountThrottles))
	}
	for op, f := range facts.AccountThrottles {
		if s, ok := throttles[op]; !ok || s.RPS != f.RPS || s.Burst != f.Burst || s.InFlight != 0 {
			t.Errorf("%s: sandbox %+v (known %v), orgctl %+v", op, s, ok, f)
		}
		if _, ok := service().Ops[op]; !ok {
			t.Errorf("%s: no such operation in the sandbox", op)
		}
	}
}
