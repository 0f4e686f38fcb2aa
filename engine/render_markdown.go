package engine

import (
	"fmt"
	"io"
	"strings"
)

// RenderMarkdown writes the plan for a pull-request comment: the summary
// first, destructive changes called out, a table of changes, and long
// document diffs folded in <details>.
func RenderMarkdown(w io.Writer, p *Plan) {
	fmt.Fprintln(w, "### orgctl plan")
	fmt.Fprintln(w)
	if p.Empty() {
		fmt.Fprintln(w, "**No changes.** The organization matches the spec.")
	} else {
		fmt.Fprintf(w, "**%s**\n", SummaryLine(p.Summary))
	}
	if d := p.Destructive(); len(d) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "> [!WARNING]\n> %d destructive change(s); `orgctl apply` needs `--allow-destroy`:\n", len(d))
		for _, c := range d {
			fmt.Fprintf(w, "> - `%s` %s\n", c.Action.Symbol(), mdCode(c.Address()))
		}
	}
	if !p.Empty() {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| | Kind | Key | Change |")
		fmt.Fprintln(w, "|---|---|---|---|")
		for _, c := range p.Changes {
			fmt.Fprintf(w, "| `%s` | %s | %s | %s |\n", c.Action.Symbol(), c.Kind, mdCode(c.Key), mdCell(changeSummary(c)))
		}
		for _, c := range p.Changes {
			for _, f := range c.Fields {
				if !f.Document {
					continue
				}
				before, _ := f.Before.(string)
				after, _ := f.After.(string)
				fmt.Fprintln(w)
				fmt.Fprintf(w, "<details><summary>%s %s</summary>\n\n```diff\n", mdCell(c.Address()), f.Name)
				for _, l := range LineDiff(PrettyDocument(before), PrettyDocument(after), 3) {
					if l.Op == '@' {
						fmt.Fprintln(w, l.Text)
						continue
					}
					fmt.Fprintf(w, "%c %s\n", l.Op, l.Text)
				}
				fmt.Fprintln(w, "```\n\n</details>")
			}
		}
	}
	if len(p.Unmanaged) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintf(w, "<details><summary>%d unmanaged resource(s) in AWS that orgctl leaves alone</summary>\n\n", len(p.Unmanaged))
		for _, u := range p.Unmanaged {
			fmt.Fprintf(w, "- %s %s: %s\n", u.Kind, mdCode(u.Key), u.Reason)
		}
		fmt.Fprintln(w, "\n</details>")
	}
	if len(p.Diags) > 0 {
		fmt.Fprintln(w)
		for _, d := range p.Diags {
			fmt.Fprintf(w, "- **%s**: %s\n", d.Severity, mdCell(d.Error()))
		}
	}
}

// changeSummary is the one-line description of a change in the table.
func changeSummary(c *Change) string {
	switch {
	case c.Implicit:
		return "delete (goes with " + implicitWith(c) + ")"
	case c.Action == Create:
		return "create"
	case c.Action == Delete && c.Destructive:
		return "**delete**"
	case c.Action == Delete:
		return "delete"
	}
	parts := make([]string, 0, len(c.Fields))
	for _, f := range c.Fields {
		if f.Document || isMap(f.Before) || isMap(f.After) {
			parts = append(parts, f.Name+" changed")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %s → %s", f.Name, showValue(f.Before), showValue(f.After)))
	}
	s := strings.Join(parts, "; ")
	if c.Destructive {
		s = "**" + s + "**"
	}
	return s
}

func mdCode(s string) string { return "`" + strings.ReplaceAll(s, "`", "'") + "`" }

func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
