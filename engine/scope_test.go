package engine_test

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// A service of two kinds, each held by its own section, and a third the
// spec never writes (as conformance's recorders), read along with them.
const (
	toyWidget engine.Kind = "toy-widget"
	toyGadget engine.Kind = "toy-gadget"
	toyDial   engine.Kind = "toy-dial"
)

type toyList []struct {
	Name string `json:"name"`
}

func init() {
	for _, path := range []string{"toyWidgets", "toyGadgets"} {
		spec.RegisterSection(spec.Section{Path: path, New: func() any { return new(toyList) }, Check: func(*spec.Spec, any, *spec.Reporter) {}})
	}
	engine.Register(engine.Service{Name: "toysections", Kinds: []engine.KindInfo{
		{Kind: toyWidget, Rank: 110, Section: "toyWidgets", Digests: []string{"hash"}},
		{Kind: toyGadget, Rank: 110, Section: "toyGadgets"},
		{Kind: toyDial, Rank: 110},
	}})
}

// A kind with a section is read when the spec has its section, even an
// empty one (which asks that orgctl's be deleted), and not because
// another kind of its service is asked for; a kind without one is read
// whenever any kind of its service is.
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
		name, yaml, desired     string
		widgets, gadgets, dials bool
	}{
		{"no section", "", "", false, false, false},
		{"an empty section", "toyWidgets: []\n", "", true, false, true},
		{"one section with an item", "toyWidgets: [{name: a}]\n", "toy-widget", true, false, true},
		{"both sections", "toyWidgets: []\ntoyGadgets: []\n", "", true, true, true},
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
			if got := sc.Reads(toyDial); got != tt.dials {
				t.Errorf("reads dials: %v, want %v", got, tt.dials)
			}
		})
	}
	// Without a spec, a desired resource is what asks for its kind.
	sc := engine.ScopeOf([]engine.Resource{{Kind: toyWidget, Key: "a"}})
	if !sc.Reads(toyWidget) || sc.Reads(toyGadget) {
		t.Errorf("without a spec: widgets %v, gadgets %v; want only widgets", sc.Reads(toyWidget), sc.Reads(toyGadget))
	}
}

// A digest that changed reads as changed, in text and Markdown; the JSON
// plan keeps both digests.
func TestDigestChangeSaysChanged(t *testing.T) {
	desired := []engine.Resource{{Kind: toyWidget, Key: "w", Attrs: engine.Attrs{"hash": "sha256:new", "size": "2"}}}
	live := []engine.Resource{{Kind: toyWidget, Key: "w", Attrs: engine.Attrs{"hash": "sha256:old", "size": "1"}}}
	p, err := engine.Diff(desired, live, engine.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var txt, md bytes.Buffer
	engine.RenderText(&txt, p, engine.Style{})
	engine.RenderMarkdown(&md, p)
	for name, out := range map[string]string{"text": txt.String(), "markdown": md.String()} {
		if !strings.Contains(out, "hash changed") || strings.Contains(out, "sha256:") || !strings.Contains(out, `"1"`) {
			t.Errorf("%s: want hash changed, no digests, the other field's values:\n%s", name, out)
		}
	}
	f := p.Changes[0].Fields
	if len(f) != 2 || !f[0].Digest || f[0].Before != "sha256:old" || f[0].After != "sha256:new" || f[1].Digest {
		t.Errorf("fields %+v", f)
	}
}
