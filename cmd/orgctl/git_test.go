package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/gitsource"
	"github.com/orgctl/orgctl/gitsource/gittest"
	"github.com/orgctl/orgctl/workflow"
)

// A commit older than the one git applied last is refused; one that does
// not contain it gets a note at the top of its plan, naming both.
func TestRefuseOlderAndNote(t *testing.T) {
	r := gittest.New(t)
	c1 := r.Commit("one", map[string]string{"org.yaml": "1\n"})
	c2 := r.Commit("two", map[string]string{"org.yaml": "2\n"})
	r.Branch("side")
	c3 := r.Commit("side", map[string]string{"org.yaml": "3\n"})
	r.Checkout("main")
	c4 := r.Commit("four", map[string]string{"org.yaml": "4\n"})
	repo, err := gitsource.Open(context.Background(), r.Dir, gitsource.Options{})
	if err != nil {
		t.Fatal(err)
	}
	live := func(h string) *engine.GitCommit {
		return &engine.GitCommit{Commit: h, Ref: "main", AppliedAt: "2026-01-01T00:00:00Z"}
	}
	tests := []struct {
		name       string
		apply      string
		live       *engine.GitCommit
		overridden bool // live is the commit an apply from disk overrode
		allowOlder bool
		wantErr    string // "" for no error
		wantWarn   string // in stderr
		wantNote   string // "" for no note
	}{
		{name: "nothing recorded", apply: c1, live: nil},
		{name: "the live commit again", apply: c2, live: live(c2)},
		{name: "newer", apply: c4, live: live(c2)},
		{name: "older", apply: c1, live: live(c2), wantErr: "is older than the live commit " + c2[:12] + " (main, applied 2026-01-01T00:00:00Z)",
			wantNote: "Commit " + c1[:12] + " is older than the live commit " + c2[:12]},
		{name: "older, two back", apply: c1, live: live(c4), wantErr: "--allow-older", wantNote: "roll back"},
		{name: "older, allowed", apply: c1, live: live(c4), allowOlder: true, wantWarn: "applying it anyway (--allow-older)", wantNote: "is older than"},
		{name: "diverged", apply: c3, live: live(c4),
			wantNote: "Commit " + c3[:12] + " does not contain the live commit " + c4[:12] + " (main, applied 2026-01-01T00:00:00Z): the two have diverged"},
		{name: "live commit unknown here", apply: c4, live: live(strings.Repeat("0", 40)), wantNote: "is not in " + r.Dir},
		{name: "older than an overridden commit", apply: c1, live: live(c2), overridden: true,
			wantErr: "is older than commit " + c2[:12] + " (main, applied 2026-01-01T00:00:00Z), the last one applied from git", wantNote: "the last one applied from git"},
		{name: "diverged from an overridden commit", apply: c3, live: live(c4), overridden: true,
			wantNote: "does not contain commit " + c4[:12] + " (main, applied 2026-01-01T00:00:00Z), the last one applied from git"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			a := &app{stderr: &stderr}
			c, err := repo.Resolve(tt.apply)
			if err != nil {
				t.Fatal(err)
			}
			p := &engine.Plan{Source: &engine.GitCommit{Commit: c.Hash}}
			rel, err := a.relate(context.Background(), &gitSpec{repo: repo, commit: c}, p, tt.live, tt.overridden)
			if err != nil {
				t.Fatal(err)
			}
			err = a.refuseOlder(rel, tt.allowOlder)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			if tt.wantWarn != "" && !strings.Contains(stderr.String(), tt.wantWarn) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.wantWarn)
			}
			if tt.wantWarn == "" && stderr.Len() > 0 {
				t.Errorf("unexpected warning: %s", stderr.String())
			}
			rel.note(p)
			notes, _ := workflow.Notes(p.Diags)
			switch {
			case tt.wantNote == "" && len(notes) > 0:
				t.Errorf("unexpected note: %v", notes)
			case tt.wantNote != "" && (len(notes) != 1 || !strings.Contains(notes[0].Error(), tt.wantNote)):
				t.Errorf("notes %v, want one saying %q", notes, tt.wantNote)
			}
		})
	}
}

func TestLockTTL(t *testing.T) {
	tests := []struct {
		env     string
		want    time.Duration
		wantErr bool
	}{
		{"", defaultLockTTL, false},
		{"5s", 5 * time.Second, false},
		{"soon", 0, true},
		{"1ms", 0, true},
	}
	for _, tt := range tests {
		a := &app{getenv: func(k string) string {
			if k == lockTTLEnv {
				return tt.env
			}
			return ""
		}}
		got, err := a.lockTTL()
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%s=%q: got %v, %v", lockTTLEnv, tt.env, got, err)
		}
	}
}

func TestRepoPath(t *testing.T) {
	for in, want := range map[string]string{"org.yaml": "org.yaml", "./org.yaml": "org.yaml", "/specs/org.yaml": "specs/org.yaml", `specs\org.yaml`: "specs/org.yaml"} {
		if got := repoPath(in); got != want {
			t.Errorf("repoPath(%q) = %q, want %q", in, got, want)
		}
	}
}
