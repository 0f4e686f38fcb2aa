package sandbox

import (
	"testing"
	"time"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/coretest"
)

func TestRateLimitDefaultBucket(t *testing.T) {
	t.Parallel()
	l := newLimiter(RateLimits{"fakebucket": {RPS: 1, Burst: 1}, bucketDefault: {RPS: 1, Burst: 2}}, (&coretest.Clock{}).Now)
	tests := []struct {
		service string
		want    []bool
	}{
		{"fakejson", []bool{true, false}}, // its own bucket
		{"fakealias", []bool{false}},      // a name of the same bucket
		{"fakequery", []bool{true, true, false}},
		{"fakerest", []bool{true, true, false}}, // its own bucket at the default rate, not fakequery's
	}
	for _, tt := range tests {
		for i, want := range tt.want {
			if got := l.allow(tt.service, "Get", "AKID"); got != want {
				t.Errorf("%s request %d: allow = %v, want %v", tt.service, i+1, got, want)
			}
		}
	}
	var none *limiter
	if !none.allow("fakejson", "Get", "AKID") {
		t.Error("a nil limiter throttled")
	}
}

// An operation's bucket is per caller, and drawn from as well as the
// service's: one caller's ListRoots do not throttle another's, nor its
// other operations, and the service's bucket still bounds them all.
func TestRateLimitPerOperationAndCaller(t *testing.T) {
	t.Parallel()
	l := newLimiter(RateLimits{"fakebucket": {RPS: 1, Burst: 4}, "fakebucket.Get": {RPS: 1, Burst: 1}}, (&coretest.Clock{}).Now)
	steps := []struct {
		op, caller string
		want       bool
	}{
		{"Get", "alice", true},
		{"Get", "alice", false}, // its operation's bucket is empty
		{"Get", "bob", true},    // another caller's bucket
		{"Put", "alice", true},  // an operation without a bucket of its own
		{"Put", "bob", true},    // the fourth token of the service's bucket
		{"Put", "bob", false},   // the service's bucket is empty
	}
	for i, s := range steps {
		if got := l.allow("fakejson", s.op, s.caller); got != s.want {
			t.Errorf("step %d, %s by %s: allow = %v, want %v", i+1, s.op, s.caller, got, s.want)
		}
	}
}

// Over the rate, each service answers with its own throttling error.
func TestRateLimitUsesTheServiceHook(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t, WithRateLimits(RateLimits{"fakebucket": {RPS: 2, Burst: 2}, "fakerest": {RPS: 1, Burst: 1}}))
	for range 2 {
		if r := e.call("Get", "{}"); r.status != 200 {
			t.Fatalf("within the burst: %s", r.body)
		}
	}
	if r := e.call("Get", "{}"); r.status != 400 || r.json(t)["__type"] != "FakeThrottled" {
		t.Errorf("over the burst: %d %s", r.status, r.body)
	}
	e.rest("GET", "/things/x", "")
	if r := e.rest("GET", "/things/x", ""); r.status != 429 || r.header.Get("X-Amzn-ErrorType") != "TooManyRequestsException" {
		t.Errorf("restJson1 over the burst: %d %s", r.status, r.body)
	}
	e.clock.Advance(500 * time.Millisecond)
	if r := e.call("Get", "{}"); r.status != 200 {
		t.Errorf("after a one-token refill: %s", r.body)
	}
	if got := e.sb.Faults()["ratelimit"]; got != 2 {
		t.Errorf("Faults()[ratelimit] = %d, want 2", got)
	}
}

func TestLatencyDelaysEveryCall(t *testing.T) {
	t.Parallel()
	const d = 30 * time.Millisecond
	e := newFakeEnv(t, WithLatency(d))
	start := time.Now()
	e.call("Get", "{}")
	e.rest("GET", "/things/x", "")
	// A lower bound only: a timer never fires early.
	if elapsed := time.Since(start); elapsed < 2*d {
		t.Errorf("two calls took %s, want at least %s", elapsed, 2*d)
	}
}

func TestRealismOptionsAreChecked(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]Option{
		"negative latency": WithLatency(-time.Second),
		"zero rate":        WithRateLimits(RateLimits{"fakebucket": {RPS: 0, Burst: 1}}),
		"zero burst":       WithRateLimits(RateLimits{"fakebucket": {RPS: 1, Burst: 0}}),
	} {
		if _, err := Init(t.TempDir()+"/s.json", opt); err == nil {
			t.Errorf("%s: Init accepted it", name)
		}
	}
}
