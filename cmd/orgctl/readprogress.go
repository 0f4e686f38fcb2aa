package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/orgctl/orgctl/engine"
)

// readLine shows how a read of the live organization is getting on, on
// stderr, so that stdout keeps only the plan (-o, --format json). On a
// terminal it is one line redrawn in place and erased when the read ends;
// in a log (CI) it is a line every progressEvery, and none for a read
// shorter than that.
type readLine struct {
	mu    sync.Mutex
	w     io.Writer
	now   func() time.Time
	start time.Time
	calls func() int // AWS requests so far
	tty   bool
	width int

	order []string // providers, in the order their reads started
	reads map[string]*providerRead
	drawn bool // a line is on screen (tty)
	wrote bool // a line was logged (not a tty)

	ticker  ticker
	stopped bool
}

type providerRead struct {
	done, total      int
	unit             string
	calls            int // AWS requests of its read, for one that counts nothing else
	finished, failed bool
}

// readInterval is how often the terminal line is redrawn: often enough
// that counts move smoothly.
const readInterval = 250 * time.Millisecond

// readProgress starts a read view for a command's reads and returns the
// context that carries it to them; the caller stops the view before it
// writes anything else.
func (a *app) readProgress(ctx context.Context, g *globals, calls func() int) (context.Context, *readLine) {
	v := &readLine{w: a.stderr, now: time.Now, calls: calls, reads: map[string]*providerRead{}}
	v.start = v.now()
	interval := progressEvery
	// --debug and -v write lines of their own to stderr while the read
	// runs, which a line redrawn in place would garble.
	if fd, ok := fdOf(a.stderr); ok && a.isTerminal(fd) && a.getenv("TERM") != "dumb" && !g.debug && !g.verbose {
		v.tty, interval = true, readInterval
		if w, _, err := term.GetSize(int(fd)); err == nil {
			v.width = w
		}
	}
	v.ticker.start(interval, v.tick)
	return engine.WithReadHooks(ctx, v), v
}

// tick writes the status: in place on a terminal, as a new line in a log.
func (v *readLine) tick() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.stopped {
		return
	}
	line := v.status()
	if v.tty {
		if v.width > 1 && utf8.RuneCountInString(line) >= v.width {
			line = string([]rune(line)[:v.width-2]) + "…"
		}
		fmt.Fprintf(v.w, "\r\x1b[J%s", line)
		v.drawn = true
		return
	}
	fmt.Fprintf(v.w, "%6.1fs  %s\n", v.now().Sub(v.start).Seconds(), line)
	v.wrote = true
}

// status is the one line: the services still being read, with their
// counts where they report them, and how many are done.
func (v *readLine) status() string {
	var busy []string
	finished := 0
	for _, name := range v.order {
		r := v.reads[name]
		switch {
		case r.finished:
			finished++
		case r.total > 0:
			busy = append(busy, fmt.Sprintf("%s %d/%d %s", name, r.done, r.total, r.unit))
		case r.calls > 0:
			busy = append(busy, fmt.Sprintf("%s (%d calls)", name, r.calls))
		default:
			busy = append(busy, name)
		}
	}
	if len(v.order) == 0 {
		return "Reading the organization…"
	}
	parts := []string{"Reading the organization:"}
	if len(busy) > 0 {
		parts = append(parts, strings.Join(busy, ", ")+";")
	}
	s := strings.Join(parts, " ") + fmt.Sprintf(" %d/%d services done", finished, len(v.order))
	if v.calls != nil {
		s += fmt.Sprintf(", %d AWS calls", v.calls())
	}
	if v.tty { // a log's lines start with the time already
		s += " · " + elapsed(v.now().Sub(v.start))
	}
	return s
}

// printf writes a line of the command's own while the view runs, above
// the status line.
func (v *readLine) printf(format string, args ...any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.erase()
	fmt.Fprintf(v.w, format, args...)
}

// erase removes the status line from a terminal. The caller holds mu.
func (v *readLine) erase() {
	if v.drawn {
		io.WriteString(v.w, "\r\x1b[J")
		v.drawn = false
	}
}

// stop ends the view: the line is erased, and a log that showed progress
// says how long the read took. It may be called more than once.
func (v *readLine) stop() {
	if v == nil {
		return
	}
	v.mu.Lock()
	if v.stopped {
		v.mu.Unlock()
		return
	}
	v.stopped = true
	v.mu.Unlock()
	v.ticker.stop()
	v.mu.Lock()
	defer v.mu.Unlock()
	v.erase()
	if v.wrote {
		calls := ""
		if v.calls != nil {
			calls = fmt.Sprintf(" with %d AWS calls", v.calls())
		}
		what := "Read the organization"
		for _, r := range v.reads {
			if !r.finished || r.failed {
				what = "Stopped reading the organization"
			}
		}
		fmt.Fprintf(v.w, "%6.1fs  %s%s.\n", v.now().Sub(v.start).Seconds(), what, calls)
	}
}

func (v *readLine) ReadStarted(provider string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, ok := v.reads[provider]; !ok {
		v.order = append(v.order, provider)
	}
	// A second read (apply reads again under the lock) starts afresh.
	v.reads[provider] = &providerRead{}
}

func (v *readLine) ReadFinished(provider string, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if r := v.reads[provider]; r != nil {
		r.finished, r.failed = true, err != nil
	}
}

func (v *readLine) ReadCalled(provider string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if r := v.reads[provider]; r != nil {
		r.calls++
	}
}

func (v *readLine) ReadProgress(provider string, done, total int, unit string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	// Reports race each other from many goroutines: counts only grow.
	if r := v.reads[provider]; r != nil {
		r.done, r.total, r.unit = max(r.done, done), max(r.total, total), unit
	}
}
