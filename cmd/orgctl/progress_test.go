package main

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
)

// screen is a terminal as far as the live view uses one: text, newlines,
// carriage return, cursor up (ESC [ n A) and erase below (ESC [ J).
type screen struct {
	lines    [][]rune
	row, col int
}

var csiRE = regexp.MustCompile(`^\x1b\[(\d*)([AJ])`)

func (s *screen) Write(p []byte) (int, error) {
	in := string(p)
	for len(in) > 0 {
		if m := csiRE.FindStringSubmatch(in); m != nil {
			switch m[2] {
			case "A":
				n, _ := strconv.Atoi(m[1])
				s.row = max(0, s.row-max(n, 1))
			case "J": // erase from the cursor to the end of the screen
				if s.row < len(s.lines) {
					s.lines = s.lines[:s.row+1]
					s.lines[s.row] = s.lines[s.row][:min(s.col, len(s.lines[s.row]))]
				}
			}
			in = in[len(m[0]):]
			continue
		}
		r, size := utf8.DecodeRuneInString(in)
		in = in[size:]
		for len(s.lines) <= s.row {
			s.lines = append(s.lines, nil)
		}
		switch r {
		case '\n':
			s.row++
			s.col = 0
		case '\r':
			s.col = 0
		default:
			l := s.lines[s.row]
			if s.col < len(l) {
				l[s.col] = r
			} else {
				l = append(l, r)
			}
			s.lines[s.row] = l
			s.col++
		}
	}
	return len(p), nil
}

func (s *screen) String() string {
	var out []string
	for _, l := range s.lines {
		out = append(out, string(l))
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n")
}

// fakeClock is set by the test.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time     { return c.t }
func (c *fakeClock) at(d time.Duration) { c.t = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(d) }
func sec(s float64) time.Duration       { return time.Duration(s * float64(time.Second)) }
func change(id int, kind engine.Kind, key string, a engine.Action, deps ...int) *engine.Change {
	return &engine.Change{ID: id, Kind: kind, Key: key, Action: a, DependsOn: deps}
}

// The live view, given events and a clock, draws exactly these screens.
func TestLiveViewFrames(t *testing.T) {
	p := &engine.Plan{Changes: []*engine.Change{
		change(0, orgs.KindOU, "Workloads", engine.Create),
		change(1, orgs.KindAccount, "pay@example.com", engine.Create, 0),
		change(2, orgs.KindAttachment, "scp/guard@account:pay@example.com", engine.Create, 1, 3),
		change(3, orgs.KindPolicy, "scp/guard", engine.Create),
		change(4, orgs.KindAttachment, "scp/guard@ou:Workloads", engine.Create, 0, 3),
		change(5, orgs.KindAttachment, "scp/old@ou:Gone", engine.Delete),
	}}
	p.Changes[5].Implicit = true
	clock := &fakeClock{}
	clock.at(0)
	scr := &screen{}
	v := newLiveView(scr, p, liveOptions{now: clock.now, width: 80, height: 24})
	c := p.Changes

	steps := []struct {
		at    float64
		event func()
		want  string
	}{
		{0, v.tick, `
Applying 5 changes: 0 done, 0 running, 5 waiting · 0.0s`},
		{0.1, func() { v.Started(c[0]); v.Started(c[3]) }, `
Applying 5 changes: 0 done, 2 running, 3 waiting · 0.1s
  ▸ + ou "Workloads" creating… 0.0s (3 waiting on it)
  ▸ + policy "scp/guard" creating… 0.0s (2 waiting on it)`},
		{0.5, func() { v.Finished(c[0], nil); v.Started(c[1]) }, `
✓ + ou "Workloads" created in 0.4s
Applying 5 changes: 1 done, 2 running, 2 waiting · 0.5s
  ▸ + policy "scp/guard" creating… 0.4s (2 waiting on it)
  ▸ + account "pay@example.com" creating… 0.0s (1 waiting on it)`},
		{1.5, func() { v.Finished(c[3], errors.New("AccessDenied")) }, `
✓ + ou "Workloads" created in 0.4s
✗ + policy "scp/guard" failed after 1.4s: AccessDenied
Applying 5 changes: 1 done, 1 running, 0 waiting, 1 failed, 2 to skip · 1.5s
  ▸ + account "pay@example.com" creating… 1.0s`},
		{95, v.tick, `
✓ + ou "Workloads" created in 0.4s
✗ + policy "scp/guard" failed after 1.4s: AccessDenied
Applying 5 changes: 1 done, 1 running, 0 waiting, 1 failed, 2 to skip · 1m35s
  ▸ + account "pay@example.com" creating… 1m34s`},
		{130, func() { v.Finished(c[1], nil); v.Skipped(c[2], c[3]); v.Skipped(c[4], c[3]) }, `
✓ + ou "Workloads" created in 0.4s
✗ + policy "scp/guard" failed after 1.4s: AccessDenied
✓ + account "pay@example.com" created in 2m09s
– + attachment "scp/guard@account:pay@example.com" skipped because policy "scp…
– + attachment "scp/guard@ou:Workloads" skipped because policy "scp/guard" fai…
Applying 5 changes: 2 done, 0 running, 0 waiting, 1 failed, 2 skipped · 2m10s`},
		{131, v.stop, `
✓ + ou "Workloads" created in 0.4s
✗ + policy "scp/guard" failed after 1.4s: AccessDenied
✓ + account "pay@example.com" created in 2m09s
– + attachment "scp/guard@account:pay@example.com" skipped because policy "scp…
– + attachment "scp/guard@ou:Workloads" skipped because policy "scp/guard" fai…`},
	}
	for _, st := range steps {
		clock.at(sec(st.at))
		st.event()
		if diff := cmp.Diff(strings.TrimPrefix(st.want, "\n"), scr.String()); diff != "" {
			t.Fatalf("screen at %.1fs (-want +got):\n%s", st.at, diff)
		}
	}
	before := scr.String()
	v.tick()
	v.Started(c[0])
	if scr.String() != before {
		t.Error("the view drew after stop")
	}
}

// Only as many running changes as the terminal has room for are listed.
func TestLiveViewFitsTheTerminal(t *testing.T) {
	p := &engine.Plan{}
	for i := range 30 {
		p.Changes = append(p.Changes, change(i, orgs.KindOU, "OU"+strconv.Itoa(i), engine.Create))
	}
	clock := &fakeClock{}
	clock.at(0)
	scr := &screen{}
	v := newLiveView(scr, p, liveOptions{now: clock.now, width: 40, height: 8})
	for _, c := range p.Changes {
		v.Started(c)
	}
	lines := strings.Split(scr.String(), "\n")
	if len(lines) != 7 || lines[6] != "  … and 25 more running" {
		t.Errorf("want the head, 5 running and a count of the rest:\n%s", scr)
	}
	for _, l := range lines {
		if n := len([]rune(l)); n >= 40 {
			t.Errorf("line of %d runes on a 40-column terminal: %q", n, l)
		}
	}
}

// Without a terminal, apply keeps one timestamped line per event.
func TestProgressWithoutTerminalIsLines(t *testing.T) {
	var errb bytes.Buffer
	a := &app{stderr: &errb, getenv: func(string) string { return "" }, isTerminal: func(uintptr) bool { return true }}
	p := &engine.Plan{Changes: []*engine.Change{change(0, orgs.KindOU, "A", engine.Create)}}
	v := a.newProgress(&globals{}, p, time.Now())
	if _, ok := v.(lineView); !ok {
		t.Fatalf("a buffer is no terminal, yet got %T", v)
	}
	v.Started(p.Changes[0])
	v.Finished(p.Changes[0], nil)
	v.stop()
	if !regexp.MustCompile(`(?m)^ *\d+\.\ds  \+ ou "A": done in`).MatchString(errb.String()) {
		t.Errorf("no timestamped line:\n%s", errb.String())
	}
	a = &app{stderr: os.Stderr, getenv: func(k string) string { return map[string]string{"TERM": "dumb"}[k] }, isTerminal: func(uintptr) bool { return true }}
	if _, ok := a.newProgress(&globals{}, p, time.Now()).(lineView); !ok {
		t.Error("TERM=dumb cannot redraw in place, so it must get lines")
	}
}

// A long change's progress shows beside it on a terminal, and as spaced
// lines in a log.
func TestProgressReports(t *testing.T) {
	p := &engine.Plan{Changes: []*engine.Change{change(0, orgs.KindOU, "A", engine.Create)}}
	clock := &fakeClock{}
	clock.at(0)
	scr := &screen{}
	v := newLiveView(scr, p, liveOptions{now: clock.now, width: 80, height: 24})
	v.Started(p.Changes[0])
	v.Progress(p.Changes[0], "enrolled 40 of 120 accounts")
	clock.at(sec(1))
	v.tick()
	if want := `  ▸ + ou "A" creating… 1.0s · enrolled 40 of 120 accounts`; !strings.Contains(scr.String(), want) {
		t.Errorf("want %q on screen:\n%s", want, scr)
	}

	var errb bytes.Buffer
	a := &app{stderr: &errb, getenv: func(string) string { return "" }, isTerminal: func(uintptr) bool { return false }}
	lv := a.newProgress(&globals{}, p, time.Now()).(lineView)
	lv.Started(p.Changes[0])
	lv.Progress(p.Changes[0], "enrolled 1 of 120 accounts")
	lv.Progress(p.Changes[0], "enrolled 2 of 120 accounts") // within progressEvery: dropped
	if got := strings.Count(errb.String(), "enrolled"); got != 1 || !strings.Contains(errb.String(), `+ ou "A": enrolled 1 of 120 accounts`) {
		t.Errorf("want one progress line, got:\n%s", errb.String())
	}
	// The last report held back is written when the change finishes.
	lv.Finished(p.Changes[0], nil)
	if !strings.Contains(errb.String(), `+ ou "A": enrolled 2 of 120 accounts`) {
		t.Errorf("the last report was lost:\n%s", errb.String())
	}
}
