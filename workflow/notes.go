package workflow

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/engine"
)

// NotesPath is the Path of the warnings a plan carries about the live
// commit: front ends show them above the plan, as they say whether
// applying it undoes what git applied; JSON consumers match them by it.
const NotesPath = "live_commit"

// AddNote adds a warning about the live commit to the plan.
func AddNote(p *engine.Plan, summary, detail string) {
	p.Diags = append(p.Diags, diag.Diagnostic{Severity: diag.Warning, Summary: summary, Detail: detail, Path: NotesPath})
}

// Notes splits diagnostics into the notes about the live commit and the
// rest.
func Notes(ds diag.Diagnostics) (notes, rest diag.Diagnostics) {
	for _, d := range ds {
		if d.Path == NotesPath {
			notes = append(notes, d)
		} else {
			rest = append(rest, d)
		}
	}
	return notes, rest
}

// setNotes replaces the plan's notes with what the workflow can tell
// without git: an override recorded, or a spec from disk while a commit
// is live. A saved plan's notes are of when it was made, so they go.
func setNotes(p *engine.Plan, ov *Override) {
	p.Diags = slices.DeleteFunc(p.Diags, func(d diag.Diagnostic) bool { return d.Path == NotesPath })
	switch {
	case ov != nil:
		AddNote(p, fmt.Sprintf("No commit is live: an apply from files on disk at %s changed the organization after commit %s was applied from git",
			ov.At, CommitName(ov.Commit)),
			"what git applied may have been undone; the next complete apply from git records a live commit again")
	case p.Source == nil && p.LiveCommit != nil:
		AddNote(p, fmt.Sprintf("The spec was read from files on disk, but commit %s is live, applied from git", CommitName(*p.LiveCommit)),
			fmt.Sprintf("applying this plan overrides what git applied, and orgctl then records that commit %s is no longer live; plan from git (--git-repo, --git-ref) to change the organization through git",
				Short(p.LiveCommit.Commit)))
	}
}

// CommitName names a commit for messages: "0123456789ab (main, applied
// 2026-01-02T03:04:05Z)".
func CommitName(c engine.GitCommit) string {
	var parts []string
	if c.Ref != "" && !strings.HasPrefix(c.Commit, c.Ref) {
		parts = append(parts, c.Ref)
	}
	if c.AppliedAt != "" {
		parts = append(parts, "applied "+c.AppliedAt)
	}
	if len(parts) == 0 {
		return Short(c.Commit)
	}
	return Short(c.Commit) + " (" + strings.Join(parts, ", ") + ")"
}

// Short abbreviates a commit hash as git does in messages.
func Short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
