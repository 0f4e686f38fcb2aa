package awsapi

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// Conditions that pass with time rather than load (a resource still
// propagating after its creation, a concurrent modification, a service
// still settling after a change) are retried every second or so: waiting
// longer gains nothing, and the SDK's exponential backoff would make a
// throttle that comes after them wait far longer than it needs.
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
	// AddWithErrorCodes returns a RetryerV2 whatever it wraps.
	v2, _ := retry.AddWithErrorCodes(r, codes...).(aws.RetryerV2)
	return settling{RetryerV2: v2, codes: slices.Clone(codes)}
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

type settling struct {
	aws.RetryerV2
	codes []string
}

func (s settling) RetryDelay(attempt int, err error) (time.Duration, error) {
	if slices.Contains(s.codes, Code(err)) && throttles.IsErrorThrottle(err) != aws.TrueTernary {
		return settleBase + rand.N(settleJitter), nil
	}
	return s.RetryerV2.RetryDelay(attempt, err)
}
