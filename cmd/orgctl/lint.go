package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/orgctl/orgctl/catalog"
	"github.com/orgctl/orgctl/lint"
)

// runLint reviews the organization a spec describes, without calling
// AWS: exit 1 when a rule of severity error fires (and is not disabled by
// settings.lint.disable), 0 otherwise.
func runLint(ctx context.Context, a *app, args []string) int {
	var g globals
	fs := newFlagSet("lint", &g)
	file := fs.StringP("file", "f", "org.yaml", "the spec `FILE`")
	format := fs.String("format", "text", "output format: text, json or sarif (SARIF 2.1.0, for GitHub code scanning)")
	oneOf(fs, "format", "text", "json", "sarif")
	out := fs.StringP("out", "o", "", "write the report to `FILE` instead of stdout")
	if code, done := a.parse(fs, args); done {
		return code
	}
	if code, done := a.noArgs(fs); done {
		return code
	}
	if *format != "text" && *format != "json" && *format != "sarif" {
		return a.fail(fmt.Errorf("--format %q: use text, json or sarif", *format))
	}
	s, _, ok := a.loadSpecFrom(ctx, &g, *file)
	if !ok {
		return exitError
	}
	rep := lint.Run(s, lint.Options{CrossAccountActions: crossAccountActions()})
	var b bytes.Buffer
	var err error
	switch *format {
	case "json":
		err = lint.WriteJSON(&b, rep)
	case "sarif":
		err = lint.WriteSARIF(&b, rep, version)
	default:
		w := a.stdout
		if *out != "" {
			w = &b
		}
		lint.WriteText(&b, rep, func(f string) []byte { return s.Sources[f] }, *out == "" && a.color(&g, w))
	}
	if err == nil && *out != "" {
		err = writeFileAtomic(*out, b.Bytes())
	} else if err == nil {
		_, err = a.stdout.Write(b.Bytes())
	}
	if err != nil {
		return a.fail(fmt.Errorf("writing the lint report: %w", err))
	}
	if rep.Failed() {
		return exitError
	}
	return exitOK
}

// crossAccountActions are the calls orgctl makes through
// settings.crossAccountRole, as its providers declare them.
func crossAccountActions() []string {
	var out []string
	for _, p := range catalog.Permissions() {
		out = append(out, p.CrossAccount...)
	}
	return out
}
