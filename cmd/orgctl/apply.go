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
)

func runApply(ctx context.Context, a *app, args []string) int {
	var g globals
	fs := newFlagSet("apply", &g)
	file := fs.StringP("file", "f", "", "the spec `FILE` (default org.yaml, unless a plan file is given)")
	autoApprove := fs.Bool("auto-approve", false, "apply without asking (needed when stdin is not a terminal)")
	allowDestroy := fs.Bool("allow-destroy", false, "permit destructive changes: deletes, disables, account closures")
	parallelism := fs.Int("parallelism", 10, "changes in progress at once; AWS requests in flight are bounded separately, as Organizations throttles early")
	if code, done := a.parse(fs, args); done {
		return code
	}
	if fs.NArg() > 1 || (fs.NArg() == 1 && *file != "") {
		return a.fail(errors.New("give either -f SPEC or one plan file, not both"))
	}
	if *parallelism < 1 {
		return a.fail(errors.New("--parallelism must be at least 1"))
	}

	var p *engine.Plan
	var sess *session
	if fs.NArg() == 1 {
		var code int
		if p, sess, code = a.loadPlanFile(ctx, &g, fs.Arg(0)); p == nil {
			return code
		}
	} else {
		if *file == "" {
			*file = "org.yaml"
		}
		s, ok := a.loadSpec(&g, *file)
		if !ok {
			return exitError
		}
		var err error
		if sess, err = a.connect(ctx, &g, sessionOptions{crossAccountRole: s.Settings.CrossAccountRole}); err != nil {
			return a.fail(err)
		}
		if p, err = engine.MakePlan(ctx, s, sess.providers); err != nil {
			sess.close()
			return a.fail(err)
		}
	}
	defer sess.close()

	engine.RenderText(a.stdout, p, engine.Style{Color: a.color(&g, a.stdout)})
	if p.Empty() {
		return exitOK
	}
	if d := p.Destructive(); len(d) > 0 && !*allowDestroy {
		fmt.Fprintf(a.stderr, "\nError: the plan has %d destructive change(s) and --allow-destroy was not given; nothing was changed.\n", len(d))
		return exitError
	}
	if !*autoApprove {
		if !a.interactive() {
			fmt.Fprintln(a.stderr, "\nError: stdin is not a terminal, so orgctl cannot ask; review the plan and rerun with --auto-approve. Nothing was changed.")
			return exitError
		}
		if !a.confirm() {
			fmt.Fprintln(a.stderr, "Apply cancelled; nothing was changed.")
			return exitError
		}
	}
	fmt.Fprintln(a.stdout)
	start := time.Now()
	progress := a.newProgress(&g, p, start)
	res, err := engine.Apply(ctx, p, sess.providers, engine.ApplyOptions{
		Parallelism: *parallelism, AllowDestroy: *allowDestroy, Hooks: progress,
	})
	progress.stop()
	if err != nil {
		return a.fail(err)
	}
	a.verbose(&g, "%d AWS calls: %s", sess.counter.Total(), sess.counter.Summary())
	return a.report(p, res, time.Since(start))
}

// loadPlanFile reads a saved plan and refuses it when the organization has
// changed since it was made.
func (a *app) loadPlanFile(ctx context.Context, g *globals, path string) (*engine.Plan, *session, int) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, a.fail(err)
	}
	p, err := engine.ReadPlan(b)
	if err != nil {
		return nil, nil, a.fail(fmt.Errorf("%s: %w", path, err))
	}
	sess, err := a.connect(ctx, g, sessionOptions{crossAccountRole: p.Settings["crossAccountRole"]})
	if err != nil {
		return nil, nil, a.fail(err)
	}
	live, err := engine.ReadLive(ctx, sess.providers, engine.ScopeExcept(p.Shallow))
	if err != nil {
		sess.close()
		return nil, nil, a.fail(err)
	}
	if engine.LiveDigest(live) != p.LiveDigest {
		sess.close()
		return nil, nil, a.fail(fmt.Errorf("the organization has changed since %s was made, so it may no longer be right; nothing was changed. Make a new plan", path))
	}
	return p, sess, exitOK
}

func (a *app) confirm() bool {
	fmt.Fprint(a.stdout, "\nDo you want orgctl to make these changes? Only 'yes' will be accepted: ")
	line, _ := bufio.NewReader(a.stdin).ReadString('\n')
	return strings.TrimSpace(line) == "yes"
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
		fmt.Fprintf(a.stdout, "\nApply complete in %s: %d change(s) applied.\n", took.Round(100*time.Millisecond), applied)
		return exitOK
	}
	fmt.Fprintf(a.stdout, "\nApply failed after %s: %d applied, %d failed, %d skipped because of a failure.\n",
		took.Round(100*time.Millisecond), applied, res.Count(engine.Failed), res.Count(engine.Skipped))
	for i, o := range res.Outcomes {
		if o == engine.Failed {
			fmt.Fprintf(a.stdout, "\n  ✗ %s\n    %v\n", p.Changes[i].Address(), res.Errors[i])
			for j, cause := range res.Causes {
				if cause == i {
					fmt.Fprintf(a.stdout, "    skipped because of it: %s\n", p.Changes[j].Address())
				}
			}
		}
	}
	fmt.Fprintln(a.stdout, "\nEverything that did not depend on a failure was applied. Fix the cause and run apply again: it picks up where this run stopped.")
	return exitError
}

// progress prints one timestamped line per event of an apply.
type progress struct {
	*app
	color   bool
	start   time.Time
	mu      sync.Mutex
	started map[int]time.Time
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
	p.line("%s %s: %s...", c.Action.Symbol(), c.Address(), verbing(c.Action))
}

func (p *progress) Finished(c *engine.Change, err error) {
	p.mu.Lock()
	took := time.Since(p.started[c.ID]).Round(10 * time.Millisecond)
	p.mu.Unlock()
	if err != nil {
		p.line("%s %s: FAILED after %s: %v", c.Action.Symbol(), c.Address(), took, err)
		return
	}
	p.line("%s %s: done in %s", c.Action.Symbol(), c.Address(), took)
}

func (p *progress) Skipped(c *engine.Change, cause *engine.Change) {
	if cause == nil {
		p.line("%s %s: skipped (interrupted)", c.Action.Symbol(), c.Address())
		return
	}
	p.line("%s %s: skipped because %s failed", c.Action.Symbol(), c.Address(), cause.Address())
}

func verbing(a engine.Action) string {
	switch a {
	case engine.Create:
		return "creating"
	case engine.Update:
		return "updating"
	}
	return "deleting"
}
