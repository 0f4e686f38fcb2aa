package engine_test

import (
	"context"
	"sync"
	"testing"

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
