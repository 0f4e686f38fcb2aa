package main

import (
	"context"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/gitsource"
	"github.com/orgctl/orgctl/spec"
)

// gitSpec is where a spec read from git came from.
type gitSpec struct {
	repo   *gitsource.Repo
	commit *gitsource.Commit
	file   string // the spec's path in the repository
}

// source is the commit as a plan records it.
func (gs *gitSpec) source() *engine.GitCommit {
	if gs == nil {
		return nil
	}
	return &engine.GitCommit{Repo: gs.repo.Location, Ref: gs.commit.Ref, Commit: gs.commit.Hash}
}

// loadSpecFrom loads the spec from the file system, or with --git-repo
// from a commit, and prints its diagnostics; ok is false on errors. gs is
// nil when the spec did not come from git.
func (a *app) loadSpecFrom(ctx context.Context, g *globals, file string) (s *spec.Spec, gs *gitSpec, ok bool) {
	if g.gitRepo == "" {
		if g.gitRef != "" {
			a.fail(fmt.Errorf("--git-ref needs --git-repo: say which repository the ref is in"))
			return nil, nil, false
		}
		s, ok = a.loadSpec(g, file)
		return s, nil, ok
	}
	for _, k := range gitsource.TokenEnv {
		a.secrets.add(a.getenv(k)) // never printed, whatever an error repeats
	}
	repo, err := gitsource.Open(ctx, g.gitRepo, gitsource.Options{Getenv: a.getenv})
	if err != nil {
		a.fail(err)
		return nil, nil, false
	}
	c, err := repo.Resolve(g.gitRef)
	if err != nil {
		a.fail(err)
		return nil, nil, false
	}
	gs = &gitSpec{repo: repo, commit: c, file: repoPath(file)}
	s, ds := spec.LoadFS(c.FS(), gs.file)
	if len(ds) > 0 {
		diag.Render(a.stderr, ds, func(f string) []byte { return s.Sources[f] }, a.color(g, a.stderr))
	}
	if ds.HasErrors() {
		fmt.Fprintf(a.stderr, "%s at %s in git repository %s has %d error(s); nothing was read from or changed in AWS.\n",
			gs.file, c.Describe(), repo.Location, len(ds.Errs()))
		return nil, nil, false
	}
	s.File = gs.file + "@" + c.Short()
	return s, gs, true
}

// repoPath turns -f into a path from the repository's root.
func repoPath(file string) string {
	p := path.Clean(strings.ReplaceAll(file, "\\", "/"))
	return strings.TrimPrefix(p, "/")
}

// printSpecChanges writes, for plan --git-base, a line diff of every file
// the spec loads at the base or at the ref; only files that differ.
func (a *app) printSpecChanges(w io.Writer, gs *gitSpec, s *spec.Spec, baseRef string) error {
	base, err := gs.repo.Resolve(baseRef)
	if err != nil {
		return err
	}
	files := map[string]bool{}
	for f := range s.Sources {
		files[f] = true
	}
	// The base may not load cleanly (the change may fix it): its files
	// count as far as they were read.
	baseSpec, _ := spec.LoadFS(base.FS(), gs.file)
	for f := range baseSpec.Sources {
		files[f] = true
	}
	names := make([]string, 0, len(files))
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	fmt.Fprintf(w, "Spec changes from %s to %s:\n", base.Describe(), gs.commit.Describe())
	changed := 0
	for _, f := range names {
		before, inBase, err := base.ReadFile(f)
		if err != nil {
			return err
		}
		after, inRef, err := gs.commit.ReadFile(f)
		if err != nil {
			return err
		}
		if inBase == inRef && string(before) == string(after) {
			continue
		}
		changed++
		from, to := "a/"+f, "b/"+f
		if !inBase {
			from = "/dev/null"
		}
		if !inRef {
			to = "/dev/null"
		}
		fmt.Fprintf(w, "\n--- %s\n+++ %s\n", from, to)
		for _, l := range engine.LineDiff(string(before), string(after), 3) {
			if l.Op == '@' {
				fmt.Fprintln(w, l.Text)
			} else {
				fmt.Fprintf(w, "%c%s\n", l.Op, l.Text)
			}
		}
	}
	if changed == 0 {
		fmt.Fprintln(w, "  no spec changes")
	}
	fmt.Fprintln(w)
	return nil
}
