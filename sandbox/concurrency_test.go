package sandbox

import (
	"fmt"
	"sync"
	"testing"
)

// TestParallelRequests is meant for -race: writers and readers of every
// codec at once.
func TestParallelRequests(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t, fakeConfig.Option(func(s *fakeSettings) { s.Max = 1000 }))
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan string, workers*each*3)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if r := e.call("Put", fmt.Sprintf(`{"Name":"w%d-%d"}`, w, i)); r.status != 200 {
					errs <- r.body
				}
				if r := e.rest("GET", "/things?maxResults=5", ""); r.status != 200 {
					errs <- r.body
				}
				if r := e.call("Get", "{}"); r.status != 200 {
					errs <- r.body
				}
				_ = e.sb.Calls()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := e.sb.Calls()["fakejson:Put"]; got != workers*each {
		t.Errorf("calls counted %d, want %d", got, workers*each)
	}
	var n int
	e.sb.View(func(c *Call) { n = len(fakeState.Of(c.State).Items) })
	if n != workers*each {
		t.Errorf("%d items, want %d", n, workers*each)
	}
}
