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
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go/middleware"
)

// The bound halves on a throttle, once for throttles of attempts that were
// in flight together, and grows back by one a round of successes.
func TestAdaptiveHalvesOnThrottleAndGrowsBack(t *testing.T) {
	type step struct {
		acquire  int    // attempts to let through first
		release  []bool // then release them in order: throttled or not
		want     int    // the limit after
		wantFree bool   // a further attempt gets a slot at once
	}
	tests := []struct {
		name    string
		ceiling int
		steps   []step
	}{
		{"starts at the ceiling", 8, []step{{acquire: 8, release: []bool{false, false, false, false, false, false, false, false}, want: 8, wantFree: true}}},
		{"one throttle halves", 8, []step{{acquire: 1, release: []bool{true}, want: 4, wantFree: true}}},
		{"throttles of one round halve once", 8, []step{{acquire: 6, release: []bool{true, true, true, true, true, true}, want: 4, wantFree: true}}},
		{"a later round halves again", 8, []step{
			{acquire: 2, release: []bool{true, true}, want: 4, wantFree: true},
			{acquire: 2, release: []bool{true, true}, want: 2, wantFree: true},
		}},
		{"never below one", 2, []step{
			{acquire: 1, release: []bool{true}, want: 1, wantFree: true},
			{acquire: 1, release: []bool{true}, want: 1, wantFree: true},
		}},
		{"a round of successes adds one", 8, []step{
			{acquire: 1, release: []bool{true}, want: 4, wantFree: true},
			{acquire: 4, release: []bool{false, false, false, false}, want: 4, wantFree: true}, // 4 + 1/4 + ... < 5
			{acquire: 4, release: []bool{false, false, false, false}, want: 5, wantFree: true},
		}},
		{"successes stop at the ceiling", 2, []step{{acquire: 2, release: []bool{false, false, false, false}[:2], want: 2, wantFree: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewAdaptive(tt.ceiling)
			for i, s := range tt.steps {
				var tickets []uint64
				for range s.acquire {
					n, err := a.Acquire(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					tickets = append(tickets, n)
				}
				for j, th := range s.release {
					a.Release(tickets[j], th)
				}
				if got := a.Limit(); got != s.want {
					t.Errorf("step %d: limit %d, want %d", i, got, s.want)
				}
			}
		})
	}
}

// With the bound full, an attempt waits for a slot, and gives up when its
// context ends.
func TestAdaptiveWaitsForASlot(t *testing.T) {
	a := NewAdaptive(1)
	n, _ := a.Acquire(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Acquire(ctx); err == nil {
		t.Fatal("a full bound let an attempt through")
	}
	got := make(chan uint64)
	go func() {
		m, _ := a.Acquire(context.Background())
		got <- m
	}()
	a.Release(n, false)
	if m := <-got; m != n+1 {
		t.Errorf("the waiting attempt got ticket %d, want %d", m, n+1)
	}
}

// Against a server that, as Organizations does, throttles a request made
// while two others are in progress, a client that starts with eight in
// flight comes down to what the server allows and every request succeeds.
// The server counts the attempts it refused: far fewer than a fixed bound
// of eight would meet.
func TestLimitersAdaptToAConcurrencyLimit(t *testing.T) {
	t.Parallel()
	const allowed = 2
	var inFlight, refused, served atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		if inFlight.Add(1) > allowed {
			inFlight.Add(-1)
			refused.Add(1)
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"__type":"TooManyRequestsException","Message":"AWS Organizations can't complete your request because another request is already in progress. Try again later."}`))
			return
		}
		// Hold the request until the test lets requests go, or briefly,
		// so that requests overlap.
		select {
		case <-release:
		case <-time.After(5 * time.Millisecond):
		}
		inFlight.Add(-1)
		served.Add(1)
		w.Write([]byte(`{"Roots":[]}`))
	}))
	defer srv.Close()
	defer close(release)

	var l Limiters
	client := testClient(srv.URL, 50, time.Millisecond, l.Middleware("organizations", "us-east-1", Rate{InFlight: 8}))
	const requests = 64
	var wg sync.WaitGroup
	errs := make(chan error, requests)
	for range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := client.ListRoots(context.Background(), nil)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if served.Load() != requests {
		t.Errorf("served %d, want %d", served.Load(), requests)
	}
	if got := l.InFlightLimit("organizations", "us-east-1"); got >= 8 {
		t.Errorf("the bound stayed at %d after throttling", got)
	}
	// A fixed bound of 8 against 2 allowed refuses about 6 attempts for
	// every 2 served; the adaptive one a few per halving and growth.
	if r := refused.Load(); r > requests {
		t.Errorf("%d attempts refused for %d requests: the bound did not come down", r, requests)
	}
}

type noQuota struct{}

func (noQuota) GetToken(context.Context, uint) (func() error, error) {
	return func() error { return nil }, nil
}
func (noQuota) AddTokens(uint) error { return nil }

// Every provider of a service shares its bound, whose ceiling is the
// lowest any of them gives: one that names none does not raise it.
func TestLimitersShareTheLowestCeiling(t *testing.T) {
	var l Limiters
	for _, n := range []int{0, 8, 0, 16} {
		if n == 0 {
			n = DefaultInFlight // as Middleware has it
		}
		l.gate("organizations", n) // as each provider's first request makes it
	}
	// Organizations is global: a client made in another region shares
	// the bound.
	if got := l.InFlightLimit("organizations", "eu-west-1"); got != 8 {
		t.Errorf("ceiling %d, want 8", got)
	}
	l.gate("guardduty/us-east-1", DefaultInFlight)
	if got := l.InFlightLimit("guardduty", "us-east-1"); got != DefaultInFlight {
		t.Errorf("a service whose rates name no ceiling: %d, want %d", got, DefaultInFlight)
	}
}

// A provider built without Limiters still paces its client, alone.
func TestNilLimitersPaceAClientAlone(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Write([]byte(`{"Roots":[]}`))
	}))
	defer srv.Close()
	var l *Limiters
	client := organizations.New(organizations.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", ""),
		APIOptions:  []func(*middleware.Stack) error{l.Middleware("organizations", "us-east-1", Rate{})},
	})
	if _, err := client.ListRoots(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
}
