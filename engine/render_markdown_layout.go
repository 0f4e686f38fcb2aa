package engine

import (
	"fmt"
	"strings"

	"github.com/orgctl/orgctl/facts"
)

// A run of routine changes of one kind and action (780 accounts to
// create) is folded into one group once it has mdRunFold changes: a
// reviewer reads the count and a few examples, not hundreds of rows that
// would spend the comment's budget. mdRunShow of them are shown.
const (
	mdRunFold = 25
	mdRunShow = 10
)

// mdTableHead opens a table of changes.
const mdTableHead = "\n| | Kind | Resource | Change |\n|---|---|---|---|\n"

// mdLayout is the order in which the Markdown shows a plan's changes.
type mdLayout struct {
	// rows are the changes listed one by one: destructive ones first,
	// then those that change a document, then the rest in plan order.
	rows []*Change
	// groups are the long runs of routine changes, folded.
	groups []mdGroup
	// docs and others are the changes with details to fold below the
	// table: docs change a policy document (a reviewer's first concern),
	// others a map or a long value.
	docs, others []*Change
}

// mdGroup is a run of routine changes of one kind and action.
type mdGroup struct {
	changes []*Change
}

type mdRunKey struct {
	kind     Kind
	action   Action
	implicit bool
}

func runKeyOf(c *Change) mdRunKey { return mdRunKey{c.Kind, c.Action, c.Implicit} }

func layoutOf(p *Plan) mdLayout {
	var destructive, docs, rest []*Change
	for _, c := range p.Changes {
		switch {
		case c.Destructive:
			destructive = append(destructive, c)
		case changesDocument(c):
			docs = append(docs, c)
		default:
			rest = append(rest, c)
		}
	}
	runs := map[mdRunKey][]*Change{}
	var order []mdRunKey
	for _, c := range rest {
		k := runKeyOf(c)
		if _, ok := runs[k]; !ok {
			order = append(order, k)
		}
		runs[k] = append(runs[k], c)
	}
	var l mdLayout
	folded := map[mdRunKey]bool{}
	for _, k := range order {
		if len(runs[k]) >= mdRunFold {
			folded[k] = true
			l.groups = append(l.groups, mdGroup{changes: runs[k]})
		}
	}
	l.rows = append(append(l.rows, destructive...), docs...)
	for _, c := range rest {
		if !folded[runKeyOf(c)] {
			l.rows = append(l.rows, c)
		}
	}
	// Details follow the order a reviewer reads: the table's, then the
	// groups'.
	all := l.rows
	for _, g := range l.groups {
		all = append(all[:len(all):len(all)], g.changes...)
	}
	for _, c := range all {
		switch {
		case !hasDetails(c):
		case changesDocument(c):
			l.docs = append(l.docs, c)
		default:
			l.others = append(l.others, c)
		}
	}
	return l
}

// changesDocument reports whether c creates or changes a document (a
// policy's): what reviewers of an organization's plan read most closely.
func changesDocument(c *Change) bool {
	switch {
	case c.Implicit || c.Action == Delete:
		return false
	case c.Action == Create:
		return len(createdDocuments(c)) > 0
	}
	for _, f := range c.Fields {
		if f.Document {
			return true
		}
	}
	return false
}

// createdDocuments are the documents (policy content, templates) a
// create writes, by attribute name in display order.
func createdDocuments(c *Change) []string {
	info := kindInfo(c.Kind)
	var names []string
	for _, name := range attrOrder(info, c.After) {
		if doc, ok := c.After[name].(string); ok && doc != "" && info.isDocument(name) {
			names = append(names, name)
		}
	}
	return names
}

// mdRow is c's row in a table of changes.
func mdRow(c *Change) string {
	return fmt.Sprintf("| `%s` | %s | %s | %s |\n", c.Action.Symbol(), mdCell(string(c.Kind)), mdSubject(c), mdCell(changeSummary(c)))
}

// mdGroupBlock folds a run: its count in the summary, the first mdRunShow
// changes in a table, and how many more there are and which command
// lists them.
func mdGroupBlock(g mdGroup, command string) string {
	first := g.changes[0]
	what := fmt.Sprintf("%d to %s", len(g.changes), first.Action)
	if first.Implicit {
		what += ", each with what it goes with"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n<details><summary><code>%s</code> %s: %s</summary>\n", first.Action.Symbol(),
		htmlText.Replace(facts.Visible(string(first.Kind))), what)
	b.WriteString(mdTableHead)
	for _, c := range g.changes[:min(len(g.changes), mdRunShow)] {
		b.WriteString(mdRow(c))
	}
	if n := len(g.changes) - mdRunShow; n > 0 {
		fmt.Fprintf(&b, "\nand %d more (`%s` lists them all).\n", n, command)
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

// changeName is the name people know c's resource by when its key is
// something else (an account's name; its key is the email), or "".
func changeName(c *Change) string {
	aliases := kindInfo(c.Kind).Aliases
	if aliases == nil {
		return ""
	}
	attrs := c.After
	if attrs == nil {
		attrs = c.Before
	}
	for _, a := range aliases(Resource{Kind: c.Kind, Key: c.Key, Attrs: attrs}) {
		if a != "" && a != c.Key {
			return a
		}
	}
	return ""
}

// mdSubject is c's resource for a cell or a list item: its name with its
// key after it, or its key alone.
func mdSubject(c *Change) string {
	if name := changeName(c); name != "" {
		return mdCode(name) + " (" + mdCode(c.Key) + ")"
	}
	return mdCode(c.Key)
}

// mdAddress is c for the summary of its folded details, as HTML text.
func mdAddress(c *Change) string {
	s := c.Action.Symbol() + " " + c.Address()
	if name := changeName(c); name != "" {
		s = fmt.Sprintf("%s %s %q (%s)", c.Action.Symbol(), c.Kind, name, c.Key)
	}
	return htmlText.Replace(facts.Visible(s))
}
