package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/engine/dag"
)

// order links changes by their dependencies and returns them in a
// deterministic topological order, IDs and DependsOn filled in:
//   - a create or update waits for the creates and updates of what it
//     depends on (an OU after its parent, an account after its OU, an
//     attachment after its policy, target and policy type, a service's
//     enrolment after the configuration it needs turned on);
//   - a delete waits for the deletes of what depends on it and for the
//     updates that take dependents away (accounts moved out of an OU);
//   - an implicit delete (an OU's attachments) follows its owner's delete;
//   - the creates and deletes of a chained group (the attachments of one
//     target and policy type) run one at a time, within AWS's limits.
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
				} else if j, ok := find(dep, Update); ok {
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
	chain(g, changes, live, owner)

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
		if o, ok := owner[v]; ok {
			c.Implicit = true
			c.GoesWith = changes[o].Ref().String()
		}
		c.DependsOn = nil
		for _, d := range g.Deps(v) {
			c.DependsOn = append(c.DependsOn, pos[d])
		}
		slices.Sort(c.DependsOn)
	}
	return out, nil
}

func hasKey(m map[int]int, k int) bool { _, ok := m[k]; return ok }

// implicitOwners maps each delete that happens by itself to the change
// that causes it (KindInfo.GoesWith): an attachment's delete to the delete
// of its target, or to the disabling of its policy type.
func implicitOwners(changes []*Change, find func(Ref, Action) (int, bool)) map[int]int {
	owner := map[int]int{}
	for i, c := range changes {
		info := kindInfo(c.Kind)
		if c.Action != Delete || info.GoesWith == nil {
			continue
		}
		for _, ref := range info.GoesWith(Resource{Kind: c.Kind, Key: c.Key, Attrs: c.Before}) {
			if j, ok := find(ref, Delete); ok {
				owner[i] = j
				break
			}
		}
	}
	return owner
}

// chain orders the creates and deletes of each group of KindInfo.Chain so
// that the number that exist stays between the group's least and most at
// every step (the SCPs of one target, one to ten): create while below the
// most, otherwise delete one that goes.
func chain(g *dag.Graph, changes []*Change, live map[Ref]*Resource, owner map[int]int) {
	type group struct {
		min, max       int
		create, delete []int
	}
	groups := map[string]*group{}
	var names []string
	for i, c := range changes {
		info := kindInfo(c.Kind)
		if info.Chain == nil || hasKey(owner, i) || c.Action == Update {
			continue
		}
		a := c.After
		if c.Action == Delete {
			a = c.Before
		}
		k, lo, hi := info.Chain(Resource{Kind: c.Kind, Key: c.Key, Attrs: a})
		k = string(c.Kind) + "\x00" + k
		if groups[k] == nil {
			if hi == 0 {
				hi = 1 << 30
			}
			groups[k] = &group{min: lo, max: hi}
			names = append(names, k)
		}
		if c.Action == Create {
			groups[k].create = append(groups[k].create, i)
		} else {
			groups[k].delete = append(groups[k].delete, i)
		}
	}
	exist := map[string]int{}
	for _, r := range live {
		if info := kindInfo(r.Kind); info.Chain != nil {
			k, _, _ := info.Chain(*r)
			exist[string(r.Kind)+"\x00"+k]++
		}
	}
	slices.Sort(names)
	for _, k := range names {
		grp := groups[k]
		count := exist[k]
		var seq []int
		for len(grp.create) > 0 || len(grp.delete) > 0 {
			switch {
			case len(grp.create) > 0 && (count < grp.max || len(grp.delete) == 0):
				seq, grp.create = append(seq, grp.create[0]), grp.create[1:]
				count++
			case len(grp.delete) > 0 && (count > grp.min || len(grp.create) == 0):
				seq, grp.delete = append(seq, grp.delete[0]), grp.delete[1:]
				count--
			default:
				seq, grp.create = append(seq, grp.create[0]), grp.create[1:]
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
