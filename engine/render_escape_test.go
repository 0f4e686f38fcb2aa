package engine_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// hostile is text as AWS may hold it in a name: an escape sequence that
// clears the screen, a C1 control sequence introducer, a right-to-left
// override, a zero-width space.
const hostile = "Prod\x1b[2J\u009b31m\u202ecba\u200b"

// hostilePlan carries hostile text everywhere a plan holds text: keys,
// field names and values, tags, documents, goes-with, unmanaged
// resources, diagnostics.
func hostilePlan() *engine.Plan {
	doc := `{"Statement":[{"Sid":"` + hostile + `","Effect":"Deny"}]}`
	return &engine.Plan{
		FormatVersion: engine.FormatVersion,
		Changes: []*engine.Change{
			{ID: 0, Kind: orgs.KindPolicy, Key: "scp/" + hostile, Action: engine.Create,
				After: engine.Attrs{"name": hostile, "document": doc, "tags": map[string]string{hostile: hostile}}},
			{ID: 1, Kind: orgs.KindOU, Key: hostile, Action: engine.Update, Destructive: true, Fields: []engine.FieldDiff{
				{Name: "name", Before: hostile, After: "Prod"},
				{Name: "tags", Before: map[string]string{hostile: "a"}, After: map[string]string{"owner": hostile}},
				{Name: hostile, Before: []string{hostile}, After: []string{}},
				{Name: "document", Document: true, Before: doc, After: `{"Statement":[]}`},
			}},
			{ID: 2, Kind: orgs.KindAttachment, Key: "scp/x@ou:" + hostile, Action: engine.Delete, Implicit: true, GoesWith: "ou " + hostile},
			{ID: 3, Kind: engine.Kind(hostile), Key: hostile, Action: engine.Delete, Destructive: true},
		},
		Unmanaged: []engine.Unmanaged{{Kind: engine.Kind(hostile), Key: hostile, Reason: "tagged managed-by=" + hostile}},
		Diags:     diag.Diagnostics{diag.Errorf(&diag.Pos{File: hostile, Line: 1}, hostile, "%s", hostile)},
		Summary:   engine.Summary{Create: 1, Update: 1, Delete: 2, Destructive: 2},
	}
}

// Names read from AWS reach a terminal or a PR comment only escaped:
// visible as \x1b, \u202e, and inert.
func TestRenderingsEscapeHostileText(t *testing.T) {
	renders := map[string]func(*bytes.Buffer, *engine.Plan){
		"text":           func(b *bytes.Buffer, p *engine.Plan) { engine.RenderText(b, p, engine.Style{}) },
		"drift text":     func(b *bytes.Buffer, p *engine.Plan) { engine.RenderDriftText(b, p, engine.Style{}) },
		"markdown":       func(b *bytes.Buffer, p *engine.Plan) { engine.RenderMarkdown(b, p) },
		"drift markdown": func(b *bytes.Buffer, p *engine.Plan) { engine.RenderDriftMarkdown(b, p) },
	}
	for name, render := range renders {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			render(&b, hostilePlan())
			out := b.String()
			for i, line := range strings.Split(out, "\n") {
				if c, _, h := facts.FirstHazard(line); h != facts.NoHazard {
					t.Errorf("line %d has a raw %s (%s): %q", i+1, h, facts.RuneName(c), line)
				}
			}
			for _, want := range []string{`\x1b[2J`, `\u202e`, `\u200b`} {
				if !strings.Contains(out, want) {
					t.Errorf("the escape %s is not shown:\n%s", want, out)
				}
			}
		})
	}
}

// Colour codes are orgctl's own; a name's escape still shows as text.
func TestRenderTextColourEscapesNames(t *testing.T) {
	var b bytes.Buffer
	engine.RenderText(&b, hostilePlan(), engine.Style{Color: true})
	if strings.Contains(b.String(), "\x1b[2J") || strings.Contains(b.String(), "\u202e") {
		t.Errorf("a name's escape sequence reached the terminal raw:\n%q", b.String())
	}
}

// The JSON plan is JSON: control characters below U+0020, ESC included,
// are written as \u001b. (encoding/json leaves C1 controls and
// bidirectional and invisible characters as they are, valid JSON but
// raw for a terminal; the text renderings escape them.)
func TestPlanJSONEscapesControls(t *testing.T) {
	b, err := hostilePlan().MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(b, 0x1b) {
		t.Error("the JSON plan holds a raw ESC")
	}
	if !bytes.Contains(b, []byte(`\u001b[2J`)) {
		t.Error("the JSON plan does not hold ESC escaped")
	}
}
