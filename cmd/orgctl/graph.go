package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

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
	oneOf(fs, "format", graph.Formats...)
	planFile := fs.String("plan", "", "colour what the saved plan `FILE` (from 'orgctl plan -o') creates, updates and deletes")
	accounts := accountsFlag(graph.AccountsAll)
	fs.Var(&accounts, "accounts", "draw each account (all), leave them out (none), or count them in their OU's node (count, for large organizations)")
	oneOf(fs, "accounts", graph.AccountModes...)
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
	if err := graph.Render(a.stdout, s, p, *format, graph.WithAccounts(graph.Accounts(accounts))); err != nil {
		return a.fail(err)
	}
	return exitOK
}

// accountsFlag is --accounts: one of graph.AccountModes.
type accountsFlag graph.Accounts

func (f *accountsFlag) String() string { return string(*f) }
func (f *accountsFlag) Type() string   { return strings.Join(graph.AccountModes, "|") }

func (f *accountsFlag) Set(v string) error {
	if !slices.Contains(graph.AccountModes, v) {
		return fmt.Errorf("use %s", strings.Join(graph.AccountModes, ", "))
	}
	*f = accountsFlag(v)
	return nil
}
