package main

import (
	"context"
	"fmt"
	"os"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/graph"
)

// runGraph draws the spec's organization; with --plan, marked with what a
// saved plan changes. It reads no AWS state.
func runGraph(_ context.Context, a *app, args []string) int {
	var g globals
	fs := newFlagSet("graph", &g)
	file := fs.StringP("file", "f", "org.yaml", "the spec `FILE`")
	format := fs.String("format", "mermaid", "output format: mermaid or dot")
	oneOf(fs, "format", "mermaid", "dot")
	planFile := fs.String("plan", "", "colour what the saved plan `FILE` (from 'orgctl plan -o') creates, updates and deletes")
	if code, done := a.parse(fs, args); done {
		return code
	}
	if code, done := a.noArgs(fs); done {
		return code
	}
	if *format != "mermaid" && *format != "dot" {
		return a.fail(fmt.Errorf("--format %q: use mermaid or dot", *format))
	}
	s, ok := a.loadSpec(&g, *file)
	if !ok {
		return exitError
	}
	var p *engine.Plan
	if *planFile != "" {
		b, err := os.ReadFile(*planFile)
		if err != nil {
			return a.fail(err)
		}
		if p, err = engine.ReadPlan(b); err != nil {
			return a.fail(fmt.Errorf("%s: %w", *planFile, err))
		}
	}
	if err := graph.Render(a.stdout, s, p, *format); err != nil {
		return a.fail(err)
	}
	return exitOK
}
