package awsapi

import (
	"testing"
	"time"

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
