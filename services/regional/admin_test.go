package regional_test

import (
	"slices"
	"testing"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/regional"
)

// An administrator in a later Region waits for the first one, and for
// the service's trusted access and registration; one in the first Region
// waits only for those.
func TestAdminWaitsForTheFirstRegion(t *testing.T) {
	info := regional.Admin{Kind: "fake-admin", Principal: "fake.amazonaws.com", Availability: regional.Availability{Service: "Fake"}, Section: "security.fake"}.Info()
	res := func(region string) engine.Resource {
		return engine.Resource{Kind: "fake-admin", Attrs: engine.Attrs{regional.AttrRegion: region, regional.AttrAccount: "sec@example.com", regional.AttrFirst: "us-east-1"}}
	}
	first := engine.Ref{Kind: "fake-admin", Key: "us-east-1/sec@example.com"}
	if deps := info.Deps(res("eu-west-1")); !slices.Contains(deps, first) || len(deps) != 4 {
		t.Errorf("eu-west-1 deps = %v, want the service's three and %v", deps, first)
	}
	if deps := info.Deps(res("us-east-1")); slices.Contains(deps, first) || len(deps) != 3 {
		t.Errorf("us-east-1 deps = %v, want only the service's three", deps)
	}
	if got := info.KeyOf(res("eu-west-1")); got != "eu-west-1/sec@example.com" {
		t.Errorf("KeyOf = %q", got)
	}
	if !info.Exclusive(engine.Attrs{regional.AttrAccount: "a"}, engine.Attrs{regional.AttrAccount: "b"}) {
		t.Error("two administrators are not exclusive")
	}
}
