package engine_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/engine"
)

// The plan an apply shows says its destructive changes need
// --allow-destroy, or, when it was given, that they are allowed.
func TestSummarySaysWhetherDestroyIsAllowed(t *testing.T) {
	p := &engine.Plan{Changes: []*engine.Change{{Kind: "ou", Key: "Old", Action: engine.Delete}},
		Summary: engine.Summary{Delete: 1, Destructive: 1}}
	for _, tt := range []struct {
		allow bool
		want  string
	}{
		{false, "(1 destructive: needs --allow-destroy)"},
		{true, "(1 destructive, allowed by --allow-destroy)"},
	} {
		var b bytes.Buffer
		engine.RenderText(&b, p, engine.Style{AllowDestroy: tt.allow})
		if !strings.Contains(b.String(), tt.want) {
			t.Errorf("AllowDestroy %v: want %q in\n%s", tt.allow, tt.want, b.String())
		}
	}
}
