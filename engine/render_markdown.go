package engine

import (
	"fmt"
	"io"
	"strings"
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
// and the destructive changes first, a table of changes (destructive ones,
// then document changes, then the rest, long runs of similar changes folded
// into groups), then document diffs and other long details folded in
// <details>. The output never exceeds MaxCommentLen: what does not fit is
// left out, the document diffs last, and counted in a closing note.
func RenderMarkdown(w io.Writer, p *Plan) { renderMarkdown(w, p, false, MaxCommentLen) }

// RenderDriftMarkdown writes a drift report for an issue body: how the live
// organization differs from the spec, with the unmanaged resources listed
// in the open, within the same size limit as RenderMarkdown.
func RenderDriftMarkdown(w io.Writer, p *Plan) { renderMarkdown(w, p, true, MaxCommentLen) }

func renderMarkdown(w io.Writer, p *Plan, drift bool, limit int) {
	head := mdHead(p, drift)
	l := layoutOf(p)

	rows := make([]string, len(l.rows))
	for i, c := range l.rows {
		rows[i] = mdRow(c)
	}
	command := "orgctl plan"
	if drift {
		command = "orgctl drift"
	}
	groups := make([]string, len(l.groups))
	for i, g := range l.groups {
		groups[i] = mdGroupBlock(g, command)
	}
	var unmanaged []string
	for _, u := range p.Unmanaged {
		unmanaged = append(unmanaged, fmt.Sprintf("- %s %s: %s\n", mdCell(string(u.Kind)), mdCode(u.Key), mdCell(u.Reason)))
	}

	// Spend what the head leaves in order of importance, each list from
	// its first item until one does not fit: the document diffs, which
	// reviewers must see whole; the groups, which account for many
	// changes in little room; the table; the other details; the
	// unmanaged resources. The note at the end needs room of its own.
	budget := limit - len(head) - 512
	docs := fitDetails(l.docs, &budget)
	nGroups := fitPrefix(groups, &budget, 0)
	nRows := fitPrefix(rows, &budget, len(mdTableHead))
	others := fitDetails(l.others, &budget)
	unmanagedHead, unmanagedFoot := mdUnmanagedFrame(len(p.Unmanaged), drift)
	nUnmanaged := fitPrefix(unmanaged, &budget, len(unmanagedHead)+len(unmanagedFoot))

	var b strings.Builder
	b.WriteString(head)
	if nRows > 0 {
		b.WriteString(mdTableHead)
		for _, r := range rows[:nRows] {
			b.WriteString(r)
		}
	}
	for _, g := range groups[:nGroups] {
		b.WriteString(g)
	}
	for _, d := range docs {
		b.WriteString("\n" + d)
	}
	for _, d := range others {
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
	listed := nRows
	for _, g := range l.groups[:nGroups] {
		listed += len(g.changes)
	}
	if n := len(p.Changes) - listed; n > 0 {
		left = append(left, fmt.Sprintf("%d of %d changes from the list", n, len(p.Changes)))
	}
	if n := len(l.docs) - len(docs); n > 0 {
		left = append(left, fmt.Sprintf("%d of %d document diffs", n, len(l.docs)))
	}
	if n := len(l.others) - len(others); n > 0 {
		left = append(left, fmt.Sprintf("%d of %d other folded details", n, len(l.others)))
	}
	if n := len(unmanaged) - nUnmanaged; n > 0 {
		left = append(left, fmt.Sprintf("%d of %d unmanaged resources", n, len(unmanaged)))
	}
	if len(left) > 0 {
		b.WriteString(mdShortenedNote(left, drift))
	}
	io.WriteString(w, b.String())
}

// mdShortenedNote says what a rendering left out and where the whole of
// it is.
func mdShortenedNote(left []string, drift bool) string {
	full := "The full plan: `orgctl plan` (text), or `orgctl plan -o FILE` to save it (JSON) " +
		"for `orgctl apply FILE`."
	if drift {
		full = "The full report: `orgctl drift` (text), or `orgctl drift --format json`."
	}
	return fmt.Sprintf("\n> [!NOTE]\n> **Shortened** to fit GitHub's limit of %s characters: left out %s.\n> %s\n",
		"65,536", strings.Join(left, ", "), full)
}

// fitDetails renders the folded details of changes, from the first, while
// they fit in budget, and takes them from it.
func fitDetails(changes []*Change, budget *int) []string {
	var out []string
	for _, c := range changes {
		d := mdDetails(c)
		if len(d)+1 > *budget {
			break
		}
		out = append(out, d)
		*budget -= len(d) + 1
	}
	return out
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
			fmt.Fprintf(&b, "> - `%s` %s %s: %s\n", c.Action.Symbol(), mdCell(string(c.Kind)), mdSubject(c), mdCell(changeSummary(c)))
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
