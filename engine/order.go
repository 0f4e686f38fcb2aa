package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/engine/dag"
	"github.com/orgctl/orgctl/facts"
)

// order links changes by their dependencies and returns them in a
// deterministic topological order, IDs and DependsOn filled in:
//   - a create or update waits for the creates of what it depends on (an OU
//     after its parent, an account after its OU, an attachment after its
//     policy, target and policy type);
//   - a delete waits for the deletes of what depends on it and for the
//     updates that take dependents away (accounts moved out of an OU);
//   - an implicit delete (an OU's attachments) follows its owner's delete;
//   - attaches and detaches on one target and policy type run as a chain
//     that keeps the count within AWS's limits.
func order(changes []*Change, live map[Ref]*Resource) ([]*Change, error) {
	byRef := make(map[Ref]int, len(changes))
	for i, c := range changes {
		byRef[c.Ref()] = i
	}
	find := func(r Ref, a Action) (int, bool) {
		i, ok := byRef[r]
		return i, ok && changes[i].Action == a
	}
	owner := implicitOwners(changes, find)

	g := dag.New(len(changes))
	for i, c := range changes {
		info := kindInfo(c.Kind)
		switch c.Action {
		case Create, Update:
			for _, dep := range info.deps(Resource{Kind: c.Kind, Key: c.Key, Attrs: c.After}) {
				if j, ok := find(dep, Create); ok {
					g.Connect(j, i)
				}
			}
		case Delete:
			o, implicit := owner[i]
			if implicit {
				g.Connect(o, i)
			}
			predicted := live[c.Ref()] != nil && live[c.Ref()].Predicted
			for _, dep := range info.deps(Resource{Kind: c.Kind, Key: c.Key, Attrs: c.Before}) {
				if j, ok := find(dep, Delete); ok && !(implicit && j == o) {
					g.Connect(i, j)
				}
				if j, ok := find(dep, Create); ok && predicted {
					g.Connect(j, i)
				}
			}
		}
	}
	// Dependents that move away (an account leaving an OU) go before the
	// delete of what they leave.
	for _, r := range live {
		i, updated := find(r.Ref(), Update)
		if !updated {
			continue
		}
		for _, dep := range kindInfo(r.Kind).deps(*r) {
			if j, ok := find(dep, Delete); ok {
				g.Connect(i, j)
			}
		}
	}
	// What cannot coexist with what it replaces waits for its delete.
	for i, c := range changes {
		info := kindInfo(c.Kind)
		if c.Action != Delete || info.Exclusive == nil {
			continue
		}
		for j, d := range changes {
			if d.Kind == c.Kind && d.Action == Create && info.Exclusive(c.Before, d.After) {
				g.Connect(i, j)
			}
		}
	}
	chainAttachments(g, changes, live, owner)

	ord, err := g.TopoOrder(func(a, b int) bool { return lessChange(changes[a], changes[b]) })
	if err != nil {
		if ce, ok := err.(*dag.CycleError); ok {
			names := make([]string, len(ce.Vertices))
			for k, v := range ce.Vertices {
				names[k] = changes[v].Address()
			}
			return nil, fmt.Errorf("internal error: the plan has a dependency cycle: %s", strings.Join(names, " <- "))
		}
		return nil, err
	}
	pos := make([]int, len(changes))
	out := make([]*Change, len(changes))
	for k, v := range ord {
		pos[v] = k
		out[k] = changes[v]
	}
	for k, v := range ord {
		c := out[k]
		c.ID = k
		c.Implicit = c.Implicit || hasKey(owner, v)
		c.DependsOn = nil
		for _, d := range g.Deps(v) {
			c.DependsOn = append(c.DependsOn, pos[d])
		}
		slices.Sort(c.DependsOn)
	}
	return out, nil
}

func hasKey(m map[int]int, k int) bool { _, ok := m[k]; return ok }

// implicitOwners maps each attachment delete that happens by itself to the
// change that causes it: the delete of its target, or the disabling of its
// policy type.
func implicitOwners(changes []*Change, find func(Ref, Action) (int, bool)) map[int]int {
	owner := map[int]int{}
	for i, c := range changes {
		if c.Kind != KindAttachment || c.Action != Delete {
			continue
		}
		if t, ok := TargetRef(c.Before.String("target")); ok {
			if j, ok := find(t, Delete); ok {
				owner[i] = j
				continue
			}
		}
		if j, ok := find(Ref{KindPolicyType, c.Before.String("policyType")}, Delete); ok {
			owner[i] = j
		}
	}
	return owner
}

// chainAttachments orders the attaches and detaches on each (target, policy
// type) so the number attached stays between AWS's minimum (one SCP) and
// maximum (five SCPs) at every step: attach while below the maximum,
// otherwise detach one that goes.
func chainAttachments(g *dag.Graph, changes []*Change, live map[Ref]*Resource, owner map[int]int) {
	type group struct {
		policyType     string
		attach, detach []int
	}
	key := func(a Attrs) string { return a.String("target") + "\x00" + a.String("policyType") }
	groups := map[string]*group{}
	var names []string
	for i, c := range changes {
		if c.Kind != KindAttachment || hasKey(owner, i) {
			continue
		}
		a := c.After
		if c.Action == Delete {
			a = c.Before
		}
		k := key(a)
		if groups[k] == nil {
			groups[k] = &group{policyType: a.String("policyType")}
			names = append(names, k)
		}
		if c.Action == Create {
			groups[k].attach = append(groups[k].attach, i)
		} else {
			groups[k].detach = append(groups[k].detach, i)
		}
	}
	attached := map[string]int{}
	for _, r := range live {
		if r.Kind == KindAttachment {
			attached[key(r.Attrs)]++
		}
	}
	slices.Sort(names)
	for _, k := range names {
		grp := groups[k]
		t, _ := facts.LookupPolicyType(grp.policyType)
		limit := t.MaxPerTarget
		if limit == 0 {
			limit = 1 << 30
		}
		count := attached[k]
		var seq []int
		for len(grp.attach) > 0 || len(grp.detach) > 0 {
			switch {
			case len(grp.attach) > 0 && (count < limit || len(grp.detach) == 0):
				seq, grp.attach = append(seq, grp.attach[0]), grp.attach[1:]
				count++
			case len(grp.detach) > 0 && (count > t.MinPerTarget || len(grp.attach) == 0):
				seq, grp.detach = append(seq, grp.detach[0]), grp.detach[1:]
				count--
			default:
				seq, grp.attach = append(seq, grp.attach[0]), grp.attach[1:]
				count++
			}
		}
		for n := 1; n < len(seq); n++ {
			g.Connect(seq[n-1], seq[n])
		}
	}
}

// lessChange decides among changes ready at once: creates and updates
// before deletes, then by kind rank (reversed for deletes), then by key.
func lessChange(a, b *Change) bool {
	da, db := a.Action == Delete, b.Action == Delete
	if da != db {
		return db
	}
	ra, rb := kindInfo(a.Kind).Rank, kindInfo(b.Kind).Rank
	if ra != rb {
		if da {
			return ra > rb
		}
		return ra < rb
	}
	return a.Key < b.Key
}
