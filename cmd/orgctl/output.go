package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/term"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
	"github.com/orgctl/orgctl/workflow"
)

func isTerminal(fd uintptr) bool { return term.IsTerminal(int(fd)) }

// fdOf returns the file descriptor of w when it is a file (or writes to
// one).
func fdOf(w any) (uintptr, bool) {
	if f, ok := w.(interface{ Fd() uintptr }); ok {
		fd := f.Fd()
		return fd, fd != ^uintptr(0)
	}
	return 0, false
}

// color reports whether output to w may be coloured: only on a terminal,
// and never with --no-color or NO_COLOR set (https://no-color.org).
func (a *app) color(g *globals, w io.Writer) bool {
	if g.noColor || a.getenv("NO_COLOR") != "" {
		return false
	}
	fd, ok := fdOf(w)
	return ok && a.isTerminal(fd)
}

// interactive reports whether a human can answer a prompt.
func (a *app) interactive() bool {
	fd, ok := fdOf(a.stdin)
	return ok && a.isTerminal(fd)
}

// loadSpec loads and validates a spec, printing its diagnostics. ok is
// false when it has errors; nothing may then be applied.
func (a *app) loadSpec(g *globals, path string) (*spec.Spec, bool) {
	s, ds := spec.Load(path)
	if len(ds) > 0 {
		var src diag.Sources
		if s != nil {
			src = func(file string) []byte { return s.Sources[file] }
		}
		diag.Render(a.stderr, ds, src, a.color(g, a.stderr))
	}
	if ds.HasErrors() {
		n := len(ds.Errs())
		fmt.Fprintf(a.stderr, "%s has %d error(s); nothing was read from or changed in AWS.\n", path, n)
		return nil, false
	}
	return s, true
}

// verbose prints a line to stderr with -v.
func (a *app) verbose(g *globals, format string, args ...any) {
	if g.verbose {
		fmt.Fprintf(a.stderr, format+"\n", args...)
	}
}

// renderPlan writes a plan in the chosen format. The notes about the live
// commit (workflow.Notes) come first in text and Markdown, as they say
// whether applying the plan undoes what git applied; JSON keeps them
// among the diagnostics.
func (a *app) renderPlan(g *globals, p *engine.Plan, format string, drift bool) error {
	switch format {
	case "text":
		renderText(a.stdout, p, engine.Style{Color: a.color(g, a.stdout)}, drift)
	case "json":
		b, err := p.MarshalIndent()
		if err != nil {
			return err
		}
		_, err = a.stdout.Write(b)
		return err
	case "markdown", "md":
		renderMarkdown(a.stdout, p, drift)
	default:
		return fmt.Errorf("--format %q: use text, json or markdown", format)
	}
	return nil
}

// withoutNotes returns the plan's notes about the live commit, and the
// plan without them, to render them apart.
func withoutNotes(p *engine.Plan) (diag.Diagnostics, *engine.Plan) {
	notes, rest := workflow.Notes(p.Diags)
	q := *p
	q.Diags = rest
	return notes, &q
}

// renderText writes a plan or drift report for a terminal, its notes
// about the live commit above it.
func renderText(w io.Writer, p *engine.Plan, st engine.Style, drift bool) {
	notes, q := withoutNotes(p)
	for _, d := range notes {
		fmt.Fprintf(w, "Warning: %s\n", d.Error())
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
	}
	if drift {
		engine.RenderDriftText(w, q, st)
	} else {
		engine.RenderText(w, q, st)
	}
}

// renderMarkdown writes a plan or drift report for a comment or an issue,
// its notes about the live commit in a warning block under the title.
// The block takes about the room the notes took among the diagnostics,
// within what the renderer keeps free below GitHub's limit.
func renderMarkdown(w io.Writer, p *engine.Plan, drift bool) {
	notes, q := withoutNotes(p)
	var b strings.Builder
	if drift {
		engine.RenderDriftMarkdown(&b, q)
	} else {
		engine.RenderMarkdown(&b, q)
	}
	out := b.String()
	if len(notes) > 0 {
		block := "> [!WARNING]\n"
		for i, d := range notes {
			if i > 0 {
				block += ">\n"
			}
			block += "> " + strings.ReplaceAll(d.Error(), "\n", " ") + "\n"
		}
		if title, rest, ok := strings.Cut(out, "\n\n"); ok {
			out = title + "\n\n" + block + "\n" + rest
		} else {
			out = block + "\n" + out
		}
	}
	io.WriteString(w, out)
}

// failPlan reports a failure to plan. Refusals the live organization makes
// of the spec (an administrator that is the management account) are
// diagnostics at the spec's lines, shown with their source.
func (a *app) failPlan(g *globals, s *spec.Spec, err error) int {
	var ds diag.Diagnostics
	if s == nil || !errors.As(err, &ds) {
		return a.fail(err)
	}
	diag.Render(a.stderr, ds, func(file string) []byte { return s.Sources[file] }, a.color(g, a.stderr))
	fmt.Fprintf(a.stderr, "The organization cannot take %s as it is (%d error(s)); nothing was changed.\n", s.File, len(ds.Errs()))
	return exitError
}
