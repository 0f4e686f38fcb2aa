package engine

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/facts"
)

// Style holds terminal colours; the zero Style prints plain text.
type Style struct {
	Color bool
	// AllowDestroy: the plan is shown by an apply given --allow-destroy,
	// so its destructive changes are allowed, not waiting for the flag.
	AllowDestroy bool
}

func (s Style) paint(code, text string) string {
	if !s.Color {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s Style) action(a Action, text string) string {
	switch a {
	case Create:
		return s.paint("32", text)
	case Update:
		return s.paint("33", text)
	case Delete:
		return s.paint("31", text)
	}
	return text
}

func (s Style) bold(text string) string { return s.paint("1", text) }

// RenderText writes the plan for a terminal. It reads only the plan model,
// as a JSON consumer would. Everything it prints that comes from the plan
// (names read from AWS, a plan file) goes through facts.Visible: a control
// character or escape sequence in a name shows as \x1b, and never acts on
// the terminal.
func RenderText(w io.Writer, p *Plan, st Style) {
	if p.Empty() {
		fmt.Fprintln(w, st.bold("No changes.")+" The organization matches the spec.")
	} else {
		fmt.Fprintln(w, "orgctl will make these changes:")
		fmt.Fprintln(w)
		for _, c := range p.Changes {
			renderChangeText(w, c, st)
		}
		fmt.Fprintln(w)
		line := SummaryLine(p.Summary)
		if st.AllowDestroy && p.Summary.Destructive > 0 {
			line = strings.Replace(line, ": needs --allow-destroy)", ", allowed by --allow-destroy)", 1)
		}
		fmt.Fprintln(w, st.bold("Plan: ")+line)
	}
	renderUnmanagedText(w, p, st)
	renderDiagsText(w, p)
}

// RenderDriftText writes a drift report: every resource where the live
// organization differs from the spec, and the unmanaged ones.
func RenderDriftText(w io.Writer, p *Plan, st Style) {
	if !p.Drifted() {
		fmt.Fprintln(w, st.bold("No drift.")+" The organization matches the spec.")
		renderDiagsText(w, p)
		return
	}
	if !p.Empty() {
		fmt.Fprintf(w, "%s %d resource(s) differ from the spec:\n\n", st.bold("Drift:"), len(p.Changes))
		for _, c := range p.Changes {
			renderChangeText(w, c, st)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "To bring the organization back to the spec, 'orgctl apply' would make "+SummaryLine(p.Summary))
	}
	renderUnmanagedText(w, p, st)
	renderDiagsText(w, p)
}

// Verbs says what carrying out c is, as apply's progress and reports
// word it: ("creating", "created"), and for a kind switched on and off
// (KindInfo.Switch) ("enabling", "enabled").
func Verbs(c *Change) (doing, done string) {
	sw := kindInfo(c.Kind).Switch
	switch {
	case c.Action == Create && sw:
		return "enabling", "enabled"
	case c.Action == Create:
		return "creating", "created"
	case c.Action == Update:
		return "updating", "updated"
	case sw:
		return "disabling", "disabled"
	}
	return "deleting", "deleted"
}

// SummaryLine says how many changes of each action a plan holds.
func SummaryLine(s Summary) string {
	line := fmt.Sprintf("%d to create, %d to update, %d to delete", s.Create, s.Update, s.Delete)
	if s.Destructive > 0 {
		line += fmt.Sprintf(" (%d destructive: needs --allow-destroy)", s.Destructive)
	}
	return line + "."
}

func renderChangeText(w io.Writer, c *Change, st Style) {
	head := fmt.Sprintf("  %s %s", c.Action.Symbol(), facts.Visible(c.Address()))
	switch {
	case c.Implicit:
		head += " (goes with " + implicitWith(c) + ")"
	case c.Destructive:
		head += " " + st.paint("1;31", "(destructive)")
	}
	fmt.Fprintln(w, st.action(c.Action, head))
	if kindInfo(c.Kind).Terse || c.Action == Delete {
		return // the key says it all
	}
	if c.Action == Create {
		for _, name := range attrOrder(kindInfo(c.Kind), c.After) {
			v := canonical(c.After[name])
			if v == nil {
				continue
			}
			if kindInfo(c.Kind).isDocument(name) {
				fmt.Fprintf(w, "      %s = %s\n", facts.Visible(name), indentLines(visibleLines(PrettyDocument(v.(string))), "        "))
				continue
			}
			fmt.Fprintf(w, "      %s = %s\n", facts.Visible(name), showValue(v))
		}
		return
	}
	for _, f := range c.Fields {
		renderFieldText(w, f, st)
	}
}

func renderFieldText(w io.Writer, f FieldDiff, st Style) {
	switch {
	case f.Digest:
		fmt.Fprintf(w, "      ~ %s changed\n", facts.Visible(f.Name))
	case f.Document:
		fmt.Fprintf(w, "      ~ %s:\n", facts.Visible(f.Name))
		before, _ := f.Before.(string)
		after, _ := f.After.(string)
		for _, l := range LineDiff(PrettyDocument(before), PrettyDocument(after), 3) {
			l.Text = facts.Visible(l.Text)
			line := "          " + string(l.Op) + " " + l.Text
			switch l.Op {
			case '+':
				line = st.action(Create, line)
			case '-':
				line = st.action(Delete, line)
			case '@':
				line = st.paint("36", "          "+l.Text)
			}
			fmt.Fprintln(w, line)
		}
	case isMap(f.Before) || isMap(f.After):
		fmt.Fprintf(w, "      ~ %s:\n", facts.Visible(f.Name))
		for _, c := range mapChanges(f.Before, f.After) {
			switch c.Op {
			case '+':
				fmt.Fprintln(w, st.action(Create, fmt.Sprintf("          + %s = %q", c.Key, c.After)))
			case '-':
				fmt.Fprintln(w, st.action(Delete, fmt.Sprintf("          - %s = %q", c.Key, c.Before)))
			default:
				fmt.Fprintln(w, st.action(Update, fmt.Sprintf("          ~ %s = %q -> %q", c.Key, c.Before, c.After)))
			}
		}
	default:
		fmt.Fprintf(w, "      ~ %s = %s -> %s\n", facts.Visible(f.Name), showValue(f.Before), showValue(f.After))
	}
}

func renderUnmanagedText(w io.Writer, p *Plan, st Style) {
	if len(p.Unmanaged) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, st.bold("Unmanaged")+" (in AWS, not in the spec; orgctl leaves them alone):")
	for _, u := range p.Unmanaged {
		fmt.Fprintf(w, "  ? %s %q: %s\n", facts.Visible(string(u.Kind)), u.Key, facts.Visible(u.Reason))
	}
}

func renderDiagsText(w io.Writer, p *Plan) {
	if len(p.Diags) == 0 {
		return
	}
	fmt.Fprintln(w)
	for _, d := range p.Diags {
		fmt.Fprintf(w, "%s: %s\n", facts.Visible(strings.ToUpper(string(d.Severity[:1]))+string(d.Severity[1:])), visibleLines(d.Error()))
	}
}

// implicitWith names what an implicit change happens with.
func implicitWith(c *Change) string {
	if c.GoesWith == "" {
		return "its owner"
	}
	return "the " + facts.Visible(c.GoesWith)
}

func showValue(v any) string {
	switch x := canonical(v).(type) {
	case nil:
		return "(unset)"
	case string:
		return fmt.Sprintf("%q", x)
	case map[string]string:
		parts := make([]string, 0, len(x))
		for _, k := range sortedKeys(x) {
			parts = append(parts, fmt.Sprintf("%s = %q", facts.Visible(k), x[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	default:
		// JSON escapes C0 controls but not C1, bidirectional or
		// invisible characters.
		b, _ := json.Marshal(x)
		return facts.Visible(string(b))
	}
}

// visibleLines is facts.Visible on each line of s, keeping its line breaks.
func visibleLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = facts.Visible(l)
	}
	return strings.Join(lines, "\n")
}

func isMap(v any) bool {
	switch v.(type) {
	case map[string]string, map[string]any:
		return true
	}
	return false
}

func indentLines(s, prefix string) string {
	return strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// attrOrder lists attributes for display: name first, documents last, the
// rest alphabetically.
func attrOrder(info *KindInfo, a Attrs) []string {
	var first, mid, last []string
	for _, k := range sortedKeys(a) {
		switch {
		case slices.Contains(info.Hidden, k):
		case k == "name":
			first = append(first, k)
		case info.isDocument(k):
			last = append(last, k)
		default:
			mid = append(mid, k)
		}
	}
	return append(append(first, mid...), last...)
}
