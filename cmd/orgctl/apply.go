package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
	"github.com/orgctl/orgctl/workflow"
)

func runApply(ctx context.Context, a *app, args []string) int {
	var g globals
	fs := newFlagSet("apply", &g)
	file := fs.StringP("file", "f", "", "the spec `FILE` (default org.yaml, unless a plan file is given)")
	autoApprove := fs.Bool("auto-approve", false, "apply a spec without asking (needed when stdin is not a terminal); a saved plan, reviewed when it was made, is applied without asking")
	allowDestroy := fs.Bool("allow-destroy", false, "permit destructive changes: deletes, disables, account closures")
	parallelism := fs.Int("parallelism", 10, "changes in progress at once; AWS requests in flight are bounded separately, as Organizations throttles early")
	lockTimeout := fs.Duration("lock-timeout", defaultLockTimeout, "how long to wait for another apply's lock before failing")
	allowOlder := fs.Bool("allow-older", false, "apply a commit older than the live one (an ancestor of it), rolling the organization back")
	targetVals := addTargetFlag(fs)
	members := addMembersFlag(fs)
	noWait := fs.Bool("no-wait", false, "leave conformance pack and Config rule deployments running once started; plans show them deploying, drift names accounts where they failed")
	if code, done := a.parse(fs, args); done {
		return code
	}
	if fs.NArg() > 1 || (fs.NArg() == 1 && *file != "") {
		return a.fail(errors.New("give either -f SPEC or one plan file, not both"))
	}
	if *parallelism < 1 {
		return a.fail(errors.New("--parallelism must be at least 1"))
	}
	targets, err := parseTargets(*targetVals)
	if err != nil {
		return a.fail(err)
	}
	planFile := ""
	if fs.NArg() == 1 {
		planFile = fs.Arg(0)
		if len(targets) > 0 || g.gitRepo != "" {
			return a.fail(fmt.Errorf("a saved plan is applied as it was made: give --target and --git-repo when you make it: %s",
				g.command(true, "plan", "-o", planFile)))
		}
	}

	// Load what to apply; the workflow then takes the lock and reads the
	// organization: the plan is made (or a saved one checked) under the lock.
	var s *spec.Spec
	var gs *gitSpec
	var saved *engine.Plan
	so := sessionOptions{}
	if planFile != "" {
		if saved, err = readPlanFile(planFile); err != nil {
			return a.fail(err)
		}
		so.settings = planSettings(saved.Settings)
	} else {
		if *file == "" {
			*file = "org.yaml"
		}
		var ok bool
		if s, gs, ok = a.loadSpecFrom(ctx, &g, *file); !ok {
			return exitError
		}
		so.settings = specSettings(s)
		so.settings.Members = *members
	}
	so.settings.NoWait = *noWait
	sess, err := a.connect(ctx, &g, so)
	if err != nil {
		return a.fail(err)
	}
	defer sess.close()
	commit := ""
	if gs != nil {
		commit = gs.commit.Hash
	} else if saved != nil && saved.Source != nil {
		commit = saved.Source.Commit
	}
	lockOpts, err := a.lockOptions(*lockTimeout)
	if err != nil {
		return a.fail(err)
	}

	var start time.Time
	var progress progressView
	// The read under the lock shows its progress until the plan is made.
	rctx, view := a.readProgress(ctx, &g, sess.counter.Total)
	out, err := workflow.Apply(rctx, sess.providers, workflow.ApplyOptions{
		Spec: s, Saved: saved, Targets: targets, Source: gs.source(), Endpoint: sess.endpoint,
		Holder: holder(short(commit)), Lock: lockOpts,
		Locked: func(i workflow.LockInfo) {
			view.printf("Acquired the apply lock %s at %s.\n", i.ID, stamp())
		},
		Review: func(p *engine.Plan) error {
			view.stop()
			last, ov := lastApplied(p, sess.providers)
			if p.Source != nil || last != nil {
				fmt.Fprintf(a.stdout, "%s\n\n", describeLive(p.LiveCommit, ov))
			}
			rel, err := a.relate(ctx, gs, p, last, ov != nil)
			if err != nil {
				return err
			}
			if err := a.refuseOlder(rel, *allowOlder); err != nil {
				return err
			}
			rel.note(p)
			renderText(a.stdout, p, engine.Style{Color: a.color(&g, a.stdout), AllowDestroy: *allowDestroy}, false)
			if p.Empty() {
				return nil
			}
			if d := p.Destructive(); len(d) > 0 && !*allowDestroy {
				fmt.Fprintf(a.stderr, "\nError: the plan has %d destructive change(s) and --allow-destroy was not given; nothing was changed.\n", len(d))
				return errReported
			}
			// A saved plan was reviewed when it was made, and is refused
			// if the organization has changed since: as Terraform does,
			// apply it without asking again.
			if !*autoApprove && saved == nil {
				if !a.interactive() {
					fmt.Fprintln(a.stderr, "\nError: stdin is not a terminal, so orgctl cannot ask; review the plan and rerun with --auto-approve. Nothing was changed.")
					return errReported
				}
				if !a.confirm(ctx) {
					if ctx.Err() != nil {
						return ctx.Err() // said once, as an interrupt
					}
					fmt.Fprintln(a.stderr, "Apply cancelled; nothing was changed.")
					return errReported
				}
			}
			fmt.Fprintln(a.stdout)
			start = time.Now()
			progress = a.newProgress(&g, p, start)
			return nil
		},
		Engine: engine.ApplyOptions{Parallelism: *parallelism, AllowDestroy: *allowDestroy, Hooks: hooksOf(&progress)},
	})
	view.stop() // a read that failed never reached Review
	if progress != nil {
		progress.stop()
	}
	if out != nil {
		defer a.releaseLock(out.Release)
		if out.LockLost != nil {
			fmt.Fprintf(a.stderr, "Error: %v; the apply was stopped.\n", out.LockLost)
		}
	}
	if err := a.applyRefusal(&g, err, saved, planFile); err != nil {
		return a.fail(err)
	}
	code := exitOK
	interrupted := ctx.Err() != nil && out != nil && out.LockLost == nil
	if out != nil && out.Result != nil {
		a.verbose(&g, "%d AWS calls: %s", sess.counter.Total(), sess.counter.Summary())
		if interrupted {
			return a.reportInterrupted(out.Plan, out.Result, time.Since(start), g.resumeCommand(*file, saved, planFile))
		}
		code = a.report(out.Plan, out.Result, time.Since(start))
	}
	if interrupted && err != nil {
		fmt.Fprintln(a.stderr, "Interrupted before anything was changed.")
		return exitError
	}
	if err != nil {
		return a.failPlan(&g, s, err)
	}
	switch {
	case out.Overridden != nil:
		fmt.Fprintf(a.stdout, "Commit %s is no longer recorded as live: this apply from files on disk changed what git applied. The next complete apply from git records a live commit again.\n",
			short(out.Overridden.Commit.Commit))
	case out.Recorded:
		fmt.Fprintf(a.stdout, "Recorded commit %s as live.\n", short(out.Plan.Source.Commit))
	case out.NotRecorded != "":
		fmt.Fprintf(a.stdout, "%s, so commit %s is not recorded as live.\n", capitalize(out.NotRecorded), short(out.Plan.Source.Commit))
	}
	return code
}

// applyRefusal words the workflow's refusals of a saved plan or of the
// lock with the commands that get past them; nil when err is none of them.
func (a *app) applyRefusal(g *globals, err error, saved *engine.Plan, planFile string) error {
	var other *workflow.OtherOrgError
	var locked *workflow.LockedError
	switch {
	case errors.As(err, &other):
		return fmt.Errorf("%s was made for organization %s (management account %s) through %s, but orgctl is connected to organization %s (management account %s) through %s; nothing was changed.\n  %s\n  To plan again here: %s",
			planFile, other.Plan.ID, other.Plan.ManagementAccount, describeEndpoint(other.Plan.Endpoint),
			other.Connected.ID, other.Connected.ManagementAccount, describeEndpoint(other.Connected.Endpoint),
			applyWhere(other.Plan, planFile), g.replanCommand(saved, planFile))
	case errors.Is(err, workflow.ErrStale):
		return fmt.Errorf("the organization has changed since %s was made, so it may no longer be right; nothing was changed. Make a new plan:\n  %s",
			planFile, g.replanCommand(saved, planFile))
	case errors.As(err, &locked):
		return fmt.Errorf("another apply holds the apply lock: %s; waited %s (--lock-timeout). If that apply is dead and you cannot wait for the lock to expire, run: %s",
			&locked.Lock, locked.Timeout, g.command(false, "unlock", locked.Lock.ID))
	}
	return nil
}

// applyWhere says how to apply a plan to the organization it was made for.
func applyWhere(o engine.OrgIdentity, planFile string) string {
	if f := endpointFlag(o.Endpoint); f != "" {
		return "To apply it where it was made: orgctl " + f + " apply " + shellQuote(planFile)
	}
	return "To apply it where it was made, use credentials of management account " + o.ManagementAccount + " (--profile or --role-arn) and no --sandbox or --endpoint-url"
}

// hooksOf forwards the engine's progress to the view that review starts
// once the plan is approved.
func hooksOf(v *progressView) engine.Hooks { return viewHooks{v} }

type viewHooks struct{ v *progressView }

func (h viewHooks) Started(c *engine.Change) {
	if *h.v != nil {
		(*h.v).Started(c)
	}
}

func (h viewHooks) Finished(c *engine.Change, err error) {
	if *h.v != nil {
		(*h.v).Finished(c, err)
	}
}

func (h viewHooks) Skipped(c, cause *engine.Change) {
	if *h.v != nil {
		(*h.v).Skipped(c, cause)
	}
}

// Progress passes a long change's report on to views that show it.
func (h viewHooks) Progress(c *engine.Change, msg string) {
	if ph, ok := (*h.v).(engine.ProgressHooks); ok {
		ph.Progress(c, msg)
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// readPlanFile reads a saved plan.
func readPlanFile(path string) (*engine.Plan, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p, err := engine.ReadPlan(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// confirm asks; Ctrl-C at the prompt is a no.
func (a *app) confirm(ctx context.Context) bool {
	fmt.Fprint(a.stdout, "\nDo you want orgctl to make these changes? Only 'yes' will be accepted: ")
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(a.stdin).ReadString('\n')
		answer <- line
	}()
	select {
	case line := <-answer:
		return strings.TrimSpace(line) == "yes"
	case <-ctx.Done():
		fmt.Fprintln(a.stdout)
		return false
	}
}

// report prints the outcome of an apply and returns the exit code.
func (a *app) report(p *engine.Plan, res *engine.Result, took time.Duration) int {
	applied := 0
	for i, o := range res.Outcomes {
		if o == engine.Applied && !p.Changes[i].Implicit {
			applied++
		}
	}
	if !res.Failed() {
		fmt.Fprintf(a.stdout, "\nApply complete in %s: %d change(s) applied.\n", elapsed(took), applied)
		return exitOK
	}
	fmt.Fprintf(a.stdout, "\nApply failed after %s: %d applied, %d failed, %d skipped because of a failure.\n",
		elapsed(took), applied, res.Count(engine.Failed), res.Count(engine.Skipped))
	a.printFailures(p, res, false)
	fmt.Fprintln(a.stdout, "\nEverything that did not depend on a failure was applied. Fix the cause and run apply again: it picks up where this run stopped.")
	return exitError
}

// printFailures lists each change that failed with its error and the
// changes skipped because of it; after an interrupt, not those it cut
// off, which are listed as stopped.
func (a *app) printFailures(p *engine.Plan, res *engine.Result, interrupted bool) {
	for i, o := range res.Outcomes {
		if o != engine.Failed || interrupted && cutOff(res.Errors[i]) {
			continue
		}
		fmt.Fprintf(a.stdout, "\n  ✗ %s\n    %v\n", p.Changes[i].Address(), res.Errors[i])
		for j, cause := range res.Causes {
			if cause == i {
				fmt.Fprintf(a.stdout, "    skipped because of it: %s\n", p.Changes[j].Address())
			}
		}
	}
}

// progress prints one timestamped line per event of an apply.
type progress struct {
	*app
	color   bool
	start   time.Time
	mu      sync.Mutex
	started map[int]time.Time
	stopped map[int]bool // changes an interrupt cut off
}

func (p *progress) line(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.stderr, "%6.1fs  %s\n", time.Since(p.start).Seconds(), fmt.Sprintf(format, args...))
}

func (p *progress) Started(c *engine.Change) {
	p.mu.Lock()
	p.started[c.ID] = time.Now()
	p.mu.Unlock()
	p.line("%s %s: %s...", c.Action.Symbol(), c.Address(), verbing(c))
}

func (p *progress) Finished(c *engine.Change, err error) {
	p.mu.Lock()
	took := elapsed(time.Since(p.started[c.ID]))
	p.mu.Unlock()
	if cutOff(err) {
		p.mu.Lock()
		p.stopped[c.ID] = true
		p.mu.Unlock()
		p.line("%s %s: stopped after %s: interrupted", c.Action.Symbol(), c.Address(), took)
		return
	}
	if err != nil {
		p.line("%s %s: FAILED after %s: %v", c.Action.Symbol(), c.Address(), took, err)
		return
	}
	p.line("%s %s: done in %s", c.Action.Symbol(), c.Address(), took)
}

// Skipped says why a change was skipped; an interrupt's are left to the
// summary, which counts them, rather than a line each.
func (p *progress) Skipped(c *engine.Change, cause *engine.Change) {
	p.mu.Lock()
	interrupted := cause == nil || p.stopped[cause.ID]
	p.mu.Unlock()
	if interrupted {
		return
	}
	p.line("%s %s: skipped because %s failed", c.Action.Symbol(), c.Address(), cause.Address())
}

func verbing(c *engine.Change) string {
	doing, _ := engine.Verbs(c)
	return doing
}
