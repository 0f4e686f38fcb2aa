package workflow

import (
	"context"

	"github.com/orgctl/orgctl/engine"
)

// Recorder is a provider that keeps, in the organization itself, which
// commit the last complete apply from git made live.
type Recorder interface {
	// LiveCommit returns the commit recorded as live in what the
	// provider's Read returned, or nil when none is.
	LiveCommit(live engine.Live) *engine.GitCommit
	// RecordCommit records c as the live commit.
	RecordCommit(ctx context.Context, ids *engine.IDs, c engine.GitCommit) error
}

// Provider is what the workflow is given: the engine's providers, some
// of which may also be a Locker or a Recorder.
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

// liveCommit sets the plan's live commit from what its read found.
func liveCommit(p *engine.Plan, providers []Provider) {
	if r, ok := find[Recorder](providers); ok {
		p.LiveCommit = r.LiveCommit(p.Live())
	}
}
