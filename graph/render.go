package graph

import (
	"fmt"
	"io"
	"strings"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

// Formats lists the output formats Render knows.
var Formats = []string{"mermaid", "dot"}

// Render writes the diagram of s, marked with p (which may be nil), in
// format: "mermaid" or "dot".
func Render(w io.Writer, s *spec.Spec, p *engine.Plan, format string, opts ...Option) error {
	d := Build(s, p, opts...)
	switch format {
	case "mermaid":
		_, err := io.WriteString(w, Mermaid(d))
		return err
	case "dot":
		_, err := io.WriteString(w, DOT(d))
		return err
	}
	return fmt.Errorf("unknown graph format %q: use %s", format, strings.Join(Formats, " or "))
}

// style is how a mark looks, shared by both formats so they agree.
type style struct{ fill, stroke, text string }

var styles = []struct {
	mark Mark
	style
}{
	{Created, style{"#dafbe1", "#1a7f37", "#0f3d1c"}},
	{Updated, style{"#fff8c5", "#9a6700", "#4d2d00"}},
	{Deleted, style{"#ffebe9", "#cf222e", "#6e0d12"}},
}

// Mermaid writes a flowchart. Labels are quoted strings in which the
// characters Mermaid or HTML would read (quotes, #, <, >, &, backticks)
// are written as Mermaid entity codes, so any name draws as written;
// control, bidirectional and invisible characters show as escapes
// (facts.Visible).
func Mermaid(d *Diagram) string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	if d.Planned {
		for _, s := range styles {
			dash := ""
			if s.mark == Deleted {
				dash = ",stroke-dasharray:5 5"
			}
			fmt.Fprintf(&b, "  classDef %s fill:%s,stroke:%s,color:%s%s\n", s.mark, s.fill, s.stroke, s.text, dash)
		}
	}
	for _, n := range d.Nodes {
		b.WriteString("  " + mermaidNode(n))
	}
	if len(d.Legend) > 0 {
		b.WriteString("  subgraph legend[\"Legend\"]\n")
		for _, n := range d.Legend {
			b.WriteString("    " + mermaidNode(n))
		}
		b.WriteString("  end\n")
	}
	for _, e := range d.Edges {
		arrow := "-->"
		if e.Deleted {
			arrow = "-.->"
		}
		fmt.Fprintf(&b, "  %s %s %s\n", e.From, arrow, e.To)
	}
	for _, n := range append(d.Nodes[:len(d.Nodes):len(d.Nodes)], d.Legend...) {
		if n.Mark != Unchanged {
			fmt.Fprintf(&b, "  class %s %s\n", n.ID, n.Mark)
		}
	}
	return b.String()
}

// mermaidNode is n's vertex statement.
func mermaidNode(n *Node) string {
	open, close := "[", "]"
	if n.Kind == "root" {
		open, close = "([", "])"
	}
	lines := append([]string{n.Title}, n.Lines...)
	for i, l := range lines {
		// Mermaid's lexer reads "direction LR" anywhere on a line as
		// a statement; an entity for one letter keeps it text.
		lines[i] = strings.ReplaceAll(mermaidText.Replace(facts.Visible(l)), "direction", "directio#110;")
	}
	lines[0] = "<b>" + lines[0] + "</b>"
	return fmt.Sprintf("%s%s\"%s\"%s\n", n.ID, open, strings.Join(lines, "<br/>"), close)
}

// mermaidText escapes label text. Mermaid turns #name; and #123; into
// HTML entities, so # itself is written as one first.
var mermaidText = strings.NewReplacer(
	"#", "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "&", "#amp;", "`", "#96;",
	"\n", " ", "\r", " ",
)

// DOT writes a Graphviz digraph, laid out left to right.
func DOT(d *Diagram) string {
	var b strings.Builder
	b.WriteString("digraph org {\n")
	b.WriteString("  rankdir=LR;\n")
	b.WriteString("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=10];\n")
	b.WriteString("  edge [color=\"#57606a\"];\n")
	for _, n := range d.Nodes {
		b.WriteString("  " + dotNode(n))
	}
	if len(d.Legend) > 0 {
		// A cluster draws as a box of its own, apart from the tree.
		b.WriteString("  subgraph cluster_legend {\n")
		b.WriteString("    label=\"Legend\";\n    fontname=\"Helvetica\";\n    fontsize=10;\n    style=\"rounded\";\n    color=\"#8c959f\";\n")
		for _, n := range d.Legend {
			b.WriteString("    " + dotNode(n))
		}
		b.WriteString("  }\n")
	}
	for _, e := range d.Edges {
		if e.Deleted {
			fmt.Fprintf(&b, "  %s -> %s [style=dashed];\n", e.From, e.To)
			continue
		}
		fmt.Fprintf(&b, "  %s -> %s;\n", e.From, e.To)
	}
	b.WriteString("}\n")
	return b.String()
}

// dotNode is n's node statement.
func dotNode(n *Node) string {
	lines := append([]string{n.Title}, n.Lines...)
	for i, l := range lines {
		lines[i] = dotText.Replace(facts.Visible(l))
	}
	attrs := []string{fmt.Sprintf("label=\"%s\\l\"", strings.Join(lines, "\\l"))}
	if n.Kind == "root" {
		attrs = append(attrs, "shape=oval")
	}
	for _, s := range styles {
		if s.mark == n.Mark {
			attrs = append(attrs, fmt.Sprintf("fillcolor=%q", s.fill), fmt.Sprintf("color=%q", s.stroke), fmt.Sprintf("fontcolor=%q", s.text))
			if s.mark == Deleted {
				attrs = append(attrs, `style="rounded,filled,dashed"`)
			}
		}
	}
	return fmt.Sprintf("%s [%s];\n", n.ID, strings.Join(attrs, ", "))
}

// dotText escapes label text for a DOT quoted string: quotes and
// backslashes (which would start an escape such as \N) are escaped, line
// breaks flattened; lines are left-justified by \l. Labels have been
// through facts.Visible, so its escapes show as written.
var dotText = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ", "\r", " ")
