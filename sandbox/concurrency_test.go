package sandbox

import (
	"errors"
	"fmt"
	"testing"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/coretest"
)

// TestParallelRequests is meant for -race: writers and readers of every
// codec at once.
func TestParallelRequests(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t, fakeConfig.Option(func(s *fakeSettings) { s.Max = 1000 }))
	const workers, each = 8, 10
	// A step fails with the bodies of the calls that did not succeed.
	coretest.Parallel(t, workers, each, func(w, i int) error {
		var failed []error
		for _, r := range []response{
			e.call("Put", fmt.Sprintf(`{"Name":"w%d-%d"}`, w, i)),
			e.rest("GET", "/things?maxResults=5", ""),
			e.call("Get", "{}"),
		} {
			if r.status != 200 {
				failed = append(failed, errors.New(r.body))
			}
		}
		_ = e.sb.Calls()
		return errors.Join(failed...)
	})
	if got := e.sb.Calls()["fakejson:Put"]; got != workers*each {
		t.Errorf("calls counted %d, want %d", got, workers*each)
	}
	var n int
	e.sb.View(func(c *Call) { n = len(fakeState.Of(c.State).Items) })
	if n != workers*each {
		t.Errorf("%d items, want %d", n, workers*each)
	}
}
