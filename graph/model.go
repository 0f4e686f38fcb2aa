package graph

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

// Mark is what a plan does to a node: nothing, create, update or delete.
type Mark string

const (
	Unchanged Mark = ""
	Created   Mark = "create"
	Updated   Mark = "update"
	Deleted   Mark = "delete"
)

// Node is one box of the diagram.
type Node struct {
	// ID is safe unquoted in both Mermaid and DOT: letters, digits and _.
	ID    string
	Kind  string // root, ou or account
	Title string
	// Lines under the title: the account's email, policies by type, notes.
	Lines []string
	Mark  Mark
}

// Edge links a parent to a child: root to OU, OU to OU or account.
type Edge struct {
	From, To string
	// Deleted edges lead to what the plan deletes.
	Deleted bool
}

// Diagram is the format-free drawing that the renderers write out.
type Diagram struct {
	Nodes []*Node
	Edges []Edge
	// Planned is set when a plan was given, so the renderers add styles.
	Planned bool
	// Legend explains the plan's colours and marks: nodes drawn apart,
	// linked to nothing. Empty without a plan.
	Legend []*Node
}

// policyRef is one attached policy as shown in a label.
type policyRef struct {
	typ, name string
	mark      string // "", "+", "-", "~"
}

// Build lays out the spec as a diagram, marked with what p changes; p may
// be nil. Nodes come in a fixed order: the root, the OUs parents first (in
// spec order, then OUs the plan deletes by path), then the accounts (as
// WithAccounts says). With a plan, the diagram has a legend.
func Build(s *spec.Spec, p *engine.Plan, opts ...Option) *Diagram {
	o := options{accounts: AccountsAll}
	for _, opt := range opts {
		opt(&o)
	}
	d := &Diagram{Planned: p != nil}
	byTarget := map[string]*Node{}
	attached := map[string][]policyRef{}
	var targets []string // in node order, for policies
	add := func(target string, n *Node, parent string, deleted bool) {
		d.Nodes = append(d.Nodes, n)
		byTarget[target] = n
		targets = append(targets, target)
		if parent != "" {
			from := byTarget[parent]
			if from == nil {
				from = byTarget[orgs.TargetRoot]
			}
			d.Edges = append(d.Edges, Edge{From: from.ID, To: n.ID, Deleted: deleted})
		}
	}

	add(orgs.TargetRoot, &Node{ID: "R", Kind: "root", Title: "Root"}, "", false)
	ous := 0
	s.WalkOUs(func(path string, ou *spec.OU, _ string) {
		ous++
		parent, _ := facts.SplitOUPath(path)
		add(orgs.OUTarget(path), &Node{ID: fmt.Sprintf("OU_%d", ous), Kind: "ou", Title: ou.Name}, ouTarget(parent), false)
	})
	for i, a := range s.Accounts {
		n := &Node{ID: fmt.Sprintf("AC_%d", i+1), Kind: "account", Title: a.Name, Lines: []string{a.Email}}
		if a.Closed {
			n.Lines = append(n.Lines, "closed")
		}
		add(orgs.AccountTarget(a.Email), n, ouTarget(a.OU), false)
	}
	for _, r := range engine.Desired(s) {
		if r.Kind == orgs.KindAttachment {
			t := r.Attrs.String(orgs.AttrTarget)
			attached[t] = append(attached[t], policyRef{typ: r.Attrs.String(orgs.AttrPolicyType), name: r.Attrs.String(orgs.AttrPolicy)})
		}
	}

	if p != nil {
		applyPlan(d, p, byTarget, attached, &ous, add)
	}
	for _, t := range targets {
		if n := byTarget[t]; n != nil {
			n.Lines = append(n.Lines, policyLines(attached[t])...)
		}
	}
	if o.accounts != AccountsAll {
		foldAccounts(d, o.accounts == AccountsCount)
	}
	if d.Planned {
		d.Legend = legend()
	}
	return d
}

// legend explains what a plan's colours and marks mean.
func legend() []*Node {
	return []*Node{
		{ID: "L_create", Kind: "legend", Title: "to create", Mark: Created},
		{ID: "L_update", Kind: "legend", Title: "to update", Lines: []string{"or something in it changes"}, Mark: Updated},
		{ID: "L_delete", Kind: "legend", Title: "to delete", Lines: []string{"an account: to close", "a dashed arrow leads to it"}, Mark: Deleted},
		{ID: "L_marks", Kind: "legend", Title: "marks in a box", Lines: []string{"+name: policy to attach", "-name: policy to detach", "~name: policy document changes"}},
	}
}

// applyPlan marks nodes and policies with the plan's changes and adds what
// the plan deletes, which the spec no longer holds.
func applyPlan(d *Diagram, p *engine.Plan, byTarget map[string]*Node, attached map[string][]policyRef,
	ous *int, add func(string, *Node, string, bool)) {
	mark := func(n *Node, m Mark) {
		if n != nil && (n.Mark == Unchanged || m == Deleted || (m == Created && n.Mark == Updated)) {
			n.Mark = m
		}
	}
	var deletedOUs []string
	changedPolicies := map[string]bool{}
	for _, c := range p.Changes {
		switch c.Kind {
		case orgs.KindOU:
			switch c.Action {
			case engine.Create:
				mark(byTarget[orgs.OUTarget(c.Key)], Created)
			case engine.Update:
				n := byTarget[orgs.OUTarget(c.Key)]
				mark(n, Updated)
				if n != nil {
					n.Lines = append(n.Lines, "changed: "+fieldNames(c))
				}
			case engine.Delete:
				if byTarget[orgs.OUTarget(c.Key)] == nil {
					deletedOUs = append(deletedOUs, c.Key)
				}
			}
		case orgs.KindAccount:
			n := byTarget[orgs.AccountTarget(c.Key)]
			if n == nil {
				continue
			}
			switch {
			case c.Action == engine.Create:
				mark(n, Created)
			case c.Destructive:
				mark(n, Deleted)
				n.Lines = append(n.Lines, "closing")
			default:
				mark(n, Updated)
				for _, f := range c.Fields {
					if f.Name == "ou" {
						from, _ := f.Before.(string)
						n.Lines = append(n.Lines, "moved from "+orRoot(from))
					}
				}
				if names := fieldNames(c, "ou"); names != "" {
					n.Lines = append(n.Lines, "changed: "+names)
				}
			}
		case orgs.KindPolicy:
			if c.Action == engine.Update {
				changedPolicies[c.Key] = true
			}
		case orgs.KindOrganization, orgs.KindPolicyType, orgs.KindTrustedAccess:
			root := byTarget[orgs.TargetRoot]
			mark(root, Updated)
			if c.Kind != orgs.KindOrganization {
				root.Lines = append(root.Lines, fmt.Sprintf("%s %s %s", c.Action.Symbol(), c.Kind, c.Key))
			}
		}
	}
	sort.Strings(deletedOUs)
	for _, path := range deletedOUs {
		*ous++
		parent, name := facts.SplitOUPath(path)
		add(orgs.OUTarget(path), &Node{ID: fmt.Sprintf("OU_%d", *ous), Kind: "ou", Title: name, Mark: Deleted}, ouTarget(parent), true)
	}
	for _, c := range p.Changes {
		if c.Kind != orgs.KindAttachment {
			continue
		}
		attrs := c.After
		if c.Action == engine.Delete {
			attrs = c.Before
		}
		t, typ, name := attrs.String("target"), attrs.String("policyType"), attrs.String("policy")
		switch c.Action {
		case engine.Create:
			for i, r := range attached[t] {
				if r.typ == typ && r.name == name {
					attached[t][i].mark = "+"
				}
			}
		case engine.Delete:
			attached[t] = append(attached[t], policyRef{typ: typ, name: name, mark: "-"})
		}
		mark(byTarget[t], Updated)
	}
	for t, refs := range attached {
		for i, r := range refs {
			if r.mark == "" && changedPolicies[orgs.PolicyKey(r.typ, r.name)] {
				refs[i].mark = "~"
				mark(byTarget[t], Updated)
			}
		}
	}
}

// policyLines lists attached policies by type, in the order of
// facts.PolicyTypes, wrapped so that labels stay narrow.
func policyLines(refs []policyRef) []string {
	var out []string
	for _, t := range facts.PolicyTypes {
		var names []string
		for _, r := range refs {
			if r.typ == t.Name {
				names = append(names, r.mark+r.name)
			}
		}
		if len(names) == 0 {
			continue
		}
		prefix := strings.ToUpper(t.Short) + ": "
		line := prefix
		for i, n := range names {
			if i > 0 {
				if len(line)+len(n) > 40 {
					out = append(out, line+",")
					line = strings.Repeat(" ", len(prefix))
				} else {
					line += ", "
				}
			}
			line += n
		}
		out = append(out, line)
	}
	return out
}

// fieldNames lists the fields an update changes, but those in skip.
func fieldNames(c *engine.Change, skip ...string) string {
	var names []string
	for _, f := range c.Fields {
		if !slices.Contains(skip, f.Name) {
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, ", ")
}

func ouTarget(path string) string {
	if path == "" {
		return orgs.TargetRoot
	}
	return orgs.OUTarget(path)
}

func orRoot(path string) string {
	if path == "" {
		return "the root"
	}
	return path
}
