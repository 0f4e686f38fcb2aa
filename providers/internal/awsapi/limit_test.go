package awsapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go/middleware"
	"github.com/orgctl/orgctl/engine"
)

// Every attempt takes a token, retries included, and a throttled attempt
// one more. The bucket refills too slowly to matter during the test, so
// the tokens left show what was taken. The server answers as Organizations
// does when it throttles.
func TestLimiterTakesATokenPerAttemptAndOneMorePerThrottle(t *testing.T) {
	t.Parallel()
	url, requests := throttledOnce(t)
	var l Limiters
	r := Rate{RPS: 0.001, Burst: 5}
	client := testClient(url, 3, 0, l.Middleware("organizations", "us-east-1", r))
	if _, err := client.ListRoots(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if n := requests.Load(); n != 2 {
		t.Fatalf("want the throttled request retried once, got %d requests", n)
	}
	// 5 - (throttled attempt + one to fall in step + retry) = 2.
	if left := l.bucket("organizations", r).Tokens(); left < 1.9 || left > 2.1 {
		t.Errorf("want 2 tokens left, got %.2f", left)
	}
}

// Buckets are per service and region: a throttled region does not slow
// another down. Organizations, a global service, has one for all regions.
func TestLimitersArePerServiceAndRegion(t *testing.T) {
	if limitKey("organizations", "eu-west-1") != limitKey("organizations", "us-east-1") {
		t.Error("Organizations has a bucket per region")
	}
	if limitKey("guardduty", "eu-west-1") == limitKey("guardduty", "us-east-1") {
		t.Error("GuardDuty shares a bucket across regions")
	}
	var l Limiters
	r := Rate{RPS: 1, Burst: 3}
	a, b, c := l.bucket("guardduty/us-east-1", r), l.bucket("guardduty/eu-west-1", r), l.bucket("guardduty/us-east-1", r)
	if a == b {
		t.Error("two regions share a bucket")
	}
	if a != c {
		t.Error("one region got two buckets")
	}
}

// An operation with a bucket of its own takes a token from it as well as
// from the service's, per attempt, and one more when throttled; other
// operations take only the service's.
func TestLimiterTakesFromTheOperationsBucket(t *testing.T) {
	t.Parallel()
	url, _ := throttledOnce(t)
	var l Limiters
	op := Rate{RPS: 0.001, Burst: 4}
	r := Rate{RPS: 0.001, Burst: 10, Ops: map[string]Rate{"ListRoots": op}}
	client := testClient(url, 3, 0, l.Middleware("organizations", "us-east-1", r))
	ctx := context.Background()
	if _, err := client.ListRoots(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := client.DescribeOrganization(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// ListRoots: 4 - (throttled attempt + one to fall in step + retry) = 1.
	if left := l.bucket("organizations/ListRoots", op).Tokens(); left < 0.9 || left > 1.1 {
		t.Errorf("ListRoots' bucket: want 1 token left, got %.2f", left)
	}
	// The service's: 10 - 3 for ListRoots - 1 for DescribeOrganization = 6.
	if left := l.bucket("organizations", r).Tokens(); left < 5.9 || left > 6.1 {
		t.Errorf("the service's bucket: want 6 tokens left, got %.2f", left)
	}
}

// throttledOnce serves Organizations' JSON protocol: its first request is
// throttled as Organizations throttles, the others answered with an empty
// result. It returns the URL and the count of requests.
func throttledOnce(t *testing.T) (string, *atomic.Int32) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		if requests.Add(1) == 1 {
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"__type":"TooManyRequestsException","Message":"Rate exceeded"}`))
			return
		}
		w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &requests
}

// testClient is an Organizations client of url paced by mw, whose retryer
// makes up to attempts attempts, waiting backoff between them, with no
// retry quota.
func testClient(url string, attempts int, backoff time.Duration, mw func(*middleware.Stack) error) *organizations.Client {
	return organizations.New(organizations.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = attempts
			o.RateLimiter = noQuota{}
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return backoff, nil })
		}),
		APIOptions: []func(*middleware.Stack) error{mw},
	})
}

// listing is a provider whose read lists the roots once, through client.
type listing struct{ client *organizations.Client }

func (p listing) Name() string         { return "organizations" }
func (p listing) Kinds() []engine.Kind { return nil }
func (p listing) Read(ctx context.Context, _ *engine.Scope) ([]engine.Resource, error) {
	_, err := p.client.ListRoots(ctx, nil)
	return nil, err
}
func (p listing) Apply(context.Context, *engine.Change, *engine.IDs) (string, error) { return "", nil }

// callsHeard counts the requests each provider's read reports.
type callsHeard struct {
	mu    sync.Mutex
	calls map[string]int
}

func (h *callsHeard) ReadStarted(string)                    {}
func (h *callsHeard) ReadFinished(string, error)            {}
func (h *callsHeard) ReadProgress(string, int, int, string) {}
func (h *callsHeard) ReadCalled(p string)                   { h.mu.Lock(); h.calls[p]++; h.mu.Unlock() }

// Every attempt a provider's read makes through the limiter reaches the
// read's hooks, the throttled one included, so the read view shows a
// service's read moving.
func TestReadCallsReachTheReadHooks(t *testing.T) {
	t.Parallel()
	url, _ := throttledOnce(t)
	var l Limiters
	client := testClient(url, 3, 0, l.Middleware("organizations", "us-east-1", Rate{}))
	h := &callsHeard{calls: map[string]int{}}
	ctx := engine.WithReadHooks(context.Background(), h)
	if _, _, err := engine.ReadLive(ctx, []engine.Provider{listing{client}}, nil); err != nil {
		t.Fatal(err)
	}
	if got := h.calls["organizations"]; got != 2 {
		t.Errorf("the read reported %d calls, want 2 (a throttled attempt and its retry)", got)
	}
}
