package awsapi

import (
	"context"
	"fmt"
	"sync"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	"github.com/orgctl/orgctl/engine"
	"golang.org/x/time/rate"
)

// Rate is a service's request limit as a token bucket, RPS requests a
// second, Burst at once, and InFlight the most requests in flight at once
// (the ceiling of an Adaptive bound; DefaultInFlight when zero). The zero
// Rate means no limit until the service throttles. Ops are the buckets of
// operations AWS limits apart (RPS and Burst only), drawn from as well.
type Rate struct {
	RPS      float64
	Burst    int
	InFlight int
	Ops      map[string]Rate
}

// Limiters pace requests per (service, region) with a token bucket each,
// as AWS throttles: a run that reads five regions of GuardDuty gets five
// buckets, one for each. They also bound the requests in flight per
// (service, region), adapting to throttling (Adaptive), whichever provider
// sends them. It is safe for concurrent use; a nil *Limiters paces each
// client apart.
type Limiters struct {
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
	gates   map[string]*Adaptive
}

var throttles = retry.IsErrorThrottles(retry.DefaultThrottles)

// DefaultInFlight is the in-flight ceiling of a service whose rate names
// none: high enough to bound nothing until the service throttles, from
// where halving reaches a handful within a few rounds.
const DefaultInFlight = 64

// Middleware returns the SDK middleware that makes every attempt of a
// request (retries included) wait for a token of its operation's bucket,
// when r has one, then for a slot of the in-flight bound of service in
// region, then for a token of the service's bucket, shaped by r. A
// throttled attempt means AWS's buckets are behind ours: each gives up one
// more token to fall in step again, and the bound halves.
func (l *Limiters) Middleware(service, region string, r Rate) func(*middleware.Stack) error {
	if l == nil {
		l = &Limiters{} // a client of its own
	}
	if r.InFlight <= 0 {
		r.InFlight = DefaultInFlight
	}
	key := limitKey(service, region)
	// One bound per key, shared by every client of it: a provider whose
	// rate gives a lower ceiling lowers it in place, even after this
	// client was built.
	g := l.gate(key, r.InFlight)
	var b *rate.Limiter
	if r.RPS > 0 {
		b = l.bucket(key, r)
	}
	ops := map[string]*rate.Limiter{}
	for op, or := range r.Ops {
		if or.RPS > 0 {
			ops[op] = l.bucket(key+"/"+op, or)
		}
	}
	// opNote names the operation's bucket, for a long wait's progress.
	opNote := func(op string) string {
		or := r.Ops[op]
		if or.RPS < 1 {
			return fmt.Sprintf("one every %s, %d at once", time.Duration(float64(time.Second)/or.RPS), or.Burst)
		}
		return fmt.Sprintf("%g a second, %d at once", or.RPS, or.Burst)
	}
	return func(stack *middleware.Stack) error {
		return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("orgctl.RateLimit",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				// The operation's token comes before the slot: an
				// operation AWS allows once in ten seconds must not
				// hold slots the others could use meanwhile.
				op := awsmiddleware.GetOperationName(ctx)
				ob := ops[op]
				if ob != nil {
					if err := waitTurn(ctx, ob, func(d time.Duration) {
						engine.Progress(ctx, "waiting %s for AWS's %s rate (%s)", d.Round(time.Second), op, opNote(op))
					}); err != nil {
						return middleware.FinalizeOutput{}, middleware.Metadata{}, err
					}
				}
				// The slot comes first, the service's token last: a
				// token taken long before its request is sent would
				// let requests reach AWS bunched, over its burst.
				ticket, err := g.Acquire(ctx)
				if err != nil {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, err
				}
				if b != nil {
					if err := b.Wait(ctx); err != nil {
						g.Release(ticket, false)
						return middleware.FinalizeOutput{}, middleware.Metadata{}, err
					}
				}
				out, md, err := next.HandleFinalize(ctx, in)
				engine.ReadCalled(ctx)
				throttled := err != nil && throttles.IsErrorThrottle(err).Bool()
				if throttled {
					for _, bucket := range []*rate.Limiter{b, ob} {
						if bucket != nil {
							bucket.ReserveN(time.Now(), 1)
						}
					}
				}
				g.Release(ticket, throttled)
				return out, md, err
			}), "Retry", middleware.After)
	}
}

// global are the services AWS throttles once for all regions: a client
// made from a regional session (a provider's home region) shares the
// buckets and bound of one made in us-east-1.
var global = map[string]bool{"organizations": true}

// limitKey names the buckets and bound of service in region.
func limitKey(service, region string) string {
	if global[service] {
		return service
	}
	return service + "/" + region
}

// longWait is a wait for a token worth telling the user of: the apply
// view would otherwise show a change stuck for no reason.
const longWait = 2 * time.Second

// waitTurn waits for a token of b, calling note first when that takes
// longWait or more.
func waitTurn(ctx context.Context, b *rate.Limiter, note func(time.Duration)) error {
	res := b.Reserve()
	d := res.Delay()
	if d == 0 {
		return nil
	}
	if d >= longWait {
		note(d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		res.Cancel()
		return ctx.Err()
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

// gate returns the in-flight bound of key, making it with ceiling n when
// there is none yet and n is above zero, and lowering its ceiling to n
// when it is higher: the lowest ceiling any provider gives is the
// service's. nil when there is none.
func (l *Limiters) gate(key string, n int) *Adaptive {
	l.mu.Lock()
	defer l.mu.Unlock()
	g := l.gates[key]
	switch {
	case g == nil && n > 0:
		if l.gates == nil {
			l.gates = map[string]*Adaptive{}
		}
		g = NewAdaptive(n)
		l.gates[key] = g
	case g != nil && n > 0:
		g.lower(n)
	}
	return g
}

// InFlightLimit is the in-flight bound of service in region now, or 0 when
// it has none (for -v and tests).
func (l *Limiters) InFlightLimit(service, region string) int {
	if g := l.gate(limitKey(service, region), 0); g != nil {
		return g.Limit()
	}
	return 0
}

// Bound returns SDK middleware that lets at most n attempts of requests
// through it be in flight at once: a provider's own parallelism, under
// the adaptive bound its service's rate may add. It holds a slot for each
// attempt, not across the SDK's backoff between attempts, so a request
// waiting out a throttle leaves its slot to others. It goes after the
// rate limiter, so no slot is held while waiting for a token.
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
