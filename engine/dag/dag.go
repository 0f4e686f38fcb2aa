// Package dag is a directed acyclic graph of integer vertices and a parallel
// walk over it. It knows nothing of resources: the engine maps its changes
// to vertices. A vertex that fails makes its dependents skipped; only the
// root cause is reported as a failure.
package dag

import (
	"fmt"
	"slices"
	"strings"
)

// Graph holds vertices 0..n-1 and edges from a dependency to its dependents.
type Graph struct {
	n    int
	deps [][]int // deps[v]: vertices v waits for
	outs [][]int // outs[v]: vertices waiting for v
}

// New returns a graph of n vertices and no edges.
func New(n int) *Graph {
	return &Graph{n: n, deps: make([][]int, n), outs: make([][]int, n)}
}

// Len is the number of vertices.
func (g *Graph) Len() int { return g.n }

// Connect records that to runs only after from succeeded. Duplicate and
// self edges are ignored.
func (g *Graph) Connect(from, to int) {
	if from == to || slices.Contains(g.deps[to], from) {
		return
	}
	g.deps[to] = append(g.deps[to], from)
	g.outs[from] = append(g.outs[from], to)
}

// Deps returns the sorted vertices v depends on directly.
func (g *Graph) Deps(v int) []int {
	d := slices.Clone(g.deps[v])
	slices.Sort(d)
	return d
}

// TopoOrder returns the vertices so that each comes after its dependencies;
// among the vertices ready at once, the one less by less comes first, so the
// order is deterministic. It fails on a cycle, naming its vertices.
func (g *Graph) TopoOrder(less func(a, b int) bool) ([]int, error) {
	indeg := make([]int, g.n)
	for v := range g.n {
		indeg[v] = len(g.deps[v])
	}
	var ready []int
	for v := range g.n {
		if indeg[v] == 0 {
			ready = append(ready, v)
		}
	}
	order := make([]int, 0, g.n)
	for len(ready) > 0 {
		slices.SortFunc(ready, func(a, b int) int {
			switch {
			case less(a, b):
				return -1
			case less(b, a):
				return 1
			}
			return a - b
		})
		v := ready[0]
		ready = ready[1:]
		order = append(order, v)
		for _, w := range g.outs[v] {
			indeg[w]--
			if indeg[w] == 0 {
				ready = append(ready, w)
			}
		}
	}
	if len(order) < g.n {
		return nil, &CycleError{Vertices: g.cycle(indeg)}
	}
	return order, nil
}

// cycle finds one cycle among the vertices left with in-degree > 0, starting
// from the lowest so the report is deterministic.
func (g *Graph) cycle(indeg []int) []int {
	start := -1
	for v := range g.n {
		if indeg[v] > 0 {
			start = v
			break
		}
	}
	seen := map[int]int{}
	var path []int
	v := start
	for {
		if i, ok := seen[v]; ok {
			return path[i:]
		}
		seen[v] = len(path)
		path = append(path, v)
		next := -1
		for _, d := range g.Deps(v) {
			if indeg[d] > 0 {
				next = d
				break
			}
		}
		if next < 0 {
			return path
		}
		v = next
	}
}

// CycleError names the vertices of a dependency cycle.
type CycleError struct{ Vertices []int }

func (e *CycleError) Error() string {
	parts := make([]string, len(e.Vertices))
	for i, v := range e.Vertices {
		parts[i] = fmt.Sprint(v)
	}
	return "dependency cycle between " + strings.Join(parts, " <- ")
}
