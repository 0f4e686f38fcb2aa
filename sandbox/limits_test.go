package sandbox

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
	"github.com/google/go-cmp/cmp"
)

func TestParseRateLimits(t *testing.T) {
	t.Parallel()
	def := DefaultRateLimits()
	with := func(k string, r Rate) RateLimits {
		l := DefaultRateLimits()
		l[k] = r
		return l
	}
	tests := []struct {
		in      string
		want    RateLimits
		wantErr string
	}{
		{in: "none", want: RateLimits{}},
		{in: "aws", want: def},
		{in: "organizations=10:20", want: def},
		{in: "organizations=2.5:5", want: with("organizations", Rate{2.5, 5})},
		{in: " sts=1:1 ", want: with("sts", Rate{1, 1})},
		{in: "sso=40:40", want: with("identitycenter", Rate{40, 40})},
		{in: "default=none", want: RateLimits{"organizations": {10, 20}, "identitycenter": {20, 20}}},
		{in: "organizations=1:2,sts=3:4", want: func() RateLimits {
			l := with("organizations", Rate{1, 2})
			l["sts"] = Rate{3, 4}
			return l
		}()},
		{in: "", wantErr: "empty rate"},
		{in: "organizations", wantErr: `want SERVICE=RPS:BURST`},
		{in: "=1:2", wantErr: `want SERVICE=RPS:BURST`},
		{in: "Organizations=1:2", wantErr: `not a service signing name`},
		{in: "organizations=10", wantErr: `want RPS:BURST after =`},
		{in: "organizations=0:20", wantErr: `requests per second "0" must be a number above 0`},
		{in: "organizations=fast:20", wantErr: `requests per second "fast"`},
		{in: "organizations=10:0", wantErr: `burst "0" must be a whole number of at least 1`},
		{in: "organizations=10:2.5", wantErr: `burst "2.5"`},
		{in: "sso=1:1,identitystore=2:2", wantErr: `identitycenter is given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRateLimits(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseRateLimits(%q) error %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			again, err := ParseRateLimits(got.String())
			if err != nil || !cmp.Equal(got, again) {
				t.Errorf("String %q does not parse back: %v %v", got.String(), again, err)
			}
		})
	}
}

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
	e := newEnv(t, WithRateLimits(RateLimits{"organizations": {RPS: 2, Burst: 3}, "sts": {RPS: 1, Burst: 1}}))
	for i := range 3 {
		if _, err := e.org.ListRoots(e.ctx, nil); err != nil {
			t.Fatalf("request %d within the burst: %v", i+1, err)
		}
	}
	_, err := e.org.ListRoots(e.ctx, nil)
	var tooMany *types.TooManyRequestsException
	if !errors.As(err, &tooMany) {
		t.Fatalf("request over the burst: %v, want TooManyRequestsException", err)
	}
	isSDKThrottle(t, err, "TooManyRequestsException")

	// STS has its own bucket, and throttles in awsQuery form.
	if _, err := e.sts.GetCallerIdentity(e.ctx, nil); err != nil {
		t.Fatal(err)
	}
	_, err = e.sts.GetCallerIdentity(e.ctx, nil)
	isSDKThrottle(t, err, "Throttling")
	raw := e.raw(http.MethodPost, "", e.authFor("sts"), "application/x-www-form-urlencoded", "Action=GetCallerIdentity&Version=2011-06-15")
	want := `<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>`
	if raw.status != 400 || !strings.Contains(raw.body, want) {
		t.Errorf("raw STS throttle: %d %s, want 400 with %s", raw.status, raw.body, want)
	}

	// Tokens come back at the rate: half a second buys one request.
	e.clock.Advance(500 * time.Millisecond)
	if _, err := e.org.ListRoots(e.ctx, nil); err != nil {
		t.Errorf("after refill: %v", err)
	}
	if _, err := e.org.ListRoots(e.ctx, nil); !errors.As(err, &tooMany) {
		t.Errorf("second request after a one-token refill: %v, want TooManyRequestsException", err)
	}
	if got := e.sb.Faults()["ratelimit"]; got != 4 {
		t.Errorf("Faults()[ratelimit] = %d, want 4", got)
	}
}

func TestRateLimitDefaultBucket(t *testing.T) {
	t.Parallel()
	l := newLimiter(RateLimits{"organizations": {1, 1}, bucketDefault: {1, 2}}, newClock().Now)
	tests := []struct {
		service string
		want    []bool
	}{
		{"organizations", []bool{true, false}},
		{"sts", []bool{true, true, false}},
		{"guardduty", []bool{false}}, // shares the default bucket with sts
		{"sso", []bool{}},
	}
	for _, tt := range tests {
		for i, want := range tt.want {
			if got := l.allow(tt.service); got != want {
				t.Errorf("%s request %d: allow = %v, want %v", tt.service, i+1, got, want)
			}
		}
	}
	var none *limiter
	if !none.allow("organizations") {
		t.Error("a nil limiter throttled")
	}
}

func TestLatencyDelaysEveryCall(t *testing.T) {
	t.Parallel()
	const d = 30 * time.Millisecond
	e := newEnv(t, WithLatency(d))
	start := time.Now()
	if _, err := e.org.ListRoots(e.ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sts.GetCallerIdentity(e.ctx, nil); err != nil {
		t.Fatal(err)
	}
	// A lower bound only: a timer never fires early.
	if elapsed := time.Since(start); elapsed < 2*d {
		t.Errorf("two calls took %s, want at least %s", elapsed, 2*d)
	}
}

func TestRealismOptionsAreChecked(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]Option{
		"negative latency": WithLatency(-time.Second),
		"zero rate":        WithRateLimits(RateLimits{"organizations": {0, 1}}),
		"zero burst":       WithRateLimits(RateLimits{"organizations": {1, 0}}),
	} {
		if _, err := Init(t.TempDir()+"/s.json", opt); err == nil {
			t.Errorf("%s: Init accepted it", name)
		}
	}
}
