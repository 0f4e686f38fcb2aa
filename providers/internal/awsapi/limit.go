package awsapi

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	"golang.org/x/time/rate"
)

// Rate is a service's request limit as a token bucket: RPS requests a
// second, Burst at once. The zero Rate means no limit.
type Rate struct {
	RPS   float64
	Burst int
}

// Limiters pace requests per (service, region) with a token bucket each,
// as AWS throttles: a run that reads five regions of GuardDuty gets five
// buckets, one for each. It is safe for concurrent use.
type Limiters struct {
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

var throttles = retry.IsErrorThrottles(retry.DefaultThrottles)

// Middleware returns the SDK middleware that makes every attempt of a
// request (retries included) wait for a token of the bucket of service
// in region, shaped by r. A throttled attempt means AWS's bucket is behind
// ours: the bucket gives up one more token to fall in step again. A zero
// r adds nothing.
func (l *Limiters) Middleware(service, region string, r Rate) func(*middleware.Stack) error {
	if r.RPS <= 0 {
		return func(*middleware.Stack) error { return nil }
	}
	b := l.bucket(service+"/"+region, r)
	return func(stack *middleware.Stack) error {
		return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("orgctl.RateLimit",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				if err := b.Wait(ctx); err != nil {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, err
				}
				out, md, err := next.HandleFinalize(ctx, in)
				if err != nil && throttles.IsErrorThrottle(err).Bool() {
					b.ReserveN(time.Now(), 1)
				}
				return out, md, err
			}), "Retry", middleware.After)
	}
}

func (l *Limiters) bucket(key string, r Rate) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*rate.Limiter{}
	}
	b := l.buckets[key]
	if b == nil {
		b = rate.NewLimiter(rate.Limit(r.RPS), max(1, r.Burst))
		l.buckets[key] = b
	}
	return b
}

// Bound returns SDK middleware that lets at most n attempts of requests
// through it be in flight at once. It holds a slot for each attempt, not
// across the SDK's backoff between attempts, so a request waiting out a
// throttle leaves its slot to others. It goes after the rate limiter, so
// no slot is held while waiting for a token.
func Bound(n int) func(*middleware.Stack) error {
	slots := make(chan struct{}, max(1, n))
	return func(stack *middleware.Stack) error {
		return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("orgctl.BoundAttempts",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				select {
				case slots <- struct{}{}:
				case <-ctx.Done():
					return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
				}
				defer func() { <-slots }()
				return next.HandleFinalize(ctx, in)
			}), middleware.After)
	}
}
