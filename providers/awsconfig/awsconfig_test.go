package awsconfig

import (
	"testing"

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
