package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/orgctl/orgctl/engine"
)

// progressView is what apply reports its progress to.
type progressView interface {
	engine.Hooks
	// stop ends the view; nothing is written after it returns.
	stop()
}

// newProgress picks how apply shows progress: on a terminal, a live view
// redrawn in place; otherwise one timestamped line per event, which reads
// well in CI logs.
func (a *app) newProgress(g *globals, p *engine.Plan, start time.Time) progressView {
	color := a.color(g, a.stderr)
	if fd, ok := fdOf(a.stderr); ok && a.isTerminal(fd) && a.getenv("TERM") != "dumb" {
		width, height, err := term.GetSize(int(fd))
		if err != nil {
			width, height = 0, 0
		}
		v := newLiveView(a.stderr, p, liveOptions{now: time.Now, color: color, width: width, height: height})
		v.run(250 * time.Millisecond)
		return v
	}
	return lineView{&progress{app: a, color: color, start: start, started: map[int]time.Time{}, stopped: map[int]bool{}}, map[int]time.Time{}, map[int]string{}}
}

// lineView is the line-per-event progress, which needs no stopping.
type lineView struct {
	*progress
	// reported is when each change last reported its progress; held is
	// its latest report not written yet, written when it finishes.
	reported map[int]time.Time
	held     map[int]string
}

func (lineView) stop() {}

// progressEvery spaces a long change's progress lines in a log: often
// enough that a CI log shows it alive, not a line per account.
const progressEvery = 5 * time.Second

// Progress writes how a long change is getting on, at most every
// progressEvery; its last word comes when it finishes.
func (v lineView) Progress(c *engine.Change, msg string) {
	v.mu.Lock()
	now := time.Now()
	if t, ok := v.reported[c.ID]; ok && now.Sub(t) < progressEvery {
		v.held[c.ID] = msg
		v.mu.Unlock()
		return
	}
	v.reported[c.ID] = now
	delete(v.held, c.ID)
	v.mu.Unlock()
	v.line("%s %s: %s", c.Action.Symbol(), c.Address(), msg)
}

// Finished writes the change's last report, if it was held back, then
// its outcome.
func (v lineView) Finished(c *engine.Change, err error) {
	v.mu.Lock()
	msg := v.held[c.ID]
	delete(v.held, c.ID)
	v.mu.Unlock()
	if msg != "" {
		v.line("%s %s: %s", c.Action.Symbol(), c.Address(), msg)
	}
	v.progress.Finished(c, err)
}

// liveOptions tune a liveView; tests inject the clock and the size.
type liveOptions struct {
	now   func() time.Time
	color bool
	// width and height of the terminal; 0 when unknown. Lines are cut to
	// the width so that none wraps and the redraw stays in place.
	width, height int
}

type liveState int

const (
	waiting liveState = iota
	running
	applied
	failed
	skipped
	stopped // cut off by an interrupt
)

// liveView shows an apply on a terminal: finished changes scroll up as
// permanent lines, and below them a region redrawn in place counts what is
// done, running, waiting and failed, and lists what is running with how
// long it has been at it (creating an account takes minutes).
type liveView struct {
	mu      sync.Mutex
	w       io.Writer
	opts    liveOptions
	start   time.Time
	changes []*engine.Change
	state   []liveState
	began   []time.Time
	notes   []string // each running change's last progress report
	drawn   int      // lines of the region now on screen
	total   int      // changes that are carried out (not implicit)
	ticker  ticker
	stopped bool
}

func newLiveView(w io.Writer, p *engine.Plan, opts liveOptions) *liveView {
	v := &liveView{w: w, opts: opts, start: opts.now(), changes: p.Changes,
		state: make([]liveState, len(p.Changes)), began: make([]time.Time, len(p.Changes)), notes: make([]string, len(p.Changes))}
	for _, c := range p.Changes {
		if !c.Implicit {
			v.total++
		}
	}
	return v
}

// run redraws every interval, so elapsed times move, until stop.
func (v *liveView) run(interval time.Duration) {
	v.ticker.start(interval, v.tick)
	v.tick()
}

func (v *liveView) tick() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.redraw(nil)
}

func (v *liveView) stop() {
	v.ticker.stop()
	v.mu.Lock()
	defer v.mu.Unlock()
	v.clear()
	v.stopped = true
}

func (v *liveView) Started(c *engine.Change) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.state[c.ID], v.began[c.ID] = running, v.opts.now()
	v.redraw(nil)
}

func (v *liveView) Finished(c *engine.Change, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	took := elapsed(v.opts.now().Sub(v.began[c.ID]))
	if cutOff(err) {
		v.state[c.ID] = stopped
		v.redraw([]string{v.paint("33", fmt.Sprintf("– %s %s stopped after %s: interrupted", c.Action.Symbol(), c.Address(), took))})
		return
	}
	if err != nil {
		v.state[c.ID] = failed
		v.redraw([]string{v.paint("31", fmt.Sprintf("✗ %s %s failed after %s: %v", c.Action.Symbol(), c.Address(), took, err))})
		return
	}
	v.state[c.ID] = applied
	v.redraw([]string{v.paint("32", "✓") + fmt.Sprintf(" %s %s %s in %s", c.Action.Symbol(), c.Address(), pastTense(c), took)})
}

// Progress shows a running change's report beside it, in place.
func (v *liveView) Progress(c *engine.Change, msg string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.notes[c.ID] = msg
}

func (v *liveView) Skipped(c *engine.Change, cause *engine.Change) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.state[c.ID] = skipped
	if cause == nil || v.state[cause.ID] == stopped {
		v.redraw(nil) // an interrupt's skips are counted, not listed
		return
	}
	why := "because " + cause.Address() + " failed"
	v.redraw([]string{v.paint("33", "–") + fmt.Sprintf(" %s %s skipped %s", c.Action.Symbol(), c.Address(), why)})
}

// redraw replaces the region with lines above it (permanent) and a fresh
// frame. The caller holds mu.
func (v *liveView) redraw(above []string) {
	if v.stopped {
		return
	}
	var b strings.Builder
	v.erase(&b)
	for _, l := range above {
		b.WriteString(v.fit(l) + "\n")
	}
	frame := v.frame()
	for _, l := range frame {
		b.WriteString(v.fit(l) + "\n")
	}
	v.drawn = len(frame)
	io.WriteString(v.w, b.String())
}

func (v *liveView) clear() {
	if v.stopped {
		return
	}
	var b strings.Builder
	v.erase(&b)
	v.drawn = 0
	io.WriteString(v.w, b.String())
}

// erase moves to the first line of the region and clears to the end of
// the screen.
func (v *liveView) erase(b *strings.Builder) {
	if v.drawn > 0 {
		fmt.Fprintf(b, "\x1b[%dA", v.drawn)
	}
	b.WriteString("\r\x1b[J")
}

// frame is the region: a line of counts, then what is running, longest
// first.
func (v *liveView) frame() []string {
	now := v.opts.now()
	doomed := v.doomed()
	var nRunning, nDone, nWaiting, nDoomed, nFailed, nSkipped, nStopped int
	var runningIDs []int
	for i, c := range v.changes {
		if c.Implicit {
			continue
		}
		switch v.state[i] {
		case waiting:
			if doomed[i] {
				nDoomed++
			} else {
				nWaiting++
			}
		case running:
			nRunning++
			runningIDs = append(runningIDs, i)
		case applied:
			nDone++
		case failed:
			nFailed++
		case skipped:
			nSkipped++
		case stopped:
			nStopped++
		}
	}
	head := fmt.Sprintf("Applying %d changes: %d done, %d running, %d waiting", v.total, nDone, nRunning, nWaiting)
	if nFailed > 0 {
		head += ", " + v.paint("31", fmt.Sprintf("%d failed", nFailed))
	}
	if nSkipped > 0 {
		head += fmt.Sprintf(", %d skipped", nSkipped)
	}
	if nStopped > 0 {
		head += fmt.Sprintf(", %d stopped", nStopped)
	}
	if nDoomed > 0 {
		head += fmt.Sprintf(", %d to skip", nDoomed)
	}
	head += " · " + elapsed(now.Sub(v.start))
	lines := []string{head}

	blocked := v.blockedOn(doomed)
	// Longest running first: that is what the user waits for. Ties keep
	// plan order.
	for i := 1; i < len(runningIDs); i++ {
		for j := i; j > 0 && v.began[runningIDs[j]].Before(v.began[runningIDs[j-1]]); j-- {
			runningIDs[j], runningIDs[j-1] = runningIDs[j-1], runningIDs[j]
		}
	}
	room := 10
	if v.opts.height > 0 {
		room = max(1, min(room, v.opts.height-3))
	}
	for k, id := range runningIDs {
		if k == room && len(runningIDs) > room+1 {
			lines = append(lines, fmt.Sprintf("  … and %d more running", len(runningIDs)-room))
			break
		}
		c := v.changes[id]
		l := fmt.Sprintf("  ▸ %s %s %s… %s", c.Action.Symbol(), c.Address(), verbing(c), elapsed(now.Sub(v.began[id])))
		if n := v.notes[id]; n != "" {
			l += " · " + n
		}
		if n := blocked[id]; n > 0 {
			l += fmt.Sprintf(" (%d waiting on it)", n)
		}
		lines = append(lines, l)
	}
	return lines
}

// doomed marks the waiting changes that depend on a failure, directly or
// not: the walk will skip them (and says so only at its end).
func (v *liveView) doomed() []bool {
	out := make([]bool, len(v.changes))
	// Changes come in topological order, so dependencies are decided first.
	for i, c := range v.changes {
		if v.state[i] != waiting {
			continue
		}
		for _, d := range c.DependsOn {
			if d < len(out) && (v.state[d] == failed || v.state[d] == skipped || out[d]) {
				out[i] = true
				break
			}
		}
	}
	return out
}

// blockedOn counts, for each running change, the waiting changes that
// depend on it, directly or through other waiting changes, leaving out
// those a failure dooms.
func (v *liveView) blockedOn(doomed []bool) map[int]int {
	memo := map[int][]int{}
	var runningDeps func(id int) []int
	runningDeps = func(id int) []int {
		if r, ok := memo[id]; ok {
			return r
		}
		memo[id] = nil // the plan is a DAG; this only guards a damaged one
		seen := map[int]bool{}
		var out []int
		for _, d := range v.changes[id].DependsOn {
			var from []int
			switch {
			case v.state[d] == running:
				from = []int{d}
			case v.state[d] == waiting:
				from = runningDeps(d)
			}
			for _, r := range from {
				if !seen[r] {
					seen[r] = true
					out = append(out, r)
				}
			}
		}
		memo[id] = out
		return out
	}
	counts := map[int]int{}
	for i, c := range v.changes {
		if !c.Implicit && v.state[i] == waiting && !doomed[i] {
			for _, r := range runningDeps(i) {
				counts[r]++
			}
		}
	}
	return counts
}

func (v *liveView) paint(code, s string) string {
	if !v.opts.color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// fit cuts a line to the terminal width, so it never wraps. Colour codes
// are only ever whole lines' prefixes here, so cutting counts them too and
// errs on the short side.
func (v *liveView) fit(l string) string {
	if v.opts.width <= 0 || utf8.RuneCountInString(l) < v.opts.width {
		return l
	}
	r := []rune(l)
	cut := string(r[:v.opts.width-2]) + "…"
	if v.opts.color {
		cut += "\x1b[0m"
	}
	return cut
}

// elapsed is a short duration: 0.4s, 12.3s, 2m05s.
func elapsed(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	d = d.Truncate(time.Second)
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}

func pastTense(c *engine.Change) string {
	_, done := engine.Verbs(c)
	return done
}
