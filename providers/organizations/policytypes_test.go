package organizations_test

import (
	"slices"
	"testing"

	"github.com/orgctl/orgctl/spec"
)

// everyPolicyType enables each policy type orgctl knows, with one policy of
// each attached to an OU.
const everyPolicyType = "../../testdata/every-policy-type/org.yaml"

// Every policy type orgctl knows applies through the sandbox and converges:
// enabled (the service-tied ones after their trusted access), one policy of
// each created and attached to an OU, and a second plan is empty. Then the
// types are dropped: their policies are deleted and the types disabled.
func TestEveryPolicyTypeApplies(t *testing.T) {
	t.Parallel()
	s := loadSpec(t, everyPolicyType)
	for _, pt := range spec.PolicyTypes {
		if !slices.Contains(s.Organization.PolicyTypes, pt.Name) {
			t.Fatalf("%s does not enable %s: add it, with a policy of that type", everyPolicyType, pt.Name)
		}
	}

	f := newFixture(t)
	p := f.provider()
	pl := plan(t, s, p)
	if want := len(spec.PolicyTypes); pl.Summary.Create < 3*want {
		t.Fatalf("want each of the %d types enabled, with a policy created and attached; got %+v", want, pl.Summary)
	}
	apply(t, pl, p)
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Fatalf("plan after applying every type is not empty: %v", brief(again))
	}

	// Drop every type but SCPs: policies deleted, types disabled.
	s.Organization.PolicyTypes = []string{"SERVICE_CONTROL_POLICY"}
	s.Organization.TrustedAccess = nil
	s.OrganizationalUnits[0].Policies = []string{"FullAWSAccess", s.Policies[0].Name}
	s.Policies = s.Policies[:1]
	p = f.provider()
	pl = plan(t, s, p)
	if want := len(spec.PolicyTypes) - 1; pl.Summary.Delete < 2*want {
		t.Fatalf("want %d types disabled and their policies deleted; got %+v", want, pl.Summary)
	}
	apply(t, pl, p)
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Fatalf("plan after dropping the types is not empty: %v", brief(again))
	}
}
