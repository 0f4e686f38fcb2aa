package dag

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func byIndex(a, b int) bool { return a < b }

func TestTopoOrder(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		edges [][2]int
		less  func(a, b int) bool
		want  []int
	}{
		{name: "no edges keeps index order", n: 3, want: []int{0, 1, 2}},
		{name: "chain against index order", n: 3, edges: [][2]int{{2, 1}, {1, 0}}, want: []int{2, 1, 0}},
		{name: "diamond", n: 4, edges: [][2]int{{0, 1}, {0, 2}, {1, 3}, {2, 3}}, want: []int{0, 1, 2, 3}},
		{name: "less decides among ready", n: 3, less: func(a, b int) bool { return a > b }, want: []int{2, 1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New(tt.n)
			for _, e := range tt.edges {
				g.Connect(e[0], e[1])
			}
			less := tt.less
			if less == nil {
				less = byIndex
			}
			got, err := g.TopoOrder(less)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTopoOrderCycle(t *testing.T) {
	g := New(4)
	g.Connect(0, 1)
	g.Connect(1, 2)
	g.Connect(2, 1)
	g.Connect(2, 3)
	_, err := g.TopoOrder(byIndex)
	var ce *CycleError
	if !errors.As(err, &ce) {
		t.Fatalf("want a CycleError, got %v", err)
	}
	if diff := cmp.Diff([]int{1, 2}, ce.Vertices); diff != "" {
		t.Errorf("cycle (-want +got):\n%s", diff)
	}
}

func TestWalkSkipsOnlyDependentsOfAFailure(t *testing.T) {
	// 0 -> 1 -> 2, 3 independent, 1 fails.
	g := New(4)
	g.Connect(0, 1)
	g.Connect(1, 2)
	var mu sync.Mutex
	var visited []int
	status, errs := g.Walk(context.Background(), 2, func(_ context.Context, v int) error {
		mu.Lock()
		visited = append(visited, v)
		mu.Unlock()
		if v == 1 {
			return errors.New("boom")
		}
		return nil
	})
	want := []Status{Succeeded, Failed, Skipped, Succeeded}
	if diff := cmp.Diff(want, status); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}
	if errs[1] == nil || errs[2] != nil {
		t.Errorf("errors: only the root cause is reported, got %v", errs)
	}
	for _, v := range visited {
		if v == 2 {
			t.Error("a dependent of a failure was visited")
		}
	}
}

func TestWalkRespectsOrderAndParallelism(t *testing.T) {
	const n = 40
	g := New(n)
	for v := 1; v < n; v++ {
		g.Connect(v/2, v) // a binary tree
	}
	var running, peak atomic.Int32
	finished := make([]atomic.Bool, n)
	status, _ := g.Walk(context.Background(), 3, func(_ context.Context, v int) error {
		if v > 0 && !finished[v/2].Load() {
			t.Errorf("vertex %d started before its dependency %d finished", v, v/2)
		}
		cur := running.Add(1)
		for {
			p := peak.Load()
			if cur <= p || peak.CompareAndSwap(p, cur) {
				break
			}
		}
		running.Add(-1)
		finished[v].Store(true)
		return nil
	})
	for v, s := range status {
		if s != Succeeded {
			t.Errorf("vertex %d: status %v", v, s)
		}
	}
	if peak.Load() > 3 {
		t.Errorf("peak parallelism %d > 3", peak.Load())
	}
}

func TestWalkCancelledSkipsRest(t *testing.T) {
	g := New(3)
	g.Connect(0, 1)
	g.Connect(1, 2)
	ctx, cancel := context.WithCancel(context.Background())
	status, _ := g.Walk(ctx, 1, func(_ context.Context, v int) error {
		if v == 0 {
			cancel()
		}
		return nil
	})
	if diff := cmp.Diff([]Status{Succeeded, Skipped, Skipped}, status); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}
}
