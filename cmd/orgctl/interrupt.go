package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/orgctl/orgctl/engine"
)

// cutOff reports whether err is a change's failure only because the apply
// was interrupted (Ctrl-C, SIGTERM) while it ran.
func cutOff(err error) bool { return errors.Is(err, context.Canceled) }

// listAtMost keeps an interrupted apply's lists of changes short enough
// to read; the plan of the next run shows them all.
const listAtMost = 20

// reportInterrupted says what an interrupted apply did and did not do and
// how to finish it; changes cut off while running are not failures.
func (a *app) reportInterrupted(p *engine.Plan, res *engine.Result, took time.Duration, resume string) int {
	var applied, stopped, failed, notStarted []*engine.Change
	for i, o := range res.Outcomes {
		c := p.Changes[i]
		if c.Implicit {
			continue
		}
		switch {
		case o == engine.Applied:
			applied = append(applied, c)
		case o == engine.Failed && cutOff(res.Errors[i]):
			stopped = append(stopped, c)
		case o == engine.Failed:
			failed = append(failed, c)
		default:
			notStarted = append(notStarted, c)
		}
	}
	fmt.Fprintf(a.stdout, "\nInterrupted after %s: %d change(s) applied, %d stopped while in progress, %d not started",
		elapsed(took), len(applied), len(stopped), len(notStarted))
	if len(failed) > 0 {
		fmt.Fprintf(a.stdout, ", %d failed", len(failed))
	}
	fmt.Fprintln(a.stdout, ".")
	list := func(title string, cs []*engine.Change) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(a.stdout, "\n  %s:\n", title)
		for i, c := range cs {
			if i == listAtMost && len(cs) > listAtMost+1 {
				fmt.Fprintf(a.stdout, "    … and %d more\n", len(cs)-i)
				break
			}
			fmt.Fprintf(a.stdout, "    %s %s\n", c.Action.Symbol(), c.Address())
		}
	}
	list("Applied", applied)
	list("Stopped while in progress (AWS may have carried some out)", stopped)
	a.printFailures(p, res, true)
	if len(notStarted) > 0 {
		fmt.Fprintf(a.stdout, "\n  %d change(s) not started.\n", len(notStarted))
	}
	fmt.Fprintf(a.stdout, "\nTo finish, run apply again: its plan shows what remains, including what was stopped.\n  %s\n", resume)
	return exitError
}

// resumeCommand is how to finish an interrupted apply: apply the spec
// again, or, for a saved plan, which the interrupted apply made stale,
// plan again first.
func (g *globals) resumeCommand(file string, saved *engine.Plan, planFile string) string {
	if saved != nil {
		return g.replanCommand(saved, planFile) + "  # then review it and: " + g.command(false, "apply", planFile)
	}
	return g.command(true, "apply", "-f", file)
}
