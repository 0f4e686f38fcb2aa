package synth_test

import (
	"strings"
	"testing"

	"github.com/orgctl/orgctl/bench/synth"
	"github.com/orgctl/orgctl/spec"
)

// A generated spec is valid, and of the shape asked for.
func TestWriteMakesAValidSpecOfTheShape(t *testing.T) {
	t.Parallel()
	for _, sh := range []synth.Shape{{Accounts: 1, OUs: 1, Policies: 1}, {Accounts: 1200, OUs: 60, Policies: 7}} {
		path, err := synth.Write(t.TempDir(), sh)
		if err != nil {
			t.Fatal(err)
		}
		s, ds := spec.Load(path)
		if ds.HasErrors() {
			t.Fatalf("%+v: %v", sh, ds)
		}
		ous, depth := 0, 0
		s.WalkOUs(func(path string, _ *spec.OU, _ string) {
			ous++
			depth = max(depth, strings.Count(path, "/")+1)
		})
		if len(s.Accounts) != sh.Accounts || ous != sh.OUs || len(s.Policies) != 2*sh.Policies {
			t.Errorf("%+v: got %d accounts, %d OUs, %d policies", sh, len(s.Accounts), ous, len(s.Policies))
		}
		if depth > 5 {
			t.Errorf("%+v: OUs %d deep, over AWS's 5", sh, depth)
		}
	}
}

func TestWriteRefusesAnEmptyShape(t *testing.T) {
	t.Parallel()
	if _, err := synth.Write(t.TempDir(), synth.Shape{Accounts: 10}); err == nil {
		t.Error("want an error for no OUs and no policies")
	}
}
