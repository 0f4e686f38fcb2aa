package workflow

import (
	"context"

	"github.com/orgctl/orgctl/engine"
)

// Recorder is a provider that keeps, in the organization itself, which
// commit the last complete apply from git made live, and whether an apply
// from files on disk has changed the organization since.
type Recorder interface {
	// LiveCommit returns the commit recorded as live in what the
	// provider's Read returned, or nil when none is: no apply from git
	// yet, or one overridden since.
	LiveCommit(live engine.Live) *engine.GitCommit
	// RecordCommit records c as the live commit, and drops the record of
	// an override.
	RecordCommit(ctx context.Context, ids *engine.IDs, c engine.GitCommit) error
	// Overridden returns, when an apply from files on disk changed the
	// organization after the last apply from git, what it overrode; nil
	// otherwise.
	Overridden(live engine.Live) *Override
	// MarkOverridden records that an apply from files on disk changed the
	// organization, so that o.Commit is no longer live.
	MarkOverridden(ctx context.Context, ids *engine.IDs, o Override) error
}

// Override is the record an apply from files on disk leaves when it
// changes an organization whose live commit git had applied: that commit
// no longer describes the organization.
type Override struct {
	// Commit is the commit git had made live (its AppliedAt may be
	// unknown once overridden).
	Commit engine.GitCommit
	// At is when the apply from disk ran (RFC 3339).
	At string
}

// Provider is what the workflow is given: the engine's providers, some
// of which may also be a Locker, a Recorder or an Identifier.
type Provider = engine.Provider

// find returns the first provider that is a T.
func find[T any](providers []Provider) (T, bool) {
	for _, p := range providers {
		if t, ok := p.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}

// liveCommit sets the plan's live commit from what its read found, and
// the notes that say how the plan stands to it.
func liveCommit(p *engine.Plan, providers []Provider) {
	r, ok := find[Recorder](providers)
	if !ok {
		return
	}
	p.LiveCommit = r.LiveCommit(p.Live())
	setNotes(p, r.Overridden(p.Live()))
}

// Overridden returns what an apply from files on disk overrode, as found
// when the plan was made or checked; nil when the record names a live
// commit, or there is none.
func Overridden(p *engine.Plan, providers []Provider) *Override {
	if r, ok := find[Recorder](providers); ok && p.LiveCommit == nil {
		return r.Overridden(p.Live())
	}
	return nil
}
