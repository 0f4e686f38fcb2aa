package graph

import (
	"fmt"
	"strings"
)

// Accounts is how a diagram shows accounts. An organization of hundreds
// of accounts draws as a picture too tall to read; its OU tree, with the
// accounts counted, fits a screen.
type Accounts string

const (
	// AccountsAll draws every account as a node of its own.
	AccountsAll Accounts = "all"
	// AccountsNone leaves accounts out: the OU tree and its policies.
	AccountsNone Accounts = "none"
	// AccountsCount draws no account but counts them in their OU's (or
	// the root's) node, with what the plan does to them.
	AccountsCount Accounts = "count"
)

// AccountModes lists the values of Accounts, for flags and messages.
var AccountModes = []string{string(AccountsAll), string(AccountsNone), string(AccountsCount)}

// Option changes how Build draws.
type Option func(*options)

type options struct {
	accounts Accounts
}

// WithAccounts sets how accounts are drawn; AccountsAll when not given.
func WithAccounts(a Accounts) Option { return func(o *options) { o.accounts = a } }

// accountVerbs says what a plan's mark means for an account, in the order
// the counts are listed.
var accountVerbs = []struct {
	mark Mark
	verb string
}{
	{Created, "to create"},
	{Updated, "to update"},
	{Deleted, "to close"},
}

// foldAccounts takes the account nodes out of d; with count, it first
// counts them in their parent's node, marking a parent whose accounts
// change as updated unless the plan marks it otherwise.
func foldAccounts(d *Diagram, count bool) {
	parentOf := map[string]string{}
	for _, e := range d.Edges {
		parentOf[e.To] = e.From
	}
	type tally struct {
		total int
		marks map[Mark]int
	}
	tallies := map[string]*tally{}
	gone := map[string]bool{}
	var nodes []*Node
	for _, n := range d.Nodes {
		if n.Kind != "account" {
			nodes = append(nodes, n)
			continue
		}
		gone[n.ID] = true
		p := parentOf[n.ID]
		t := tallies[p]
		if t == nil {
			t = &tally{marks: map[Mark]int{}}
			tallies[p] = t
		}
		t.total++
		t.marks[n.Mark]++
	}
	var edges []Edge
	for _, e := range d.Edges {
		if !gone[e.To] {
			edges = append(edges, e)
		}
	}
	d.Nodes, d.Edges = nodes, edges
	if !count {
		return
	}
	for _, n := range d.Nodes {
		t := tallies[n.ID]
		if t == nil {
			continue
		}
		line := "1 account"
		if t.total != 1 {
			line = fmt.Sprintf("%d accounts", t.total)
		}
		var changes []string
		for _, v := range accountVerbs {
			if k := t.marks[v.mark]; k > 0 {
				changes = append(changes, fmt.Sprintf("%d %s", k, v.verb))
			}
		}
		if len(changes) > 0 {
			line += ": " + strings.Join(changes, ", ")
			if n.Mark == Unchanged {
				n.Mark = Updated
			}
		}
		n.Lines = append([]string{line}, n.Lines...)
	}
}
