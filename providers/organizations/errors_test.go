package organizations

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

// Organizations' clients retry a concurrent modification with waits that
// grow, and the conditions that pass with time at a steady pace.
func TestRetryerBacksOffContendedWrites(t *testing.T) {
	r := retryer(retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts = 15 })).(aws.RetryerV2)
	tests := []struct {
		err      error
		attempt  int
		min, max time.Duration
	}{
		{&types.ConcurrentModificationException{}, 1, awsapi.ContendedBase / 2, awsapi.ContendedBase},
		{&types.ConcurrentModificationException{}, 6, awsapi.ContendedBase << 4, awsapi.ContendedBase << 5},
		{&types.PolicyChangesInProgressException{}, 6, 500 * time.Millisecond, 1500 * time.Millisecond},
	}
	for _, tt := range tests {
		if !r.IsErrorRetryable(tt.err) {
			t.Errorf("%T is not retried", tt.err)
		}
		for range 20 {
			if d, err := r.RetryDelay(tt.attempt, tt.err); err != nil || d < tt.min || d > tt.max {
				t.Fatalf("%T, attempt %d: wait %s (%v), want within [%s, %s]", tt.err, tt.attempt, d, err, tt.min, tt.max)
			}
		}
	}
}
