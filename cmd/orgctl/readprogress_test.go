package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// On a terminal the read view is one line, redrawn in place with the
// services still being read and their counts, and gone when it stops.
func TestReadViewTerminal(t *testing.T) {
	clock := &fakeClock{}
	clock.at(0)
	scr := &screen{}
	calls := 0
	v := &readLine{w: scr, now: clock.now, start: clock.now(), calls: func() int { return calls }, tty: true, width: 200, reads: map[string]*providerRead{}}

	steps := []struct {
		at    float64
		event func()
		want  string
	}{
		{0.25, func() { v.ReadStarted("organizations"); v.ReadStarted("guardduty") },
			"Reading the organization: organizations, guardduty; 0/2 services done, 0 AWS calls · 0.2s"},
		// A service that counts nothing else shows its requests.
		{0.5, func() {
			v.ReadProgress("organizations", 3, 500, "accounts")
			v.ReadCalled("organizations")
			v.ReadCalled("guardduty")
			v.ReadCalled("guardduty")
			calls = 12
		},
			"Reading the organization: organizations 3/500 accounts, guardduty (2 calls); 0/2 services done, 12 AWS calls · 0.5s"},
		// Reports from many goroutines arrive out of order: counts never go back.
		{0.75, func() {
			v.ReadProgress("organizations", 214, 500, "accounts")
			v.ReadProgress("organizations", 213, 500, "accounts")
		},
			"Reading the organization: organizations 214/500 accounts, guardduty (2 calls); 0/2 services done, 12 AWS calls · 0.8s"},
		{1, func() { v.ReadFinished("guardduty", nil) },
			"Reading the organization: organizations 214/500 accounts; 1/2 services done, 12 AWS calls · 1.0s"},
		{1.25, func() { v.printf("Acquired the apply lock L at T.\n") },
			"Acquired the apply lock L at T.\nReading the organization: organizations 214/500 accounts; 1/2 services done, 12 AWS calls · 1.2s"},
		{1.5, func() { v.ReadFinished("organizations", nil) },
			"Acquired the apply lock L at T.\nReading the organization: 2/2 services done, 12 AWS calls · 1.5s"},
	}
	for _, s := range steps {
		clock.at(sec(s.at))
		s.event()
		v.tick()
		if diff := cmp.Diff(s.want, scr.String()); diff != "" {
			t.Errorf("at %.2fs (-want +got):\n%s", s.at, diff)
		}
	}
	v.stop()
	v.tick() // a tick racing stop draws nothing
	if got := scr.String(); got != "Acquired the apply lock L at T." {
		t.Errorf("after stop the screen is %q, want only the line printed above the view", got)
	}
}

// A line cut to the terminal's width never wraps, so it redraws in place.
func TestReadViewFitsTheTerminal(t *testing.T) {
	clock := &fakeClock{}
	clock.at(0)
	scr := &screen{}
	v := &readLine{w: scr, now: clock.now, start: clock.now(), tty: true, width: 30, reads: map[string]*providerRead{}}
	v.ReadStarted("organizations")
	v.tick()
	if got, want := scr.String(), "Reading the organization: or…"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// In a log the view writes a line each tick and, if it wrote any, how
// the read ended; a read shorter than a tick writes nothing.
func TestReadViewLog(t *testing.T) {
	clock := &fakeClock{}
	clock.at(0)
	var out bytes.Buffer
	v := &readLine{w: &out, now: clock.now, start: clock.now(), calls: func() int { return 40 }, reads: map[string]*providerRead{}}
	v.ReadStarted("organizations")
	v.ReadProgress("organizations", 10, 20, "accounts")
	clock.at(sec(5))
	v.tick()
	v.ReadProgress("organizations", 20, 20, "accounts")
	clock.at(sec(10))
	v.tick()
	v.ReadFinished("organizations", nil)
	clock.at(sec(12.5))
	v.stop()
	v.stop() // twice is harmless
	want := "   5.0s  Reading the organization: organizations 10/20 accounts; 0/1 services done, 40 AWS calls\n" +
		"  10.0s  Reading the organization: organizations 20/20 accounts; 0/1 services done, 40 AWS calls\n" +
		"  12.5s  Read the organization with 40 AWS calls.\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("log (-want +got):\n%s", diff)
	}

	// A read cut short says so.
	out.Reset()
	cut := &readLine{w: &out, now: clock.now, start: clock.now(), reads: map[string]*providerRead{}}
	cut.ReadStarted("organizations")
	cut.ReadStarted("guardduty")
	cut.ReadFinished("guardduty", context.Canceled)
	cut.tick()
	cut.stop()
	if !strings.HasSuffix(out.String(), "Stopped reading the organization.\n") {
		t.Errorf("a read cut short ends with %q", out.String())
	}

	out.Reset()
	quick := &readLine{w: &out, now: clock.now, start: clock.now(), reads: map[string]*providerRead{}}
	quick.ReadStarted("organizations")
	quick.ReadFinished("organizations", nil)
	quick.stop()
	if out.Len() != 0 {
		t.Errorf("a quick read logged %q, want nothing", out.String())
	}
}
