package graph

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"

	"github.com/orgctl/orgctl/facts"
)

// hostile is a name as AWS may hold it: an escape sequence, a C1 control
// sequence introducer, a right-to-left override and a zero-width space.
const hostile = "Prod\x1b[2J\u009b31m\u202ecba\u200b"

func hostileDiagram() *Diagram {
	return &Diagram{
		Planned: true,
		Nodes: []*Node{
			{ID: "R", Kind: "root", Title: "Root", Lines: []string{"~ trusted-access " + hostile}},
			{ID: "OU_1", Kind: "ou", Title: hostile, Lines: []string{"SCP: " + hostile}, Mark: Updated},
			{ID: "AC_1", Kind: "account", Title: "a", Lines: []string{hostile + "@example.com"}},
		},
		Edges: []Edge{{From: "R", To: "OU_1"}, {From: "OU_1", To: "AC_1"}},
	}
}

// Mermaid and DOT show a name's control, bidirectional and invisible
// characters as escapes, and still parse.
func TestGraphEscapesHostileNames(t *testing.T) {
	for name, src := range map[string]string{"mermaid": Mermaid(hostileDiagram()), "dot": DOT(hostileDiagram())} {
		t.Run(name, func(t *testing.T) {
			for i, line := range strings.Split(src, "\n") {
				if c, _, h := facts.FirstHazard(line); h != facts.NoHazard {
					t.Errorf("line %d has a raw %s (%s): %q", i+1, h, facts.RuneName(c), line)
				}
			}
			if !strings.Contains(src, `\u202e`) || !strings.Contains(src, `x1b[2J`) {
				t.Errorf("escapes not shown:\n%s", src)
			}
		})
	}
	fc, err := parseMermaid(Mermaid(hostileDiagram()))
	if err != nil {
		t.Fatalf("not a Mermaid flowchart: %v", err)
	}
	first, _, _ := strings.Cut(fc.labels["OU_1"], "<br/>")
	first = strings.TrimSuffix(strings.TrimPrefix(first, "<b>"), "</b>")
	if got, want := mermaidEntity.Replace(first), facts.Visible(hostile); got != want {
		t.Errorf("Mermaid title %q, want %q", got, want)
	}
	f, err := dot.ParseString(DOT(hostileDiagram()))
	if err != nil {
		t.Fatalf("not DOT: %v", err)
	}
	for _, st := range f.Graphs[0].Stmts {
		if ns, ok := st.(*ast.NodeStmt); ok && ns.Node.ID == "OU_1" {
			for _, a := range ns.Attrs {
				if a.Key != "label" {
					continue
				}
				if first, _, _ := strings.Cut(unquote(a.Val), `\l`); first != facts.Visible(hostile) {
					t.Errorf("DOT title %q, want %q", first, facts.Visible(hostile))
				}
			}
		}
	}
}
