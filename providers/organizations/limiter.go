package organizations

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	"golang.org/x/time/rate"
)

// Organizations throttles per account with a token bucket whose size AWS
// does not publish; 10 requests a second with a burst of 20 is what it
// sustains in practice, and what the sandbox models.
const (
	defaultRate  = 10
	defaultBurst = 20
)

// WithRate shapes the provider's requests like the service's own limit: a
// token bucket refilled at rps requests a second, holding up to burst.
// Every attempt, retries included, waits for a token, so a large read runs
// at the limit without tripping it. rps <= 0 turns the limiter off.
func WithRate(rps float64, burst int) Option {
	return func(o *options) { o.rate, o.burst = rps, burst }
}

// limiter paces requests to what the service allows.
type limiter struct{ b *rate.Limiter }

func newLimiter(rps float64, burst int) *limiter {
	if rps <= 0 {
		return nil
	}
	return &limiter{b: rate.NewLimiter(rate.Limit(rps), max(1, burst))}
}

var throttles = retry.IsErrorThrottles(retry.DefaultThrottles)

// register puts the limiter inside the SDK's retry loop, so that each
// attempt takes a token. A throttled attempt means AWS's bucket is behind
// ours: the limiter takes one more token to fall in step again.
func (l *limiter) register(stack *middleware.Stack) error {
	return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("orgctl.RateLimit",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			if err := l.b.Wait(ctx); err != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, err
			}
			out, md, err := next.HandleFinalize(ctx, in)
			if err != nil && throttles.IsErrorThrottle(err).Bool() {
				l.b.ReserveN(time.Now(), 1)
			}
			return out, md, err
		}), "Retry", middleware.After)
}
