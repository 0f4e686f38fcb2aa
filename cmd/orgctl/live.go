package main

import (
	"context"
	"fmt"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/gitsource"
	"github.com/orgctl/orgctl/workflow"
)

// describeLive is the line plan, drift and apply print about the live
// commit, or about the apply from files on disk that overrode it.
func describeLive(lc *engine.GitCommit, ov *workflow.Override) string {
	if lc == nil && ov != nil {
		s := fmt.Sprintf("Live commit: none: an apply from files on disk at %s overrode commit %s", ov.At, workflow.CommitName(ov.Commit))
		if ov.Commit.Repo != "" {
			s += " from " + ov.Commit.Repo
		}
		return s
	}
	if lc == nil {
		return "Live commit: none recorded (no apply from git yet)"
	}
	s := "Live commit: " + short(lc.Commit)
	if lc.Ref != "" {
		s += " (" + lc.Ref + ")"
	}
	if lc.AppliedAt != "" {
		s += ", applied " + lc.AppliedAt
	}
	if lc.Repo != "" {
		s += " from " + lc.Repo
	}
	return s
}

func short(h string) string { return workflow.Short(h) }

// lastApplied is the commit git applied last: the live one, or the one an
// apply from files on disk has overridden since (ov is then set).
func lastApplied(p *engine.Plan, providers []engine.Provider) (*engine.GitCommit, *workflow.Override) {
	if p.LiveCommit != nil {
		return p.LiveCommit, nil
	}
	if ov := workflow.Overridden(p, providers); ov != nil {
		return &ov.Commit, ov
	}
	return nil, nil
}

// relation is how a plan's commit stands to the commit git applied last.
type relation struct {
	rel        gitsource.Relation
	commit     *gitsource.Commit
	repo       *gitsource.Repo
	last       *engine.GitCommit
	overridden bool
}

// relate compares the plan's commit with last; nil when there is nothing
// to compare. A saved plan's commit is looked up in the repository it
// names.
func (a *app) relate(ctx context.Context, gs *gitSpec, p *engine.Plan, last *engine.GitCommit, overridden bool) (*relation, error) {
	if p.Source == nil || last == nil {
		return nil, nil
	}
	r := &relation{last: last, overridden: overridden}
	if gs != nil {
		r.repo, r.commit = gs.repo, gs.commit
	} else {
		var err error
		if r.repo, err = gitsource.Open(ctx, p.Source.Repo, gitsource.Options{Getenv: a.getenv}); err != nil {
			return nil, fmt.Errorf("checking the plan's commit against the live one: %w", err)
		}
		if r.commit, err = r.repo.Resolve(p.Source.Commit); err != nil {
			return nil, fmt.Errorf("checking the plan's commit against the live one: %w", err)
		}
	}
	var err error
	if r.rel, err = r.repo.RelationTo(r.commit, last.Commit); err != nil {
		return nil, fmt.Errorf("comparing commit %s with %s: %w", r.commit.Describe(), r.lastName(), err)
	}
	return r, nil
}

// lastName names the commit git applied last.
func (r *relation) lastName() string {
	if r.overridden {
		return "commit " + workflow.CommitName(*r.last) + ", the last one applied from git"
	}
	return "the live commit " + workflow.CommitName(*r.last)
}

// note warns, at the top of the plan, when its commit does not contain
// the one git applied last: applying it would undo what that one applied.
func (r *relation) note(p *engine.Plan) {
	if r == nil {
		return
	}
	c := r.commit.Describe()
	switch r.rel {
	case gitsource.Ancestor:
		workflow.AddNote(p, fmt.Sprintf("Commit %s is older than %s", c, r.lastName()),
			"it is an ancestor of it, so applying this plan would roll back what was applied since; apply refuses it without --allow-older")
	case gitsource.Unrelated:
		workflow.AddNote(p, fmt.Sprintf("Commit %s does not contain %s", c, r.lastName()),
			fmt.Sprintf("the two have diverged (a branch behind main?), so applying this plan would undo what %s applied that %s lacks; merge it into the branch, or plan the merge result",
				short(r.last.Commit), r.commit.Short()))
	case gitsource.Unknown:
		workflow.AddNote(p, fmt.Sprintf("%s is not in %s", capitalize(r.lastName()), r.repo.Location),
			fmt.Sprintf("orgctl cannot tell whether commit %s contains it; if it does not, applying this plan undoes what it applied", c))
	}
}

// refuseOlder refuses a commit that is a strict ancestor of the one git
// applied last, even if an apply from disk overrode that one since: an
// older pipeline finishing late must not roll the organization back.
func (a *app) refuseOlder(r *relation, allowOlder bool) error {
	if r == nil || r.rel != gitsource.Ancestor {
		return nil
	}
	if allowOlder {
		fmt.Fprintf(a.stderr, "Warning: commit %s is older than %s; applying it anyway (--allow-older).\n", r.commit.Describe(), r.lastName())
		return nil
	}
	return fmt.Errorf("commit %s is older than %s: it is an ancestor of it, so applying it would roll the organization back. Nothing was changed. To apply it anyway, rerun with --allow-older",
		r.commit.Describe(), r.lastName())
}
