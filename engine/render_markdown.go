package engine

import (
	"fmt"
	"io"
	"strings"

	"github.com/orgctl/orgctl/facts"
)

// MaxCommentLen is GitHub's limit on the body of a comment or an issue, in
// characters. Markdown renderings stay below it: the rest is left out with a
// note saying how much.
const MaxCommentLen = 65536

// mdListCap bounds the lists at the top of a rendering (destructive
// changes, diagnostics), so the part that is always shown stays small.
const mdListCap = 50

// mdLongValue is the length beyond which a field's values are shown folded
// below the table rather than in its cell.
const mdLongValue = 60

// RenderMarkdown writes the plan for a pull-request comment: the counts
// first, destructive changes called out, a table of changes, then long
// diffs and documents folded in <details>. The output never exceeds
// MaxCommentLen; what does not fit is counted in a closing note.
func RenderMarkdown(w io.Writer, p *Plan) { renderMarkdown(w, p, false, MaxCommentLen) }

// RenderDriftMarkdown writes a drift report for an issue body: how the live
// organization differs from the spec, with the unmanaged resources listed
// in the open, within the same size limit as RenderMarkdown.
func RenderDriftMarkdown(w io.Writer, p *Plan) { renderMarkdown(w, p, true, MaxCommentLen) }

func renderMarkdown(w io.Writer, p *Plan, drift bool, limit int) {
	head := mdHead(p, drift)

	var rows []string
	for _, c := range p.Changes {
		rows = append(rows, fmt.Sprintf("| `%s` | %s | %s | %s |\n", c.Action.Symbol(), mdCell(string(c.Kind)), mdCode(c.Key), mdCell(changeSummary(c))))
	}
	var folded []*Change // changes with details to fold, rendered only if they fit
	for _, c := range p.Changes {
		if hasDetails(c) {
			folded = append(folded, c)
		}
	}
	var unmanaged []string
	for _, u := range p.Unmanaged {
		unmanaged = append(unmanaged, fmt.Sprintf("- %s %s: %s\n", mdCell(string(u.Kind)), mdCode(u.Key), mdCell(u.Reason)))
	}

	// Spend what the head leaves, in order of importance: the table, the
	// unmanaged resources, then the folded details, each from the first
	// until one does not fit. The note at the end needs room of its own.
	budget := limit - len(head) - 512
	tableHead := "\n| | Kind | Key | Change |\n|---|---|---|---|\n"
	nRows := fitPrefix(rows, &budget, len(tableHead))
	unmanagedHead, unmanagedFoot := mdUnmanagedFrame(len(p.Unmanaged), drift)
	nUnmanaged := fitPrefix(unmanaged, &budget, len(unmanagedHead)+len(unmanagedFoot))
	var details []string
	for _, c := range folded {
		d := mdDetails(c)
		if len(d)+1 > budget {
			break
		}
		details = append(details, d)
		budget -= len(d) + 1
	}

	var b strings.Builder
	b.WriteString(head)
	if nRows > 0 {
		b.WriteString(tableHead)
		for _, r := range rows[:nRows] {
			b.WriteString(r)
		}
	}
	for _, d := range details {
		b.WriteString("\n" + d)
	}
	if nUnmanaged > 0 {
		b.WriteString(unmanagedHead)
		for _, u := range unmanaged[:nUnmanaged] {
			b.WriteString(u)
		}
		b.WriteString(unmanagedFoot)
	}
	var left []string
	if n := len(rows) - nRows; n > 0 {
		left = append(left, fmt.Sprintf("%d of %d changes in the table", n, len(rows)))
	}
	if n := len(folded) - len(details); n > 0 {
		left = append(left, fmt.Sprintf("%d of %d folded diffs", n, len(folded)))
	}
	if n := len(unmanaged) - nUnmanaged; n > 0 {
		left = append(left, fmt.Sprintf("%d of %d unmanaged resources", n, len(unmanaged)))
	}
	if len(left) > 0 {
		what := "orgctl plan"
		if drift {
			what = "orgctl drift"
		}
		fmt.Fprintf(&b, "\n> [!NOTE]\n> Shortened to fit GitHub's limit of %s characters: left out %s. "+
			"Run `%s` for all of it, or `%s --format json` for the plan model.\n",
			"65,536", strings.Join(left, ", "), what, what)
	}
	io.WriteString(w, b.String())
}

// fitPrefix returns how many of items, from the first, fit in budget along
// with overhead (paid only if one fits), and takes them from the budget.
func fitPrefix(items []string, budget *int, overhead int) int {
	n, used := 0, overhead
	for _, it := range items {
		if used+len(it) > *budget {
			break
		}
		used += len(it)
		n++
	}
	if n > 0 {
		*budget -= used
	}
	return n
}

// mdHead is the part always shown: title, counts, destructive changes and
// diagnostics.
func mdHead(p *Plan, drift bool) string {
	var b strings.Builder
	if drift {
		b.WriteString("### orgctl drift\n\n")
	} else {
		b.WriteString("### orgctl plan\n\n")
	}
	if p.Spec != "" {
		fmt.Fprintf(&b, "Spec: %s\n\n", mdCode(p.Spec))
	}
	// Reviewers see which commit this plan is of and which one is live, so
	// a comment on an old push or a stale base is obvious.
	if p.Source != nil {
		fmt.Fprintf(&b, "Planned from commit %s\n\n", mdCommit(p.Source))
	}
	if p.LiveCommit != nil {
		fmt.Fprintf(&b, "Live commit: %s", mdCommit(p.LiveCommit))
		if p.LiveCommit.AppliedAt != "" {
			fmt.Fprintf(&b, ", applied %s", mdCell(p.LiveCommit.AppliedAt))
		}
		b.WriteString("\n\n")
	}
	switch {
	case drift && !p.Drifted():
		b.WriteString("**No drift.** The organization matches the spec.\n")
	case drift:
		fmt.Fprintf(&b, "**Drift:** %d resource(s) differ from the spec", len(p.Changes))
		if n := len(p.Unmanaged); n > 0 {
			fmt.Fprintf(&b, "; %d unmanaged resource(s) in AWS", n)
		}
		b.WriteString(".\n")
		if !p.Empty() {
			fmt.Fprintf(&b, "\nTo bring the organization back to the spec, `orgctl apply` would make **%s**\n", SummaryLine(p.Summary))
		}
	case p.Empty():
		b.WriteString("**No changes.** The organization matches the spec.\n")
	default:
		fmt.Fprintf(&b, "**%s**\n", SummaryLine(p.Summary))
	}
	if !p.Empty() {
		b.WriteString(mdCountTable(p))
	}
	if d := p.Destructive(); len(d) > 0 {
		fmt.Fprintf(&b, "\n> [!CAUTION]\n> **%d destructive change(s).** `orgctl apply` refuses them without `--allow-destroy`:\n", len(d))
		for i, c := range d {
			if i == mdListCap {
				fmt.Fprintf(&b, "> - and %d more\n", len(d)-mdListCap)
				break
			}
			fmt.Fprintf(&b, "> - `%s` %s %s: %s\n", c.Action.Symbol(), mdCell(string(c.Kind)), mdCode(c.Key), mdCell(changeSummary(c)))
		}
	}
	if len(p.Diags) > 0 {
		b.WriteString("\n")
		for i, d := range p.Diags {
			if i == mdListCap {
				fmt.Fprintf(&b, "- and %d more diagnostics\n", len(p.Diags)-mdListCap)
				break
			}
			fmt.Fprintf(&b, "- **%s**: %s\n", mdCell(string(d.Severity)), mdCell(d.Error()))
		}
	}
	return b.String()
}

// mdCountTable counts the changes by kind and action, kinds in plan order.
func mdCountTable(p *Plan) string {
	type counts struct{ create, update, delete int }
	var order []Kind
	by := map[Kind]*counts{}
	for _, c := range p.Changes {
		if c.Implicit {
			continue
		}
		n, ok := by[c.Kind]
		if !ok {
			n = &counts{}
			by[c.Kind] = n
			order = append(order, c.Kind)
		}
		switch c.Action {
		case Create:
			n.create++
		case Update:
			n.update++
		case Delete:
			n.delete++
		}
	}
	if len(order) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n| Kind | Create | Update | Delete |\n|---|--:|--:|--:|\n")
	for _, k := range order {
		n := by[k]
		fmt.Fprintf(&b, "| %s | %d | %d | %d |\n", mdCell(string(k)), n.create, n.update, n.delete)
	}
	return b.String()
}

func mdUnmanagedFrame(n int, drift bool) (head, foot string) {
	if drift {
		return fmt.Sprintf("\n#### %d unmanaged resource(s)\n\nIn AWS but not in the spec; orgctl leaves them alone.\n\n", n), ""
	}
	return fmt.Sprintf("\n<details><summary>%d unmanaged resource(s) in AWS that orgctl leaves alone</summary>\n\n", n), "\n</details>\n"
}

// hasDetails reports whether mdDetails has anything to fold for c, without
// the cost of rendering it.
func hasDetails(c *Change) bool {
	switch {
	case c.Implicit || c.Action == Delete:
		return false
	case c.Action == Create:
		info := kindInfo(c.Kind)
		for name, v := range c.After {
			if doc, ok := v.(string); ok && doc != "" && info.isDocument(name) {
				return true
			}
		}
		return false
	}
	for _, f := range c.Fields {
		if !f.Digest && (f.Document || isMap(f.Before) || isMap(f.After) || isLong(f)) {
			return true
		}
	}
	return false
}

// mdDetails folds what the table cell leaves out: document diffs, map
// diffs, long values, and the document of a created resource. It returns
// "" exactly when hasDetails is false.
func mdDetails(c *Change) string {
	if !hasDetails(c) {
		return ""
	}
	var parts []string
	switch {
	case c.Action == Create:
		info := kindInfo(c.Kind)
		for _, name := range attrOrder(info, c.After) {
			if doc, ok := c.After[name].(string); ok && doc != "" && info.isDocument(name) {
				parts = append(parts, mdCell(name)+":\n\n"+fenced("json", visibleLines(PrettyDocument(doc))))
			}
		}
	default:
		for _, f := range c.Fields {
			if body := mdFieldBody(f); body != "" {
				parts = append(parts, mdCell(f.Name)+":\n\n"+body)
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("<details><summary><code>%s %s</code></summary>\n\n%s\n</details>\n",
		c.Action.Symbol(), htmlText.Replace(facts.Visible(c.Address())), strings.Join(parts, "\n"))
}

// mdFieldBody is the folded form of one field of an update, or "" when its
// cell in the table is enough.
func mdFieldBody(f FieldDiff) string {
	var lines []string
	switch {
	case f.Digest:
		return ""
	case f.Document:
		before, _ := f.Before.(string)
		after, _ := f.After.(string)
		for _, l := range LineDiff(PrettyDocument(before), PrettyDocument(after), 3) {
			l.Text = facts.Visible(l.Text)
			if l.Op == '@' {
				lines = append(lines, l.Text)
				continue
			}
			lines = append(lines, string(l.Op)+" "+l.Text)
		}
	case isMap(f.Before) || isMap(f.After):
		before, after := asMap(f.Before), asMap(f.After)
		for _, k := range unionKeys(before, after) {
			b, inB := before[k]
			a, inA := after[k]
			vk := facts.Visible(k)
			switch {
			case !inB:
				lines = append(lines, fmt.Sprintf("+ %s = %q", vk, a))
			case !inA:
				lines = append(lines, fmt.Sprintf("- %s = %q", vk, b))
			case a != b:
				lines = append(lines, fmt.Sprintf("- %s = %q", vk, b), fmt.Sprintf("+ %s = %q", vk, a))
			}
		}
	case isLong(f):
		lines = []string{"- " + showValue(f.Before), "+ " + showValue(f.After)}
	default:
		return ""
	}
	return fenced("diff", strings.Join(lines, "\n"))
}

func isLong(f FieldDiff) bool {
	return len(showValue(f.Before))+len(showValue(f.After)) > mdLongValue
}

// fenced puts text in a code block whose fence is longer than any run of
// backticks inside it, so a document cannot end the block early.
func fenced(lang, text string) string {
	longest, run := 0, 0
	for _, r := range text {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + lang + "\n" + strings.TrimRight(text, "\n") + "\n" + fence + "\n"
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
		if f.Digest || f.Document || isMap(f.Before) || isMap(f.After) || isLong(f) {
			parts = append(parts, facts.Visible(f.Name)+" changed")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %s → %s", facts.Visible(f.Name), showValue(f.Before), showValue(f.After)))
	}
	s := strings.Join(parts, "; ")
	if c.Destructive {
		s = "**" + s + "**"
	}
	return s
}

// htmlText escapes text for the content of an HTML element.
var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// mdCode is s as inline code; what it cannot hold (a backtick, the
// characters facts.Visible escapes) is replaced.
func mdCode(s string) string { return "`" + strings.ReplaceAll(facts.Visible(s), "`", "'") + "`" }

// mdCell is s in a table cell or a list item: on one line, with the
// characters facts.Visible escapes written as escapes, and no HTML.
func mdCell(s string) string {
	return mdCellText.Replace(facts.Visible(strings.ReplaceAll(s, "\n", " ")))
}

// mdCellText keeps a cell one cell.
var mdCellText = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;")

// mdCommit is a commit as a reviewer reads it: its short hash and ref.
func mdCommit(c *GitCommit) string {
	h := c.Commit
	if len(h) > 12 {
		h = h[:12]
	}
	if c.Ref != "" && c.Ref != c.Commit {
		return mdCode(h) + " (" + mdCode(c.Ref) + ")"
	}
	return mdCode(h)
}
