package awsapi

import (
	"context"
	"fmt"
	"time"
)

// Polling paces the polls of asynchronous work: the first wait, then
// waits doubling up to Max.
type Polling struct {
	Interval, Max time.Duration
}

// Poll calls check until it reports done or fails, waiting after each
// call; it gives up after timeout, saying what it waited for. first is a
// wait before the first call (0 for none).
func (pl Polling) Poll(ctx context.Context, first, timeout time.Duration, what string, check func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	if err := Sleep(ctx, first); err != nil {
		return err
	}
	wait := max(pl.Interval, time.Millisecond)
	for {
		done, err := check()
		if err != nil || done {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: still not done after %s", what, timeout)
		}
		if err := Sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(wait*2, max(pl.Max, pl.Interval))
	}
}

// Sleep waits d, or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
