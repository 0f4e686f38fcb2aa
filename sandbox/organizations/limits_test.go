package organizations

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/orgctl/orgctl/sandbox"
)

// isSDKThrottle checks an SDK error is what the SDK's standard retryer
// retries as a throttle, with the HTTP status AWS sends.
func isSDKThrottle(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Fatalf("error %v, want %s", err, code)
	}
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusBadRequest {
		t.Errorf("HTTP status of %v, want 400", err)
	}
	if ae.ErrorFault() == smithy.FaultServer {
		t.Errorf("%s is a server fault, want a client one", code)
	}
	r := retry.NewStandard()
	if !r.IsErrorRetryable(err) {
		t.Errorf("the SDK's standard retryer does not retry %v", err)
	}
	if retry.IsErrorThrottles(retry.DefaultThrottles).IsErrorThrottle(err) != aws.TrueTernary {
		t.Errorf("the SDK does not classify %v as a throttle", err)
	}
}

func TestRateLimitThrottlesAsAWS(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.WithRateLimits(sandbox.RateLimits{"organizations": {RPS: 2, Burst: 3}, "sts": {RPS: 1, Burst: 1}}))
	for i := range 3 {
		if _, err := e.Org.ListRoots(e.Ctx, nil); err != nil {
			t.Fatalf("request %d within the burst: %v", i+1, err)
		}
	}
	_, err := e.Org.ListRoots(e.Ctx, nil)
	var tooMany *types.TooManyRequestsException
	if !errors.As(err, &tooMany) {
		t.Fatalf("request over the burst: %v, want TooManyRequestsException", err)
	}
	isSDKThrottle(t, err, "TooManyRequestsException")

	// STS has its own bucket, and throttles in awsQuery form.
	if _, err := e.STS.GetCallerIdentity(e.Ctx, nil); err != nil {
		t.Fatal(err)
	}
	_, err = e.STS.GetCallerIdentity(e.Ctx, nil)
	isSDKThrottle(t, err, "Throttling")
	status, _, body := e.Raw(http.MethodPost, "/", map[string]string{"Authorization": e.Auth("sts"),
		"Content-Type": "application/x-www-form-urlencoded"}, "Action=GetCallerIdentity&Version=2011-06-15")
	want := `<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>`
	if status != 400 || !strings.Contains(body, want) {
		t.Errorf("raw STS throttle: %d %s, want 400 with %s", status, body, want)
	}

	// Tokens come back at the rate: half a second buys one request.
	e.Clock.Advance(500 * time.Millisecond)
	if _, err := e.Org.ListRoots(e.Ctx, nil); err != nil {
		t.Errorf("after refill: %v", err)
	}
	if _, err := e.Org.ListRoots(e.Ctx, nil); !errors.As(err, &tooMany) {
		t.Errorf("second request after a one-token refill: %v, want TooManyRequestsException", err)
	}
	if got := e.SB.Faults()["ratelimit"]; got != 4 {
		t.Errorf("Faults()[ratelimit] = %d, want 4", got)
	}
}

func TestLatencyDelaysEveryCall(t *testing.T) {
	t.Parallel()
	const d = 30 * time.Millisecond
	e := newEnv(t, sandbox.WithLatency(d))
	start := time.Now()
	if _, err := e.Org.ListRoots(e.Ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.STS.GetCallerIdentity(e.Ctx, nil); err != nil {
		t.Fatal(err)
	}
	// A lower bound only: a timer never fires early.
	if elapsed := time.Since(start); elapsed < 2*d {
		t.Errorf("two calls took %s, want at least %s", elapsed, 2*d)
	}
}
