package main

import (
	"context"
	"fmt"
	"os"
	"time"

	orgctl "github.com/orgctl/orgctl"
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
	"github.com/orgctl/orgctl/workflow"
)

func runValidate(ctx context.Context, a *app, args []string) int {
	var g globals
	fs := newFlagSet("validate", &g)
	file := fs.StringP("file", "f", "org.yaml", "the spec `FILE`")
	if code, done := a.parse(fs, args); done {
		return code
	}
	if code, done := a.noArgs(fs); done {
		return code
	}
	s, _, ok := a.loadSpecFrom(ctx, &g, *file)
	if !ok {
		return exitError
	}
	fmt.Fprintf(a.stdout, "%s is valid: %d OUs, %d accounts, %d policies.\n", *file, countOUs(s), len(s.Accounts), len(s.Policies))
	return exitOK
}

func countOUs(s *spec.Spec) int {
	n := 0
	s.WalkOUs(func(string, *spec.OU, string) { n++ })
	return n
}

func runPlan(ctx context.Context, a *app, args []string) int {
	var g globals
	fs := newFlagSet("plan", &g)
	file := fs.StringP("file", "f", "org.yaml", "the spec `FILE`")
	out := fs.StringP("out", "o", "", "also write the plan to `FILE` (JSON), for 'orgctl apply FILE'")
	format := fs.String("format", "text", "output format: text, json or markdown")
	oneOf(fs, "format", "text", "json", "markdown")
	detailed := fs.Bool("detailed-exitcode", false, "exit 0 when there are no changes, 2 when there are, 1 on error")
	gitBase := fs.String("git-base", "", "above the plan, show how the spec files changed from `REF` (of --git-repo) to --git-ref")
	targetVals := addTargetFlag(fs)
	members := addMembersFlag(fs)
	if code, done := a.parse(fs, args); done {
		return code
	}
	if code, done := a.noArgs(fs); done {
		return code
	}
	if *gitBase != "" && g.gitRepo == "" {
		return a.fail(fmt.Errorf("--git-base needs --git-repo: say which repository the refs are in"))
	}
	targets, err := parseTargets(*targetVals)
	if err != nil {
		return a.fail(err)
	}
	p, code := a.plan(ctx, &g, *file, planOptions{targets: targets, gitBase: *gitBase, format: *format, members: *members})
	if p == nil {
		return code
	}
	if *out != "" {
		b, err := p.MarshalIndent()
		if err == nil {
			err = writeFileAtomic(*out, b)
		}
		if err != nil {
			return a.fail(fmt.Errorf("writing the plan: %w", err))
		}
	}
	if err := a.renderPlan(&g, p, *format, false); err != nil {
		return a.fail(err)
	}
	if *out != "" && *format == "text" {
		fmt.Fprintf(a.stdout, "\nSaved the plan to %s; apply exactly it with: %s\n", *out, g.command(false, "apply", *out))
	}
	if *detailed && !p.Empty() {
		return exitChanges
	}
	return exitOK
}

func runDrift(ctx context.Context, a *app, args []string) int {
	var g globals
	fs := newFlagSet("drift", &g)
	file := fs.StringP("file", "f", "org.yaml", "the spec `FILE`")
	format := fs.String("format", "text", "output format: text, json or markdown")
	oneOf(fs, "format", "text", "json", "markdown")
	members := addMembersFlag(fs)
	if code, done := a.parse(fs, args); done {
		return code
	}
	if code, done := a.noArgs(fs); done {
		return code
	}
	p, code := a.plan(ctx, &g, *file, planOptions{format: *format, members: *members})
	if p == nil {
		return code
	}
	if err := a.renderPlan(&g, p, *format, true); err != nil {
		return a.fail(err)
	}
	if p.Drifted() {
		return exitChanges
	}
	return exitOK
}

// planOptions are what plan and drift add to a plain plan.
type planOptions struct {
	targets []engine.Ref
	gitBase string // show spec changes from this ref
	format  string // where the spec changes and live commit go: text on stdout
	members bool   // read member enrolment (--members)
}

// plan loads the spec, reads the organization and returns the plan; on
// failure it returns nil and the exit code.
func (a *app) plan(ctx context.Context, g *globals, file string, po planOptions) (*engine.Plan, int) {
	s, gs, ok := a.loadSpecFrom(ctx, g, file)
	if !ok {
		return nil, exitError
	}
	// Text goes above the plan; other formats keep stdout for the plan.
	info := a.stderr
	if po.format == "" || po.format == "text" {
		info = a.stdout
	}
	if po.gitBase != "" {
		if err := a.printSpecChanges(info, gs, s, po.gitBase); err != nil {
			return nil, a.fail(err)
		}
	}
	settings := specSettings(s)
	settings.Members = po.members
	sess, err := a.connect(ctx, g, sessionOptions{settings: settings})
	if err != nil {
		return nil, a.fail(err)
	}
	defer sess.close()
	start := time.Now()
	rctx, view := a.readProgress(ctx, g, sess.counter.Total)
	p, err := workflow.Plan(rctx, s, sess.providers, workflow.PlanOptions{Source: gs.source(), Targets: po.targets, Endpoint: sess.endpoint})
	view.stop()
	if err != nil && ctx.Err() != nil {
		fmt.Fprintln(a.stderr, "Interrupted while reading the organization; nothing was changed.")
		return nil, exitError
	}
	if err != nil {
		return nil, a.failPlan(g, s, err)
	}
	if po.members {
		// Applied from a file, the plan is checked against a read that
		// lists members too.
		p.Settings[membersSetting] = "true"
	}
	last, ov := lastApplied(p, sess.providers)
	rel, err := a.relate(ctx, gs, p, last, ov != nil)
	if err != nil {
		return nil, a.fail(err)
	}
	rel.note(p)
	if last != nil || gs != nil {
		fmt.Fprintln(info, describeLive(p.LiveCommit, ov))
		if gs != nil {
			fmt.Fprintf(info, "Spec: %s at %s in %s\n", gs.file, gs.commit.Describe(), gs.repo.Location)
		}
		fmt.Fprintln(info)
	}
	a.verbose(g, "Read the organization and planned in %s with %d AWS calls: %s",
		time.Since(start).Round(time.Millisecond), sess.counter.Total(), sess.counter.Summary())
	return p, exitOK
}

func runSchema(_ context.Context, a *app, args []string) int {
	fs := newFlagSet("schema", &globals{})
	if code, done := a.parse(fs, args); done {
		return code
	}
	a.stdout.Write(orgctl.SchemaJSON)
	return exitOK
}

// writeFileAtomic writes a file so that a reader never sees half of it.
func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
