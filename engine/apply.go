package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/orgctl/orgctl/engine/dag"
)

// ApplyOptions tune an apply.
type ApplyOptions struct {
	// Parallelism bounds the changes in flight at once.
	Parallelism int
	// AllowDestroy permits destructive changes; without it a plan holding
	// any is refused before anything is changed.
	AllowDestroy bool
	// Hooks hear about progress; nil for none.
	Hooks Hooks
	// IDs of what is live, when the plan does not carry them (a plan made
	// by MakePlan or checked by CheckFresh does).
	IDs *IDs
}

// Hooks are told about each change as an apply walks the plan. They are
// called from several goroutines at once.
type Hooks interface {
	Started(c *Change)
	Finished(c *Change, err error)
	Skipped(c *Change, cause *Change)
}

// Outcome is what became of one change.
type Outcome string

const (
	Applied Outcome = "applied"
	Failed  Outcome = "failed"
	Skipped Outcome = "skipped"
)

// Result of an apply: an outcome per change (by ID), the error of each
// failure, and for each skipped change the failure that caused it.
type Result struct {
	Outcomes []Outcome
	Errors   map[int]error
	Causes   map[int]int
}

// Failed reports whether any change did not apply.
func (r *Result) Failed() bool {
	for _, o := range r.Outcomes {
		if o != Applied {
			return true
		}
	}
	return false
}

// Count returns how many changes had outcome o.
func (r *Result) Count(o Outcome) int {
	n := 0
	for _, x := range r.Outcomes {
		if x == o {
			n++
		}
	}
	return n
}

// ErrDestroyRefused is returned when a plan holds destructive changes and
// AllowDestroy is not set.
var ErrDestroyRefused = errors.New("the plan has destructive changes")

// Apply carries out a plan: a parallel walk of its DAG in which a failure
// skips only the changes that depend on it. Implicit changes are not
// carried out; they happen with their owner.
func Apply(ctx context.Context, p *Plan, providers []Provider, opts ApplyOptions) (*Result, error) {
	if d := p.Destructive(); len(d) > 0 && !opts.AllowDestroy {
		names := make([]string, len(d))
		for i, c := range d {
			names[i] = "  " + c.Action.Symbol() + " " + c.Address()
		}
		return nil, fmt.Errorf("%w; nothing was changed:\n%s\nRead them, then rerun with --allow-destroy to apply them", ErrDestroyRefused, strings.Join(names, "\n"))
	}
	for _, c := range p.Changes {
		if !c.Implicit && providerFor(providers, c.Kind) == nil {
			return nil, fmt.Errorf("no provider handles %s; nothing was changed", c.Address())
		}
	}
	hooks := opts.Hooks
	if hooks == nil {
		hooks = noHooks{}
	}
	ids := opts.IDs
	if ids == nil {
		ids = p.ids
	}
	if ids == nil {
		ids = NewIDs(nil)
	}
	g := graph(p.Changes)
	status, errs := g.Walk(ctx, opts.Parallelism, func(ctx context.Context, v int) error {
		c := p.Changes[v]
		if c.Implicit {
			return nil
		}
		hooks.Started(c)
		id, err := providerFor(providers, c.Kind).Apply(withProgress(ctx, hooks, c), c, ids)
		if err != nil {
			err = fmt.Errorf("%s %s: %w", c.Action, c.Address(), err)
		} else if id != "" {
			ids.Set(c.Ref(), id)
		}
		hooks.Finished(c, err)
		return err
	})
	res := &Result{Outcomes: make([]Outcome, len(p.Changes)), Errors: map[int]error{}, Causes: map[int]int{}}
	for v, s := range status {
		switch s {
		case dag.Succeeded:
			res.Outcomes[v] = Applied
		case dag.Failed:
			res.Outcomes[v] = Failed
			res.Errors[v] = errs[v]
		default:
			res.Outcomes[v] = Skipped
		}
	}
	// Changes are in topological order, so a dependency's cause is known
	// before its dependents ask for it.
	for v, o := range res.Outcomes {
		if o != Skipped {
			continue
		}
		cause := -1
		for _, d := range p.Changes[v].DependsOn {
			if res.Outcomes[d] == Failed {
				cause = d
				break
			}
			if c, ok := res.Causes[d]; ok && c >= 0 && cause < 0 {
				cause = c
			}
		}
		res.Causes[v] = cause
		var cc *Change
		if cause >= 0 {
			cc = p.Changes[cause]
		}
		hooks.Skipped(p.Changes[v], cc)
	}
	return res, nil
}

type noHooks struct{}

func (noHooks) Started(*Change)          {}
func (noHooks) Finished(*Change, error)  {}
func (noHooks) Skipped(*Change, *Change) {}
