package awsapi

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// Conditions that pass with time rather than load (a resource still
// propagating after its creation, a service still settling after a
// change) are retried every second or so: waiting longer gains nothing,
// and the SDK's exponential backoff would make a throttle that comes after
// them wait far longer than it needs.
const (
	settleBase   = 500 * time.Millisecond
	settleJitter = time.Second
)

// Retry adds a service's transient error codes to a client's retryer:
// they are retried as settling conditions, at a steady pace, as long as
// the retryer has attempts left. Throttling keeps the SDK's backoff.
//
//	client := guardduty.NewFromConfig(cfg, func(o *guardduty.Options) {
//		o.Retryer = awsapi.Retry(o.Retryer, "BadRequestException")
//	})
func Retry(r aws.Retryer, codes ...string) aws.Retryer {
	return withCodes(r, codes, func(int) time.Duration { return settleBase + rand.N(settleJitter) })
}

// RetryContended adds the error codes of contention to a client's
// retryer: a write that overlapped another write to the same entity
// (ConcurrentModificationException). They are retried with exponential
// backoff from ContendedBase, so that writers who collided spread apart
// instead of colliding again a second later.
func RetryContended(r aws.Retryer, codes ...string) aws.Retryer {
	return withCodes(r, codes, func(attempt int) time.Duration { return Exponential(ContendedBase, attempt) })
}

// ContendedBase is the first wait after a contended write.
const ContendedBase = 250 * time.Millisecond

// maxBackoff caps the waits of Exponential, as the SDK caps its own.
const maxBackoff = 20 * time.Second

// Exponential is the wait before retry attempt+1 (attempt counts from 1):
// base doubled each attempt, up to 20 seconds, of which a random half
// (equal jitter), so that the waits grow for certain while clients that
// failed together do not retry together.
func Exponential(base time.Duration, attempt int) time.Duration {
	d := maxBackoff
	if attempt < 30 {
		d = min(maxBackoff, base<<max(0, attempt-1))
	}
	return d/2 + rand.N(d/2+1)
}

// Attempts raises a retryer's attempts to at least n, for requests that
// may meet a settling condition for a while (a write naming a resource
// just created).
func Attempts(r aws.Retryer, n int) aws.Retryer {
	if r.MaxAttempts() >= n {
		return r
	}
	return retry.AddWithMaxAttempts(r, n)
}

func withCodes(r aws.Retryer, codes []string, delay func(attempt int) time.Duration) aws.Retryer {
	// AddWithErrorCodes returns a RetryerV2 whatever it wraps.
	v2, _ := retry.AddWithErrorCodes(r, codes...).(aws.RetryerV2)
	return coded{RetryerV2: v2, codes: slices.Clone(codes), delay: delay}
}

type coded struct {
	aws.RetryerV2
	codes []string
	delay func(attempt int) time.Duration
}

func (c coded) RetryDelay(attempt int, err error) (time.Duration, error) {
	if e, ok := Spent(err); ok {
		return 0, e
	}
	if slices.Contains(c.codes, Code(err)) && throttles.IsErrorThrottle(err) != aws.TrueTernary {
		return c.delay(attempt), nil
	}
	return c.RetryerV2.RetryDelay(attempt, err)
}
