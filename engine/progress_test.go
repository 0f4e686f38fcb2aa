package engine_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
)

// reporter is a provider whose Apply reports progress.
type reporter struct{ kind engine.Kind }

func (r reporter) Name() string                                                   { return "reporter" }
func (r reporter) Kinds() []engine.Kind                                           { return []engine.Kind{r.kind} }
func (r reporter) Read(context.Context, *engine.Scope) ([]engine.Resource, error) { return nil, nil }
func (r reporter) Apply(ctx context.Context, c *engine.Change, _ *engine.IDs) (string, error) {
	engine.Progress(ctx, "%d of %d", 1, 2)
	return "", nil
}

type heard struct {
	sync.Mutex
	msgs []string
}

func (h *heard) Started(*engine.Change)                 {}
func (h *heard) Finished(*engine.Change, error)         {}
func (h *heard) Skipped(*engine.Change, *engine.Change) {}
func (h *heard) Progress(c *engine.Change, msg string) {
	h.Lock()
	defer h.Unlock()
	h.msgs = append(h.msgs, c.Key+": "+msg)
}

func TestProgressReachesHooks(t *testing.T) {
	p, err := engine.Diff([]engine.Resource{{Kind: toyMember, Key: "m"}}, nil, engine.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h := &heard{}
	if _, err := engine.Apply(context.Background(), p, []engine.Provider{reporter{toyMember}}, engine.ApplyOptions{Hooks: h}); err != nil {
		t.Fatal(err)
	}
	if len(h.msgs) != 1 || h.msgs[0] != "m: 1 of 2" {
		t.Errorf("heard %q, want [m: 1 of 2]", h.msgs)
	}
	// Without hooks that listen, reporting is a no-op.
	engine.Progress(context.Background(), "nobody")
}

// reading is a provider whose Read reports progress, or fails.
type reading struct {
	name string
	fail error
}

func (r reading) Name() string         { return r.name }
func (r reading) Kinds() []engine.Kind { return nil }
func (r reading) Read(ctx context.Context, _ *engine.Scope) ([]engine.Resource, error) {
	engine.ReadCalled(ctx)
	engine.ReadProgress(ctx, 1, 2, "reads")
	engine.ReadProgress(ctx, 2, 2, "reads")
	return nil, r.fail
}
func (r reading) Apply(context.Context, *engine.Change, *engine.IDs) (string, error) { return "", nil }

type readHeard struct {
	sync.Mutex
	events []string
}

func (h *readHeard) add(s string) {
	h.Lock()
	defer h.Unlock()
	h.events = append(h.events, s)
}
func (h *readHeard) ReadStarted(p string) { h.add(p + " started") }
func (h *readHeard) ReadFinished(p string, err error) {
	h.add(fmt.Sprintf("%s finished: %v", p, err))
}
func (h *readHeard) ReadProgress(p string, done, total int, unit string) {
	h.add(fmt.Sprintf("%s %d/%d %s", p, done, total, unit))
}
func (h *readHeard) ReadCalled(p string) { h.add(p + " called") }

// Each provider's read is bracketed by started and finished, with its
// progress between, named after it.
func TestReadProgressReachesHooks(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name string
		fail error
		want []string
	}{
		{"ok", nil, []string{"p started", "p called", "p 1/2 reads", "p 2/2 reads", "p finished: <nil>"}},
		{"failing", boom, []string{"p started", "p called", "p 1/2 reads", "p 2/2 reads", "p finished: boom"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &readHeard{}
			ctx := engine.WithReadHooks(context.Background(), h)
			_, _, err := engine.ReadLive(ctx, []engine.Provider{reading{"p", tc.fail}}, nil)
			if !errors.Is(err, tc.fail) {
				t.Fatalf("err = %v, want %v", err, tc.fail)
			}
			if diff := cmp.Diff(tc.want, h.events); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
	// Outside a read, and without hooks, reporting is a no-op.
	engine.ReadProgress(engine.WithReadHooks(context.Background(), &readHeard{}), 1, 1, "reads")
	engine.ReadProgress(context.Background(), 1, 1, "reads")
	engine.ReadCalled(engine.WithReadHooks(context.Background(), &readHeard{}))
	engine.ReadCalled(context.Background())
}
