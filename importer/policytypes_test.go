package importer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/importer"
	"github.com/orgctl/orgctl/spec"
)

// An organization using every policy type orgctl knows imports into a spec
// that enables them all, trusted access included, and plans clean.
func TestRoundTripEveryPolicyType(t *testing.T) {
	t.Parallel()
	s, ds := spec.Load("../testdata/every-policy-type/org.yaml")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	p := sandboxOrg(t, nil)
	pl, err := engine.MakePlan(context.Background(), s, []engine.Provider{p})
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Apply(context.Background(), pl, []engine.Provider{p}, engine.ApplyOptions{Parallelism: 8})
	if err != nil || res.Failed() {
		t.Fatalf("apply: %v %v", err, res.Errors)
	}

	dir, imported := importTo(t, p, importer.Options{})
	if imported.Policies != len(s.Policies) || len(imported.Skipped) != 0 {
		t.Errorf("imported %d policies, skipped %q; want %d and nothing skipped", imported.Policies, imported.Skipped, len(s.Policies))
	}
	org, err := os.ReadFile(filepath.Join(dir, "org.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range facts.PolicyTypes {
		if !strings.Contains(string(org), pt.Name) {
			t.Errorf("the imported spec does not mention %s", pt.Name)
		}
	}
	if again := planOf(t, dir, p); !again.Empty() || len(again.Unmanaged) > 0 {
		t.Fatalf("plan of the imported spec is not empty: %d changes, unmanaged %v", len(again.Changes), again.Unmanaged)
	}
}
