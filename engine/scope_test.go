package engine_test

import (
	"testing"
	"testing/fstest"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// A service of two kinds, each held by its own section.
const (
	toyWidget engine.Kind = "toy-widget"
	toyGadget engine.Kind = "toy-gadget"
)

type toyList []struct {
	Name string `json:"name"`
}

func init() {
	for _, path := range []string{"toyWidgets", "toyGadgets"} {
		spec.RegisterSection(spec.Section{Path: path, New: func() any { return new(toyList) }, Check: func(*spec.Spec, any, *spec.Reporter) {}})
	}
	engine.Register(engine.Service{Name: "toysections", Kinds: []engine.KindInfo{
		{Kind: toyWidget, Rank: 110, Section: "toyWidgets"},
		{Kind: toyGadget, Rank: 110, Section: "toyGadgets"},
	}})
}

// A kind with a section is read when the spec has its section, even an
// empty one (which asks that orgctl's be deleted), and not because
// another kind of its service is asked for.
func TestScopeReadsTheKindsOfPresentSections(t *testing.T) {
	load := func(yaml string) *spec.Spec {
		t.Helper()
		s, ds := spec.LoadFS(fstest.MapFS{"org.yaml": {Data: []byte("version: 1\nsettings: {homeRegion: us-east-1}\n" + yaml)}}, "org.yaml")
		if ds.HasErrors() {
			t.Fatal(ds.Error())
		}
		return s
	}
	tests := []struct {
		name, yaml, desired string
		widgets, gadgets    bool
	}{
		{"no section", "", "", false, false},
		{"an empty section", "toyWidgets: []\n", "", true, false},
		{"one section with an item", "toyWidgets: [{name: a}]\n", "toy-widget", true, false},
		{"both sections", "toyWidgets: []\ntoyGadgets: []\n", "", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var desired []engine.Resource
			if tt.desired != "" {
				desired = append(desired, engine.Resource{Kind: engine.Kind(tt.desired), Key: "a"})
			}
			sc := engine.ScopeFor(load(tt.yaml), desired)
			if got := sc.Reads(toyWidget); got != tt.widgets {
				t.Errorf("reads widgets: %v, want %v", got, tt.widgets)
			}
			if got := sc.Reads(toyGadget); got != tt.gadgets {
				t.Errorf("reads gadgets: %v, want %v", got, tt.gadgets)
			}
		})
	}
	// Without a spec, a desired resource is what asks for its kind.
	sc := engine.ScopeOf([]engine.Resource{{Kind: toyWidget, Key: "a"}})
	if !sc.Reads(toyWidget) || sc.Reads(toyGadget) {
		t.Errorf("without a spec: widgets %v, gadgets %v; want only widgets", sc.Reads(toyWidget), sc.Reads(toyGadget))
	}
}
