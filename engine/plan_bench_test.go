package engine_test

import (
	"fmt"
	"maps"
	"testing"

	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/orgctl/orgctl/bench/synth"
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// largeOrg loads a synthetic 5,000-account spec and returns its desired
// resources and a live organization equal to it, as a provider reads one
// (with IDs and the management account).
func largeOrg(b *testing.B) (desired, live []engine.Resource) {
	b.Helper()
	path, err := synth.Write(b.TempDir(), synth.Shape{Accounts: 5000, OUs: 500, Policies: 150})
	if err != nil {
		b.Fatal(err)
	}
	s, ds := spec.Load(path)
	if ds.HasErrors() {
		b.Fatal(ds)
	}
	desired = engine.Desired(s)
	for i, r := range desired {
		attrs := maps.Clone(r.Attrs)
		if r.Kind == orgs.KindOU || r.Kind == orgs.KindAccount || r.Kind == orgs.KindPolicy {
			attrs["id"] = fmt.Sprintf("id-%d", i)
		}
		live = append(live, engine.Resource{Kind: r.Kind, Key: r.Key, Attrs: attrs, Managed: true})
	}
	live = append(live, engine.Resource{Kind: orgs.KindAccount, Key: "management@example.com",
		Attrs: engine.Attrs{"name": "management", "email": "management@example.com", "management": true, "id": "111111111111"}})
	return desired, live
}

// BenchmarkDiffNoChange5000 compares a 5,000-account organization with a
// spec it already matches: the cost of every no-change plan.
func BenchmarkDiffNoChange5000(b *testing.B) {
	desired, live := largeOrg(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p, err := engine.Diff(desired, live, engine.DiffOptions{Prune: true})
		if err != nil {
			b.Fatal(err)
		}
		if !p.Empty() {
			b.Fatalf("want no changes, got %d", len(p.Changes))
		}
	}
}

// BenchmarkPlan5000 plans a 5,000-account organization that differs in a
// tenth of its accounts (missing, so created with their attachments, or
// retagged): diff, ordering and the DAG of a large plan.
func BenchmarkPlan5000(b *testing.B) {
	desired, live := largeOrg(b)
	var drifted []engine.Resource
	n := 0
	for _, r := range live {
		if r.Kind == orgs.KindAccount && !r.Attrs.Bool("management") {
			n++
			switch n % 10 {
			case 0:
				continue // missing
			case 5:
				r.Attrs = maps.Clone(r.Attrs)
				r.Attrs["tags"] = map[string]string{"owner": "someone-else"}
			}
		}
		drifted = append(drifted, r)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p, err := engine.Diff(desired, drifted, engine.DiffOptions{Prune: true})
		if err != nil {
			b.Fatal(err)
		}
		if p.Summary.Create < 500 || p.Summary.Update < 500 {
			b.Fatalf("want 500 accounts created and 500 retagged, got %+v", p.Summary)
		}
	}
}

// BenchmarkDesired5000 turns a loaded 5,000-account spec into resources.
func BenchmarkDesired5000(b *testing.B) {
	path, err := synth.Write(b.TempDir(), synth.Shape{Accounts: 5000, OUs: 500, Policies: 150})
	if err != nil {
		b.Fatal(err)
	}
	s, ds := spec.Load(path)
	if ds.HasErrors() {
		b.Fatal(ds)
	}
	b.ReportAllocs()
	for b.Loop() {
		engine.Desired(s)
	}
}
