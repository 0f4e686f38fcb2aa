package awsapi

import (
	"context"
	"sync"
)

// Adaptive bounds the requests in flight to a service and adapts the
// bound to throttling, as TCP adapts its window (AIMD): a throttled
// attempt halves the bound, down to one; each success adds 1/bound, so a
// whole round of successes adds one, up to the ceiling. AWS answers too
// many requests at once ("another request is already in progress") with
// the same throttling error as too many in a second, so one controller
// serves both. It is safe for concurrent use.
type Adaptive struct {
	ceiling int

	mu       sync.Mutex
	limit    float64
	inFlight int
	// issued numbers the attempts let through; a throttle of an attempt
	// issued before the last cut belongs to the congestion that cut was
	// for, and does not cut again.
	issued, cutAt uint64
	wake          chan struct{}
}

// NewAdaptive returns a bound that starts at, and never exceeds, ceiling
// (at least 1).
func NewAdaptive(ceiling int) *Adaptive {
	ceiling = max(1, ceiling)
	return &Adaptive{ceiling: ceiling, limit: float64(ceiling), wake: make(chan struct{})}
}

// Limit is the bound now: how many attempts may be in flight.
func (a *Adaptive) Limit() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return int(a.limit)
}

// lower lowers the ceiling to n (at least 1), if it is higher.
func (a *Adaptive) lower(n int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if n = max(1, n); n < a.ceiling {
		a.ceiling = n
		a.limit = min(a.limit, float64(n))
	}
}

// Acquire waits for a slot and returns its ticket, to pass to Release.
func (a *Adaptive) Acquire(ctx context.Context) (uint64, error) {
	for {
		a.mu.Lock()
		if a.inFlight < int(a.limit) {
			a.inFlight++
			a.issued++
			n := a.issued
			a.mu.Unlock()
			return n, nil
		}
		wake := a.wake
		a.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// Release frees the slot of ticket, saying whether its attempt was
// throttled.
func (a *Adaptive) Release(ticket uint64, throttled bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.inFlight--
	switch {
	case throttled && ticket > a.cutAt:
		a.limit = max(1, a.limit/2)
		a.cutAt = a.issued
	case !throttled:
		a.limit = min(float64(a.ceiling), a.limit+1/a.limit)
	}
	close(a.wake)
	a.wake = make(chan struct{})
}
