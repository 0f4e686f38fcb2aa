package organizations

import (
	"testing"

	"github.com/orgctl/orgctl/facts"
)

// The sandbox keeps its own copy of AWS's limits, as it emulates AWS and
// not orgctl; this test pins that copy to orgctl's table, so the two can
// only change together (a test may import what the package must not).
func TestLimitsAreOrgctlsFacts(t *testing.T) {
	if len(policyTypes) != len(facts.PolicyTypes) {
		t.Errorf("the sandbox knows %d policy types, orgctl %d", len(policyTypes), len(facts.PolicyTypes))
	}
	for _, f := range facts.PolicyTypes {
		s, ok := policyTypes[f.Name]
		if !ok {
			t.Errorf("%s: the sandbox does not know it", f.Name)
			continue
		}
		if s.maxSize != f.MaxSize || s.maxPerTarget != f.MaxPerTarget || s.minPerTarget != f.MinPerTarget {
			t.Errorf("%s: sandbox size %d, per target %d..%d; orgctl %d, %d..%d",
				f.Name, s.maxSize, s.minPerTarget, s.maxPerTarget, f.MaxSize, f.MinPerTarget, f.MaxPerTarget)
		}
		if f.Default != "" && s.defaultPolicy != "p-"+f.Default {
			t.Errorf("%s: the sandbox's default policy is %q, orgctl's p-%s", f.Name, s.defaultPolicy, f.Default)
		}
	}
	if maxOUDepth != facts.MaxOUDepth {
		t.Errorf("OU depth: sandbox %d, orgctl %d", maxOUDepth, facts.MaxOUDepth)
	}
}
