package awsapi

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
)

// A server error (HTTP 5xx) or a failed connection may pass in seconds
// or last for hours, and retrying it by count alone hides an outage for
// minutes behind exponential backoff. ServerErrorBudget bounds those
// retries by time as well: once budget has passed since the first of an
// unbroken run of server errors, the next one is final. Any other answer
// (throttling, a code a service makes transient) shows the service up and
// ends the run, so time spent waiting out throttling never makes a stray
// 5xx final: only an outage that lasts the budget does. Throttling and
// the transient codes (Retry, RetryContended) keep their own bounds.

// DefaultServerErrorBudget is how long a request keeps retrying server
// errors: with waits doubling from a second, six or seven attempts.
const DefaultServerErrorBudget = 30 * time.Second

type startKey struct{}

// spentError is a server error met after the budget ran out; the
// retryers give it up (Spent).
type spentError struct{ err error }

func (e *spentError) Error() string { return e.err.Error() }
func (e *spentError) Unwrap() error { return e.err }

// Spent reports whether err is a server error met after its request's
// budget ran out, and returns the error to give up with.
func Spent(err error) (error, bool) {
	var s *spentError
	if errors.As(err, &s) {
		return s.err, true
	}
	return err, false
}

// ServerErrorBudget returns the SDK middleware that marks server errors
// met once budget has passed since the first of a run of server errors, for
// the retryer to give up (Spent).
func ServerErrorBudget(budget time.Duration) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		start := middleware.FinalizeMiddlewareFunc("orgctl.ServerErrorBudgetStart",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				return next.HandleFinalize(context.WithValue(ctx, startKey{}, new(time.Time)), in)
			})
		check := middleware.FinalizeMiddlewareFunc("orgctl.ServerErrorBudget",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				out, md, err := next.HandleFinalize(ctx, in)
				// Attempts of one request are sequential: no lock.
				first, ok := ctx.Value(startKey{}).(*time.Time)
				switch {
				case !ok:
				case err == nil || !ServerError(err):
					*first = time.Time{} // the service answered: the run ends
				case first.IsZero():
					*first = time.Now()
				case time.Since(*first) >= budget:
					err = &spentError{err}
				}
				return out, md, err
			})
		if _, ok := stack.Finalize.Get("Retry"); !ok {
			return nil // a client that never retries has nothing to bound
		}
		if err := stack.Finalize.Insert(start, "Retry", middleware.Before); err != nil {
			return err
		}
		return stack.Finalize.Insert(check, "Retry", middleware.After)
	}
}

// ServerError reports whether err is AWS failing rather than the request:
// a server fault, an HTTP 5xx, or a connection that failed. Throttling is
// not: it passes when the client slows down.
func ServerError(err error) bool {
	if throttles.IsErrorThrottle(err).Bool() {
		return false
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && apiErr.ErrorFault() == smithy.FaultServer {
		return true
	}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) && status.HTTPStatusCode() >= 500 {
		return true
	}
	return retry.RetryableConnectionError{}.IsErrorRetryable(err).Bool()
}

// Backoff is the backoff of a client's standard retryer: throttling gets
// the SDK's exponential backoff up to 20 seconds; anything else
// (server errors, failed connections) Exponential from ServerBase.
type Backoff struct {
	ServerBase time.Duration
	throttle   retry.BackoffDelayer
}

// NewBackoff returns the backoff with waits for server errors doubling
// from serverBase.
func NewBackoff(serverBase time.Duration) Backoff {
	return Backoff{ServerBase: serverBase, throttle: retry.NewExponentialJitterBackoff(maxBackoff)}
}

// BackoffDelay implements retry.BackoffDelayer.
func (b Backoff) BackoffDelay(attempt int, err error) (time.Duration, error) {
	if throttles.IsErrorThrottle(err).Bool() {
		return b.throttle.BackoffDelay(attempt, err)
	}
	return Exponential(b.ServerBase, attempt), nil
}
