package fms

import (
	"slices"
	"testing"

	"github.com/orgctl/orgctl/services/fmspolicies"
)

// The sandbox keeps its own copy of what Firewall Manager accepts per
// policy type, as it emulates AWS and not orgctl; this test pins that
// copy to the table orgctl validates specs with, so the two can only
// change together (a test may import what the package must not).
func TestPolicyTypesAreOrgctls(t *testing.T) {
	for _, typ := range fmspolicies.Types {
		if !slices.Contains(serviceTypes, typ) {
			t.Errorf("%s: not a SecurityServiceType the sandbox knows", typ)
		}
		if got, want := resourceTypes[typ], fmspolicies.ResourceTypes[typ]; !slices.Equal(got, want) {
			t.Errorf("%s resource types: the sandbox accepts %v, orgctl %v", typ, got, want)
		}
		if got, want := required[typ], fmspolicies.Required[typ]; !slices.Equal(got, want) {
			t.Errorf("%s required managed service data: the sandbox %v, orgctl %v", typ, got, want)
		}
	}
	if len(resourceTypes) != len(fmspolicies.Types) {
		t.Errorf("the sandbox emulates %d policy types, orgctl manages %d", len(resourceTypes), len(fmspolicies.Types))
	}
}
