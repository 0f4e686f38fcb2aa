package sandbox_test

import (
	"testing"

	"github.com/orgctl/orgctl/sandbox"
	_ "github.com/orgctl/orgctl/sandbox/all"
)

// Every service's patterns compile: they are compiled on first use, so a
// bad one would otherwise fail only in a request.
func TestPatternsCompile(t *testing.T) {
	ps := sandbox.Patterns()
	if len(ps) == 0 {
		t.Fatal("no service made a pattern; the test sees none")
	}
	for _, p := range ps {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("a pattern does not compile: %v", r)
				}
			}()
			p.Regexp()
		}()
	}
}
