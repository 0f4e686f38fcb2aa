package awsconfig

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
)

func TestRetryerRetriesWhatAWSMakesTransient(t *testing.T) {
	r := NewRetryer(10)
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"concurrent modification", &types.ConcurrentModificationException{Message: new(string)}, true},
		{"organization finalizing", &types.FinalizingOrganizationException{}, true},
		{"throttling", &types.TooManyRequestsException{}, true},
		{"service fault", &smithy.GenericAPIError{Code: "ServiceException"}, true},
		{"constraint violation", &types.ConstraintViolationException{Reason: types.ConstraintViolationExceptionReasonOuDepthLimitExceeded}, false},
		{"duplicate OU", &types.DuplicateOrganizationalUnitException{}, false},
		{"access denied", &types.AccessDeniedException{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.IsErrorRetryable(tt.err); got != tt.want {
				t.Errorf("IsErrorRetryable(%T) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
	if r.MaxAttempts() != 10 {
		t.Errorf("MaxAttempts = %d, want 10", r.MaxAttempts())
	}
}

func TestBackoffSettlesSteadilyAndThrottlesGrow(t *testing.T) {
	b := newBackoff(20 * time.Second)
	tests := []struct {
		name     string
		err      error
		attempt  int
		min, max time.Duration
	}{
		{"not yet visible, late attempt", &types.TargetNotFoundException{}, 9, settleBase, settleBase + settleJitter},
		{"concurrent modification", &types.ConcurrentModificationException{}, 3, settleBase, settleBase + settleJitter},
		{"throttle, first retry", &types.TooManyRequestsException{}, 1, 0, time.Second},
		{"throttle, late retry", &types.TooManyRequestsException{}, 9, 0, 20 * time.Second},
		{"server fault", &types.ServiceException{}, 1, 0, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 50 {
				d, err := b.BackoffDelay(tt.attempt, tt.err)
				if err != nil || d < tt.min || d > tt.max {
					t.Fatalf("BackoffDelay(%d, %T) = %s, %v; want within [%s, %s]", tt.attempt, tt.err, d, err, tt.min, tt.max)
				}
			}
		})
	}
}
