package engine

import (
	"fmt"
	"strings"

	"github.com/orgctl/orgctl/facts"
)

// hasDetails reports whether mdDetails has anything to fold for c, without
// the cost of rendering it.
func hasDetails(c *Change) bool {
	switch {
	case c.Implicit || c.Action == Delete:
		return false
	case c.Action == Create:
		return changesDocument(c)
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
		for _, name := range createdDocuments(c) {
			doc := c.After[name].(string)
			parts = append(parts, mdCell(name)+":\n\n"+fenced("json", visibleLines(PrettyDocument(doc))))
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
	return fmt.Sprintf("<details><summary><code>%s</code></summary>\n\n%s\n</details>\n",
		mdAddress(c), strings.Join(parts, "\n"))
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
		for _, c := range mapChanges(f.Before, f.After) {
			if c.Op != '+' {
				lines = append(lines, fmt.Sprintf("- %s = %q", c.Key, c.Before))
			}
			if c.Op != '-' {
				lines = append(lines, fmt.Sprintf("+ %s = %q", c.Key, c.After))
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
