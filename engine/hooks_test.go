package engine_test

import (
	"context"
	"maps"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/engine"
)

// A toy service exercises the hooks a security service relies on: a
// per-region administrator naming a member by reference, ordered after a
// first region, refusing a forbidden member.
const (
	toyMember engine.Kind = "toy-member"
	toyAdmin  engine.Kind = "toy-admin"
)

func init() {
	engine.Register(engine.Service{Name: "toy", Kinds: []engine.KindInfo{
		{Kind: toyMember, Rank: 100},
		{
			Kind: toyAdmin, Rank: 102,
			Refs:   map[string]engine.Kind{"member": toyMember},
			Hidden: []string{"first"},
			Deps: func(r engine.Resource) []engine.Ref {
				if f := r.Attrs.String("first"); f != "" && f != r.Key {
					return []engine.Ref{{Kind: toyAdmin, Key: f}}
				}
				return nil
			},
			Check: func(r engine.Resource, env *engine.CheckEnv) string {
				if m, ok := env.Live(engine.Ref{Kind: toyMember, Key: r.Attrs.String("member")}); ok && m.Attrs.Bool("forbidden") {
					return "that member may not administer"
				}
				return ""
			},
		},
	}})
}

func toyProvider(live ...engine.Resource) *fakeProvider {
	return &fakeProvider{kinds: []engine.Kind{toyMember, toyAdmin}, live: live}
}

func TestRefsAreResolvedToKeys(t *testing.T) {
	p := toyProvider(
		engine.Resource{Kind: toyMember, Key: "alice@example.com", Attrs: engine.Attrs{engine.AttrID: "111"}},
		engine.Resource{Kind: toyAdmin, Key: "us-east-1", Attrs: engine.Attrs{"member": "111"}},
		engine.Resource{Kind: toyAdmin, Key: "eu-west-1", Attrs: engine.Attrs{"member": "999"}},
	)
	live, ids, err := engine.ReadLive(t.Context(), []engine.Provider{p}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := live[1].Attrs.String("member"); got != "alice@example.com" {
		t.Errorf("member = %q, want the key alice@example.com for ID 111", got)
	}
	if got := live[2].Attrs.String("member"); got != "999" {
		t.Errorf("an ID that names nothing live stays as it is, got %q", got)
	}
	if id, _ := ids.ID(engine.Ref{Kind: toyMember, Key: "alice@example.com"}); id != "111" {
		t.Errorf("IDs: member's ID is %q, want 111", id)
	}
}

func TestHiddenOrdersButIsNeitherComparedNorShown(t *testing.T) {
	admin := func(region string) engine.Resource {
		return engine.Resource{Kind: toyAdmin, Key: region, Attrs: engine.Attrs{"member": "m", "first": "us-east-1"}}
	}
	p, err := engine.Diff([]engine.Resource{admin("eu-west-1"), admin("us-east-1")}, nil, engine.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 2 || p.Changes[0].Key != "us-east-1" || len(p.Changes[1].DependsOn) != 1 {
		t.Fatalf("want us-east-1 first and eu-west-1 after it, got %v", brief(p))
	}
	var b strings.Builder
	engine.RenderText(&b, p, engine.Style{})
	if strings.Contains(b.String(), "first") {
		t.Errorf("a hidden attribute is shown:\n%s", b.String())
	}
	live := []engine.Resource{{Kind: toyAdmin, Key: "us-east-1", Attrs: engine.Attrs{"member": "m"}}}
	if p, _ := engine.Diff([]engine.Resource{admin("us-east-1")}, live, engine.DiffOptions{}); !p.Empty() {
		t.Errorf("a hidden attribute makes a difference: %v", brief(p))
	}
}

func TestCheckRefusesThePlanAtTheSpecsPlace(t *testing.T) {
	desired := []engine.Resource{{Kind: toyAdmin, Key: "us-east-1", Attrs: engine.Attrs{"member": "m"},
		Source: &diag.Pos{File: "org.yaml", Line: 7, Col: 10}}}
	live := []engine.Resource{{Kind: toyMember, Key: "m", Attrs: engine.Attrs{"forbidden": true}}}
	_, err := engine.Diff(desired, live, engine.DiffOptions{})
	if err == nil || !strings.Contains(err.Error(), "org.yaml:7:10") || !strings.Contains(err.Error(), "that member may not administer") {
		t.Fatalf("want the refusal at org.yaml:7:10, got %v", err)
	}
	live[0].Attrs = nil
	if _, err := engine.Diff(desired, live, engine.DiffOptions{}); err != nil {
		t.Errorf("an allowed member is refused: %v", err)
	}
}

// A service the spec asks nothing of is not read; the organization's is.
func TestScopeReadsOnlyTheServicesAsked(t *testing.T) {
	s := engine.ScopeOf([]engine.Resource{{Kind: toyMember, Key: "m"}})
	if !s.Reads(toyAdmin) {
		t.Error("a service the spec asks something of is read whole")
	}
	if !engine.ScopeOf(nil).Reads("organization") {
		t.Error("the organization is always read")
	}
	if engine.ScopeOf(nil).Reads(toyAdmin) {
		t.Error("a service the spec does not mention is read")
	}
	var none *engine.Scope
	if !none.Reads(toyAdmin) {
		t.Error("a nil scope reads everything")
	}
	saved := engine.ScopeExcept(nil, s.Kinds())
	if !saved.Reads(toyAdmin) || saved.Reads("guardduty-admin") {
		t.Error("a saved plan's check reads what its plan read")
	}
}

// fakeProvider reads what it is given and applies nothing.
type fakeProvider struct {
	kinds []engine.Kind
	live  []engine.Resource
}

func (f *fakeProvider) Name() string         { return "fake" }
func (f *fakeProvider) Kinds() []engine.Kind { return f.kinds }
func (f *fakeProvider) Read(context.Context, *engine.Scope) ([]engine.Resource, error) {
	out := make([]engine.Resource, len(f.live))
	for i, r := range f.live {
		out[i] = r
		out[i].Attrs = maps.Clone(r.Attrs)
	}
	return out, nil
}
func (f *fakeProvider) Apply(context.Context, *engine.Change, *engine.IDs) (string, error) {
	return "", nil
}
