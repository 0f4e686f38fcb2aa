package dag

import (
	"context"
	"sync"
)

// Status is the outcome of one vertex in a walk.
type Status int

const (
	Pending Status = iota
	Succeeded
	Failed
	Skipped // a dependency failed or was skipped, or the walk was cancelled
)

// Walk runs visit for every vertex once all its dependencies succeeded, with
// at most parallelism visits at a time (the bound lives here, in the
// executor, not in the graph). A vertex whose dependency failed or was
// skipped is skipped without a visit; the rest of the graph goes on. When ctx
// ends, vertices not yet started are skipped. Walk returns each vertex's
// status and the error of each failed one.
func (g *Graph) Walk(ctx context.Context, parallelism int, visit func(ctx context.Context, v int) error) ([]Status, []error) {
	if parallelism < 1 {
		parallelism = 1
	}
	status := make([]Status, g.n)
	errs := make([]error, g.n)
	done := make([]chan struct{}, g.n)
	for v := range done {
		done[v] = make(chan struct{})
	}
	sem := make(chan struct{}, parallelism)
	var wg sync.WaitGroup
	for v := range g.n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[v])
			for _, d := range g.deps[v] {
				<-done[d]
				// Reading status[d] is safe: done[d] is closed after the write.
				if status[d] != Succeeded {
					status[v] = Skipped
					return
				}
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				status[v] = Skipped
				return
			}
			defer func() { <-sem }()
			if ctx.Err() != nil {
				status[v] = Skipped
				return
			}
			if err := visit(ctx, v); err != nil {
				status[v], errs[v] = Failed, err
				return
			}
			status[v] = Succeeded
		}()
	}
	wg.Wait()
	return status, errs
}
