package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// ApplyOptions say what to apply and how.
type ApplyOptions struct {
	// Spec is planned and applied; or Saved, a plan file, is checked
	// against the organization and applied as it is.
	Spec  *spec.Spec
	Saved *engine.Plan
	// Targets limit a plan of Spec (--target).
	Targets []engine.Ref
	// Source is the commit Spec was read from, or nil. After a complete,
	// untargeted apply it is recorded as the live commit.
	Source *engine.GitCommit
	// Endpoint names where the providers' requests go, as PlanOptions'. A
	// saved plan made through another endpoint, or for another
	// organization, is refused before the lock is taken.
	Endpoint string

	// Holder and Lock take the apply lock when a provider keeps one.
	Holder Holder
	Lock   LockOptions
	// Locked, when set, hears that the lock was taken.
	Locked func(LockInfo)

	// Review is called with the plan before anything changes: it shows it,
	// checks it and asks. An error stops the apply with nothing changed.
	Review func(p *engine.Plan) error
	// Engine tunes the walk (parallelism, --allow-destroy, progress).
	Engine engine.ApplyOptions
	// Now is the clock for the applied-at of the record (tests).
	Now func() time.Time
}

// Outcome is what an apply did.
type Outcome struct {
	Plan *engine.Plan
	// Result of the walk; nil when the plan was empty.
	Result *engine.Result
	// Recorded is set when the plan's commit was recorded as live;
	// NotRecorded says why a plan from git was not.
	Recorded    bool
	NotRecorded string
	// Overridden is set when an apply from files on disk changed an
	// organization whose live commit git had applied, and orgctl recorded
	// that the commit is no longer live.
	Overridden *Override
	// LockLost says why the lock was lost during the apply, or nil.
	LockLost error
	// Release is the lock's release, when one was held: the caller calls
	// it once it has reported, and hears whether it failed.
	Release func() (LockInfo, error)
}

// ErrStale refuses a saved plan whose organization has changed since.
var ErrStale = engine.ErrStale

// Apply runs the apply workflow: it checks that a saved plan is for the
// organization reached, then, under the apply lock, makes the plan (or
// checks a saved one is still fresh), has it reviewed, applies it and
// records the live commit, or that an apply from disk overrode it. It
// returns the outcome so far with any error. The lock is held until the
// caller calls Outcome.Release.
func Apply(ctx context.Context, providers []Provider, o ApplyOptions) (*Outcome, error) {
	if (o.Spec == nil) == (o.Saved == nil) {
		return nil, errors.New("internal error: apply needs a spec or a saved plan")
	}
	out := &Outcome{Release: func() (LockInfo, error) { return LockInfo{}, nil }}
	// Another organization is refused before it is locked or read.
	if o.Saved != nil {
		if err := checkOrganization(ctx, providers, o.Saved, o.Endpoint); err != nil {
			return out, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if locker, ok := find[Locker](providers); ok {
		l, err := locker.AcquireLock(ctx, o.Holder, o.Lock)
		if err != nil {
			return out, fmt.Errorf("taking the apply lock: %w", err)
		}
		out.Release = func() (LockInfo, error) {
			rctx, rcancel := context.WithTimeout(context.Background(), time.Minute)
			defer rcancel()
			return l.Info(), l.Release(rctx)
		}
		if o.Locked != nil {
			o.Locked(l.Info())
		}
		// Losing the lock (broken by someone else) stops the apply.
		go func() {
			select {
			case <-l.Lost():
				cancel()
			case <-ctx.Done():
			}
		}()
		defer func() { out.LockLost = l.Err() }()
	}

	p := o.Saved
	if p != nil {
		if err := engine.CheckFresh(ctx, p, providers); err != nil {
			return out, err
		}
		liveCommit(p, providers) // as it is now, not as when planned
	} else {
		var err error
		if p, err = Plan(ctx, o.Spec, providers, PlanOptions{Source: o.Source, Targets: o.Targets, Endpoint: o.Endpoint}); err != nil {
			return out, err
		}
	}
	out.Plan = p
	if o.Review != nil {
		if err := o.Review(p); err != nil {
			return out, err
		}
	}
	if !p.Empty() {
		res, err := engine.Apply(ctx, p, providers, o.Engine)
		if err != nil {
			return out, err
		}
		out.Result = res
		if err := markOverridden(ctx, providers, p, o, out); err != nil {
			return out, err
		}
		if res.Failed() {
			return out, nil
		}
	}
	return out, record(ctx, providers, p, o, out)
}

// markOverridden records that an apply from files on disk changed what
// an apply from git made live, failed or not: the commit no longer
// describes the organization, and later plans must not say it does.
func markOverridden(ctx context.Context, providers []Provider, p *engine.Plan, o ApplyOptions, out *Outcome) error {
	r, ok := find[Recorder](providers)
	if !ok || p.Source != nil || p.LiveCommit == nil || out.Result.Count(engine.Applied) == 0 {
		return nil
	}
	ov := Override{Commit: *p.LiveCommit, At: now(o).UTC().Format(time.RFC3339)}
	if err := r.MarkOverridden(ctx, p.IDs(), ov); err != nil {
		return fmt.Errorf("the apply from files on disk changed the organization, but recording that commit %s is no longer live failed, so plans still name it: %w", Short(ov.Commit.Commit), err)
	}
	out.Overridden = &ov
	p.LiveCommit = nil
	return nil
}

func now(o ApplyOptions) time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// record records the plan's commit as live after a complete apply from
// git. A partial (--target) apply does not make a commit live.
func record(ctx context.Context, providers []Provider, p *engine.Plan, o ApplyOptions, out *Outcome) error {
	r, ok := find[Recorder](providers)
	if p.Source == nil || !ok {
		return nil
	}
	if len(p.Targets) > 0 {
		out.NotRecorded = "the plan was limited by --target"
		return nil
	}
	c := *p.Source
	c.AppliedAt = now(o).UTC().Format(time.RFC3339)
	if err := r.RecordCommit(ctx, p.IDs(), c); err != nil {
		return fmt.Errorf("the apply succeeded, but recording commit %s as live failed: %w", c.Commit, err)
	}
	out.Recorded = true
	p.LiveCommit = &c
	return nil
}
