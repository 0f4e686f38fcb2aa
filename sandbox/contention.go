package sandbox

import (
	"context"
	"sync"
	"time"
)

// AWS refuses two kinds of overlap, whatever the rate: a caller with too
// many requests of one service in progress ("another request is already
// in progress", a throttle), and a write to an entity another write is
// still changing (a concurrent modification). The sandbox models both
// with the requests it is serving: a request is in progress from its
// arrival until its answer, which --latency stretches, so that overlaps
// happen as they do on AWS.

// inFlight tracks the requests being served. The zero value is ready.
type inFlight struct {
	mu sync.Mutex
	// callers counts requests in progress by bucket and caller (access
	// key): AWS counts per account, and a caller is one account.
	callers map[string]int
	// entities holds the entities a write in progress is changing, by
	// service and ID.
	entities map[string]bool
}

// enter counts a request of key in, unless limit are in progress already.
func (f *inFlight) enter(key string, limit int) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.callers[key] >= limit {
		return false
	}
	if f.callers == nil {
		f.callers = map[string]int{}
	}
	f.callers[key]++
	return true
}

func (f *inFlight) leave(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.callers[key]--; f.callers[key] <= 0 {
		delete(f.callers, key)
	}
}

// claim marks every entity of ids as being changed, unless one already is.
func (f *inFlight) claim(service string, ids []string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, id := range ids {
		if f.entities[service+"/"+id] {
			return false
		}
	}
	if f.entities == nil {
		f.entities = map[string]bool{}
	}
	for _, id := range ids {
		f.entities[service+"/"+id] = true
	}
	return true
}

func (f *inFlight) unclaim(service string, ids []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, id := range ids {
		delete(f.entities, service+"/"+id)
	}
}

// overlap admits a request that overlaps nothing it may not: it returns
// the function that ends it, or the error AWS gives for the overlap.
// caller is the request's access key.
func (s *Sandbox) overlap(svc *Service, op, caller string, body []byte) (func(), *Error) {
	var done []func()
	end := func() {
		for _, fn := range done {
			fn()
		}
	}
	if n := s.limiter.inFlight(svc.Name); n > 0 && caller != "" {
		key := bucketOf(svc.Name) + "/" + caller
		if !s.inflight.enter(key, n) {
			s.recordFault("inflight")
			if svc.Busy != nil {
				return end, svc.Busy()
			}
			return end, svc.Throttle()
		}
		done = append(done, func() { s.inflight.leave(key) })
	}
	if o := svc.Ops[op]; o != nil && o.Write && svc.Entities != nil && svc.ConcurrentModification != nil {
		ids := svc.Entities(op, body)
		if !s.inflight.claim(svc.Name, ids) {
			s.recordFault("contention")
			return end, svc.ConcurrentModification()
		}
		done = append(done, func() { s.inflight.unclaim(svc.Name, ids) })
	}
	return end, nil
}

// wait sleeps d, or until ctx ends.
func wait(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
