package guardduty

import (
	"errors"
	"testing"

	"github.com/aws/smithy-go"
)

func TestRegionClosed(t *testing.T) {
	closed := &smithy.GenericAPIError{Code: "UnrecognizedClientException", Message: "The security token included in the request is invalid."}
	for _, tt := range []struct {
		name   string
		region string
		err    error
		want   bool
	}{
		{"an opt-in Region refusing the credentials", "ap-east-2", closed, true},
		{"the same refusal in a Region enabled by default", "eu-west-1", closed, false},
		{"another error in an opt-in Region", "ap-east-2", &smithy.GenericAPIError{Code: "BadRequestException"}, false},
		{"no error", "ap-east-2", nil, false},
		{"not AWS's", "ap-east-2", errors.New("dial tcp: refused"), false},
	} {
		if got := regionClosed(tt.region, tt.err); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
