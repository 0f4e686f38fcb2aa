package awsapi

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
)

func TestRetryRetriesTheServicesCodesSteadily(t *testing.T) {
	base := retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 10; o.MaxBackoff = 20 * time.Second })
	r := Retry(base, "ConcurrentModificationException", "TargetNotFoundException")
	tests := []struct {
		name      string
		err       error
		retryable bool
		min, max  time.Duration // of the wait before a late attempt
	}{
		{"a listed code", &types.ConcurrentModificationException{}, true, settleBase, settleBase + settleJitter},
		{"another listed code", &types.TargetNotFoundException{}, true, settleBase, settleBase + settleJitter},
		{"throttling keeps the SDK's backoff", &types.TooManyRequestsException{}, true, 0, 20 * time.Second},
		{"a server fault", &smithy.GenericAPIError{Code: "InternalFailure", Fault: smithy.FaultServer}, false, 0, 20 * time.Second},
		{"a code not listed", &types.DuplicateOrganizationalUnitException{}, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.IsErrorRetryable(tt.err); got != tt.retryable {
				t.Errorf("IsErrorRetryable(%T) = %v, want %v", tt.err, got, tt.retryable)
			}
			if !tt.retryable {
				return
			}
			for range 50 {
				d, err := r.RetryDelay(9, tt.err)
				if err != nil || d < tt.min || d > tt.max {
					t.Fatalf("RetryDelay(9, %T) = %s, %v; want within [%s, %s]", tt.err, d, err, tt.min, tt.max)
				}
			}
		})
	}
	if r.MaxAttempts() != 10 {
		t.Errorf("MaxAttempts = %d, want the base retryer's 10", r.MaxAttempts())
	}
	if got := Attempts(r, 20).MaxAttempts(); got != 20 {
		t.Errorf("Attempts(20) = %d", got)
	}
	if got := Attempts(r, 5).MaxAttempts(); got != 10 {
		t.Errorf("Attempts(5) lowered the attempts to %d", got)
	}
}

// A contended write is retried with waits that grow: each attempt's
// shortest wait is at least the previous attempt's longest half.
func TestRetryContendedBacksOffExponentially(t *testing.T) {
	base := retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 10 })
	r := RetryContended(base, "ConcurrentModificationException")
	cme := &types.ConcurrentModificationException{}
	if !r.IsErrorRetryable(cme) {
		t.Fatal("ConcurrentModificationException is not retried")
	}
	var prevMax time.Duration
	for attempt := 1; attempt <= 8; attempt++ {
		lo, hi := time.Duration(1<<62), time.Duration(0)
		for range 200 {
			d, err := r.(aws.RetryerV2).RetryDelay(attempt, cme)
			if err != nil {
				t.Fatal(err)
			}
			lo, hi = min(lo, d), max(hi, d)
		}
		want := min(maxBackoff, ContendedBase<<(attempt-1))
		if lo < want/2 || hi > want {
			t.Errorf("attempt %d: waits within [%s, %s], want within [%s, %s]", attempt, lo, hi, want/2, want)
		}
		if attempt > 1 && attempt < 8 && lo < prevMax/2 {
			t.Errorf("attempt %d: shortest wait %s, under half the previous longest %s", attempt, lo, prevMax)
		}
		prevMax = hi
	}
}

// A server error's waits grow from the base; a throttle's follow the SDK.
// An error the budget marks as spent is given up at once, by every
// retryer, even for a code a service retries.
func TestServerErrorsBackOffAndStopWhenSpent(t *testing.T) {
	b := NewBackoff(100 * time.Millisecond)
	fault := &smithy.GenericAPIError{Code: "ServiceException", Fault: smithy.FaultServer}
	for attempt, want := range map[int]time.Duration{1: 100 * time.Millisecond, 3: 400 * time.Millisecond, 12: maxBackoff} {
		d, _ := b.BackoffDelay(attempt, fault)
		if d < want/2 || d > want {
			t.Errorf("server error, attempt %d: wait %s, want within [%s, %s]", attempt, d, want/2, want)
		}
	}
	if !ServerError(fault) || ServerError(&types.TooManyRequestsException{}) || ServerError(&types.ConcurrentModificationException{}) {
		t.Error("ServerError misclassifies")
	}
	spent := &spentError{fault}
	std := retry.NewStandard(func(o *retry.StandardOptions) { o.Backoff = b })
	for name, r := range map[string]aws.Retryer{
		"a service's code": Retry(std, "ServiceException"),
		"contended":        RetryContended(std, "ServiceException"),
	} {
		d, err := r.(aws.RetryerV2).RetryDelay(1, spent)
		if err != fault || d != 0 {
			t.Errorf("%s: RetryDelay of a spent error = %s, %v; want to give up with the error itself", name, d, err)
		}
	}
}
