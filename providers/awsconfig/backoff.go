package awsconfig

import (
	"errors"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
)

// Backoff waits before a retry. Throttling and server faults back off as the
// SDK's standard retryer does: exponentially, with full jitter, up to 20 s,
// so that a throttled run slows down to the rate AWS allows. Conditions that
// pass with time rather than load (a resource still propagating after its
// creation, a concurrent modification) are retried every second or so:
// waiting longer gains nothing, and growing the wait would only make a
// throttle that comes after them back off for far longer than it needs.
type Backoff struct {
	std      *retry.Standard // its RetryDelay is the SDK's backoff
	throttle retry.IsErrorThrottle
	settling map[string]bool
}

// settleBase and settleJitter shape the wait before retrying a settling
// condition: settleBase plus up to settleJitter.
const (
	settleBase   = 500 * time.Millisecond
	settleJitter = time.Second
)

// SettlingCodes are the error codes of conditions that pass with time: the
// transient ones every request retries, and the not-found and busy errors
// that providers retry on requests naming a resource just created.
var SettlingCodes = []string{
	"ConcurrentModificationException",
	"FinalizingOrganizationException",
	"PolicyChangesInProgressException",
	"TargetNotFoundException",
	"ParentNotFoundException",
	"DestinationParentNotFoundException",
	"SourceParentNotFoundException",
	"OrganizationalUnitNotFoundException",
	"PolicyNotFoundException",
	"AccountNotFoundException",
	"ChildNotFoundException",
	"CreateAccountStatusNotFoundException",
	"PolicyTypeNotEnabledException",
	"OrganizationalUnitNotEmptyException",
	"PolicyInUseException",
}

func newBackoff(maxBackoff time.Duration) *Backoff {
	b := &Backoff{
		std:      retry.NewStandard(func(o *retry.StandardOptions) { o.MaxBackoff = maxBackoff }),
		throttle: retry.IsErrorThrottles(retry.DefaultThrottles),
		settling: map[string]bool{},
	}
	for _, c := range SettlingCodes {
		b.settling[c] = true
	}
	return b
}

// BackoffDelay implements retry.BackoffDelayer.
func (b *Backoff) BackoffDelay(attempt int, err error) (time.Duration, error) {
	var ae smithy.APIError
	if errors.As(err, &ae) && b.settling[ae.ErrorCode()] && b.throttle.IsErrorThrottle(err) != aws.TrueTernary {
		return settleBase + rand.N(settleJitter), nil
	}
	return b.std.RetryDelay(attempt, err)
}
