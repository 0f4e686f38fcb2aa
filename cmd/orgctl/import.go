package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/importer"
)

func runImport(ctx context.Context, a *app, args []string) int {
	var g globals
	fs := newFlagSet("import", &g)
	out := fs.StringP("out", "o", "", "write the spec to `DIR` (org.yaml, policies/, accounts/); it must be new or empty")
	adopt := fs.Bool("adopt", false, "make orgctl the owner of what is imported: the first apply tags it managed-by=orgctl")
	force := fs.Bool("force", false, "write into a directory that is not empty, replacing org.yaml, schema.json, policies/ and accounts/")
	split := fs.Int("split-accounts", importer.DefaultSplitThreshold, "past `N` accounts, write them to accounts/<top-level OU>.yaml files that org.yaml includes (0: always)")
	if code, done := a.parse(fs, args); done {
		return code
	}
	if *split < 0 {
		return a.fail(fmt.Errorf("--split-accounts %d: give 0 (always split) or a number of accounts", *split))
	}
	threshold := *split
	if threshold == 0 {
		threshold = -1 // importer.Options: negative always splits
	}
	if code, done := a.noArgs(fs); done {
		return code
	}
	if *out == "" {
		return a.fail(fmt.Errorf("give the directory to write the spec to with -o DIR"))
	}
	if err := importer.CheckDir(*out, *force); err != nil {
		return a.fail(err)
	}
	res, live, err := a.importOrg(ctx, &g, importer.Options{Adopt: *adopt, SplitThreshold: threshold})
	if err != nil {
		return a.fail(err)
	}
	if err := importer.Write(*out, res, *force); err != nil {
		return a.fail(fmt.Errorf("writing the spec: %w", err))
	}
	a.reportImport(&g, *out, res, live, *adopt)
	return exitOK
}

// importOrg reads the live organization and writes it as a spec in memory.
// It never changes the organization.
func (a *app) importOrg(ctx context.Context, g *globals, o importer.Options) (*importer.Result, []engine.Resource, error) {
	sess, err := a.connect(ctx, g, sessionOptions{})
	if err != nil {
		return nil, nil, err
	}
	defer sess.close()
	start := time.Now()
	rctx, view := a.readProgress(ctx, g, sess.counter.Total)
	live, _, err := engine.ReadLive(rctx, sess.providers, nil) // no spec yet: read everything
	view.stop()
	if err != nil {
		return nil, nil, err
	}
	a.verbose(g, "Read the organization in %s with %d AWS calls: %s",
		time.Since(start).Round(time.Millisecond), sess.counter.Total(), sess.counter.Summary())
	res, err := importer.Build(live, o)
	return res, live, err
}

// reportImport says what was written and whether the spec plans clean
// against what was read.
func (a *app) reportImport(g *globals, dir string, res *importer.Result, live []engine.Resource, adopt bool) {
	orgYAML := filepath.Join(dir, "org.yaml")
	fmt.Fprintf(a.stdout, "Imported %d OUs, %d accounts and %d policies into %s (%d files).\n",
		res.OUs, res.Accounts, res.Policies, orgYAML, len(res.Files))
	if n := len(res.Skipped); n > 0 {
		fmt.Fprintf(a.stdout, "%d thing(s) the spec cannot express are listed at the top of %s.\n", n, orgYAML)
	}
	// Planned as 'orgctl plan' would plan it, from what was read.
	p, err := engine.PlanFrom(res.Spec, live)
	switch {
	case err != nil:
		fmt.Fprintf(a.stderr, "Warning: could not plan the imported spec: %v\n", err)
	case adopt:
		fmt.Fprintf(a.stdout, "The first apply tags %d resource(s) %s; after it, plan shows no changes.\n", len(p.Changes), "managed-by=orgctl")
	case p.Empty():
		fmt.Fprintf(a.stdout, "It plans clean: '%s' shows no changes.\n", g.command(false, "plan", "-f", orgYAML))
	default:
		fmt.Fprintf(a.stdout, "Planning it shows %d change(s), because of what the spec cannot express; see %s\n", len(p.Changes), g.command(false, "plan", "-f", orgYAML))
	}
}
