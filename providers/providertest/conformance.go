package providertest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// Step is one spec of a conformance run.
type Step struct {
	Name string
	// Files is the spec: org.yaml and the files it includes.
	Files map[string]string
	// AllowDestroy permits the step's destructive changes.
	AllowDestroy bool
}

// Conformance is the harness every kind of every service runs. It takes
// one organization through steps; for each it plans and applies the spec,
// then checks that
//   - a new plan is empty: one apply converges;
//   - every change the step made, applied again against the organization
//     as it now is, succeeds: creates and updates are idempotent, and a
//     delete of what is gone is a no-op;
//
// and, once all steps ran, that each kind of service was created, updated
// and deleted by some step, unless Exempt says why it cannot be. NewProviders
// builds the providers afresh for each plan, as each command does.
type Conformance struct {
	Service      string
	NewProviders func() []engine.Provider
	// Exempt maps "create KIND", "update KIND" or "delete KIND" (a step
	// cannot plan it), or "reapply create KIND" etc. (applying it again is
	// not a no-op), to why.
	Exempt map[string]string
}

// Run runs the steps in order.
func (c Conformance) Run(t *testing.T, steps ...Step) {
	t.Helper()
	ctx := context.Background()
	done := map[string]bool{} // "create KIND" etc.
	for _, st := range steps {
		s := loadFiles(t, st.Name, st.Files)
		providers := c.NewProviders()
		p, err := engine.MakePlan(ctx, s, providers)
		if err != nil {
			t.Fatalf("%s: plan: %v", st.Name, err)
		}
		res, err := engine.Apply(ctx, p, providers, engine.ApplyOptions{Parallelism: 8, AllowDestroy: st.AllowDestroy})
		if err != nil {
			t.Fatalf("%s: apply: %v", st.Name, err)
		}
		for i, e := range res.Errors {
			t.Errorf("%s: %s: %v", st.Name, p.Changes[i].Address(), e)
		}
		if res.Failed() {
			t.FailNow()
		}
		for _, ch := range p.Changes {
			if !ch.Implicit {
				done[string(ch.Action)+" "+string(ch.Kind)] = true
			}
		}

		again, err := engine.MakePlan(ctx, s, c.NewProviders())
		if err != nil {
			t.Fatalf("%s: second plan: %v", st.Name, err)
		}
		if !again.Empty() {
			t.Fatalf("%s: the plan after apply is not empty: %v", st.Name, brief(again))
		}

		// Every change of the service again, as a rerun after a crash
		// would make it (other services' kinds run their own harness).
		providers = c.NewProviders()
		own := map[engine.Kind]bool{}
		for _, svc := range engine.Services() {
			if svc.Name == c.Service {
				for _, k := range svc.Kinds {
					own[k.Kind] = true
				}
			}
		}
		_, ids, err := engine.ReadLive(ctx, providers, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range p.Changes {
			if ch.Implicit || !own[ch.Kind] || c.Exempt["reapply "+string(ch.Action)+" "+string(ch.Kind)] != "" {
				continue
			}
			prov := providerOf(providers, ch.Kind)
			if _, err := prov.Apply(ctx, ch, ids); err != nil {
				t.Errorf("%s: applying %s %s again: %v", st.Name, ch.Action, ch.Address(), err)
			}
		}
		again, err = engine.MakePlan(ctx, s, c.NewProviders())
		if err != nil {
			t.Fatal(err)
		}
		if !again.Empty() {
			t.Errorf("%s: applying every change again changed the organization: %v", st.Name, brief(again))
		}
	}
	for _, svc := range engine.Services() {
		if svc.Name != c.Service {
			continue
		}
		for _, k := range svc.Kinds {
			for _, a := range []engine.Action{engine.Create, engine.Update, engine.Delete} {
				what := string(a) + " " + string(k.Kind)
				if !done[what] && c.Exempt[what] == "" {
					t.Errorf("no step made a %s: add a step that does, or say in Exempt why none can", what)
				}
			}
		}
		return
	}
	t.Errorf("no service %q is registered", c.Service)
}

func loadFiles(t testing.TB, name string, files map[string]string) *spec.Spec {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, data := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(data)}
	}
	s, ds := spec.LoadFS(fsys, "org.yaml")
	if ds.HasErrors() {
		t.Fatalf("%s: %v", name, ds)
	}
	return s
}

func providerOf(providers []engine.Provider, k engine.Kind) engine.Provider {
	for _, p := range providers {
		if slices.Contains(p.Kinds(), k) {
			return p
		}
	}
	panic(fmt.Sprintf("no provider for %s", k))
}

func brief(p *engine.Plan) string {
	var out []string
	for _, c := range p.Changes {
		out = append(out, string(c.Action)+" "+c.Ref().String())
	}
	return strings.Join(out, ", ")
}

// Runner plans and applies specs for a test, failing it on any error.
type Runner struct {
	T            testing.TB
	NewProviders func() []engine.Provider
}

// Plan plans the spec in files.
func (r Runner) Plan(files map[string]string) *engine.Plan {
	r.T.Helper()
	p, err := engine.MakePlan(context.Background(), loadFiles(r.T, "spec", files), r.NewProviders())
	if err != nil {
		r.T.Fatalf("plan: %v", err)
	}
	return p
}

// Apply plans and applies the spec in files and returns the plan applied.
func (r Runner) Apply(files map[string]string, allowDestroy bool) *engine.Plan {
	r.T.Helper()
	p := r.Plan(files)
	res, err := engine.Apply(context.Background(), p, r.NewProviders(), engine.ApplyOptions{Parallelism: 8, AllowDestroy: allowDestroy})
	if err != nil {
		r.T.Fatalf("apply: %v", err)
	}
	for i, e := range res.Errors {
		r.T.Errorf("%s: %v", p.Changes[i].Address(), e)
	}
	if res.Failed() {
		r.T.FailNow()
	}
	return p
}

// Brief lists a plan's changes, "action kind:key", comma-separated.
func Brief(p *engine.Plan) string { return brief(p) }

// Load loads the spec in files.
func Load(t testing.TB, files map[string]string) *spec.Spec {
	t.Helper()
	return loadFiles(t, "spec", files)
}

// LiveIDs reads the organization through providers and returns the AWS
// IDs of what is live.
func LiveIDs(t testing.TB, providers []engine.Provider) *engine.IDs {
	t.Helper()
	_, ids, err := engine.ReadLive(context.Background(), providers, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
