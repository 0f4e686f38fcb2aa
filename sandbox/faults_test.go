package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/coretest"
)

func TestParseFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Faults
		wantErr string
	}{
		{in: "none", want: Faults{Seed: 1}},
		{in: "throttle=0.3,error5xx=0.05,concurrent=0.05,consistency=2s,seed=7",
			want: Faults{Throttle: 0.3, Error5xx: 0.05, Concurrent: 0.05, Consistency: 2 * time.Second, Seed: 7}},
		{in: "consistency=500ms", want: Faults{Consistency: 500 * time.Millisecond, Seed: 1}},
		// A lost answer strikes after the write, so it adds to the others.
		{in: "lost=0.3,throttle=0.8", want: Faults{Lost: 0.3, Throttle: 0.8, Seed: 1}},
		{in: " throttle=1 ", want: Faults{Throttle: 1, Seed: 1}},
		{in: "seed=-3,error5xx=0", want: Faults{Seed: -3}},
		{in: "", wantErr: "empty faults"},
		{in: "throttle", wantErr: `fault "throttle": want KEY=VALUE`},
		{in: "throttle=", wantErr: `want KEY=VALUE`},
		{in: "throttle=0.3,,seed=1", wantErr: `fault "": want KEY=VALUE`},
		{in: "throttle=high", wantErr: `"high" is not a chance between 0 and 1`},
		{in: "throttle=1.5", wantErr: `"1.5" is not a chance between 0 and 1`},
		{in: "error5xx=-0.1", wantErr: `"-0.1" is not a chance`},
		{in: "consistency=2", wantErr: `"2" is not a duration like 2s`},
		{in: "consistency=-1s", wantErr: `must not be negative`},
		{in: "seed=x", wantErr: `"x" is not a whole number`},
		{in: "latency=1s", wantErr: `unknown key "latency"; the keys are throttle, error5xx, concurrent, consistency, lost, seed, outage`},
		{in: "outage=fakejson:Get+fakejson:Put", want: Faults{Outage: []string{"fakejson:Get", "fakejson:Put"}, Seed: 1}},
		{in: "outage=fakejson:Gte", wantErr: `no service fakejson with an operation Gte`},
		{in: "outage=nosuch:Get", wantErr: `no service nosuch with an operation Get`},
		{in: "outage=CreatePolicy", wantErr: `want SERVICE:OP`},
		{in: "outage=organizations:", wantErr: `want SERVICE:OP`},
		{in: "throttle=0.1,throttle=0.2", wantErr: `throttle is given twice`},
		{in: "throttle=0.6,error5xx=0.5", wantErr: `add up to 1.1`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFaults(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseFaults(%q) error %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if got.Enabled() {
				if again, err := ParseFaults(got.String()); err != nil || !cmp.Equal(again, got) {
					t.Errorf("String %q does not parse back: %+v %v", got.String(), again, err)
				}
			}
		})
	}
}

// Each service's faults are its own errors, from its hooks; a service
// without a concurrent-modification error never gets that fault; a faulted
// write changes nothing.
func TestFaultsUseTheServiceHooks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults Faults
		json   string // __type of a fakejson write
		rest   string // x-amzn-ErrorType of a fakerest write, "" for success
		status int
		kind   string
	}{
		{"throttle", Faults{Throttle: 1}, "FakeThrottled", "TooManyRequestsException", 400, "throttle"},
		{"5xx", Faults{Error5xx: 1}, "FakeInternal", "FakeInternal", 500, "error5xx"},
		{"concurrent", Faults{Concurrent: 1}, "FakeConflict", "", 409, "concurrent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newFakeEnv(t)
			before, _ := os.ReadFile(e.path)
			e.reopen(WithFaults(tt.faults))
			r := e.call("Put", `{"Name":"faulted"}`)
			if r.status != tt.status || r.json(t)["__type"] != tt.json {
				t.Errorf("fakejson: %d %s, want %d %s", r.status, r.body, tt.status, tt.json)
			}
			if tt.json == "FakeInternal" && r.json(t)["Message"] != "fake internal error" {
				t.Errorf("an injected server fault has the service's own words: %s", r.body)
			}
			r = e.rest("POST", "/things", `{"body":"faulted"}`)
			if got := r.header.Get("X-Amzn-ErrorType"); got != tt.rest {
				t.Errorf("fakerest: %d %s, want %q", r.status, r.body, tt.rest)
			}
			if tt.rest == "" {
				return // the write went through
			}
			if after, _ := os.ReadFile(e.path); !bytes.Equal(before, after) {
				t.Error("a faulted write changed the state file")
			}
			if got := e.sb.Faults()[tt.kind]; got < 1 {
				t.Errorf("Faults()[%s] = %d", tt.kind, got)
			}
		})
	}
}

func TestFaultsAreSeeded(t *testing.T) {
	t.Parallel()
	coretest.Seeded(t, func(seed int64) string {
		e := newFakeEnv(t, WithFaults(Faults{Throttle: 0.3, Error5xx: 0.2, Seed: seed}))
		var b strings.Builder
		for range 60 {
			r := e.call("Get", "{}")
			switch r.status {
			case 200:
				b.WriteByte('.')
			case 400:
				b.WriteByte('T')
			default:
				b.WriteByte('5')
			}
		}
		return b.String()
	})
}

// Eventual consistency applies to the services that declare it, through
// their hooks: members named in the body or the URI, and listings.
func TestConsistencyHooks(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t, WithFaults(Faults{Consistency: 2 * time.Second}))
	e.call("Put", `{"Name":"old"}`)
	e.clock.Advance(2 * time.Second)
	e.call("Put", `{"Name":"new"}`)
	if r := e.call("Get", `{"Name":"new"}`); r.status != 404 || r.json(t)["__type"] != "FakeNotFound" {
		t.Errorf("a young item named: %d %s", r.status, r.body)
	}
	if r := e.call("List", "{}"); !strings.Contains(r.body, `"Names":["old"]`) {
		t.Errorf("a young item listed: %s", r.body)
	}
	// fakerest declares no consistency: it sees the item at once.
	if r := e.rest("GET", "/things/new", ""); r.status != 200 {
		t.Errorf("a service without consistency hid it: %d %s", r.status, r.body)
	}
	if got := e.sb.Faults()["consistency"]; got != 1 {
		t.Errorf("Faults()[consistency] = %d, want 1", got)
	}
	e.clock.Advance(2 * time.Second)
	if r := e.call("Get", `{"Name":"new"}`); r.status != 200 {
		t.Errorf("after the window: %d %s", r.status, r.body)
	}
}

func TestFaultsOffByDefault(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t)
	for range 30 {
		if r := e.call("Get", "{}"); r.status != 200 {
			t.Fatalf("a sandbox without faults failed a call: %s", r.body)
		}
	}
	if f := e.sb.Faults(); len(f) != 0 {
		t.Errorf("Faults() = %v, want none", f)
	}
}

// A lost answer comes after the write took effect: the client sees a
// server fault (or, served, a dropped connection), yet the item exists.
func TestLostAnswerAfterTheWrite(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t, WithFaults(Faults{Lost: 1}), WithSetting("fake.max", "50"))
	r := e.call("Put", `{"Name":"made"}`)
	if r.status != 500 || r.json(t)["__type"] != "FakeInternal" {
		t.Fatalf("want the service's server fault, got %d %s", r.status, r.body)
	}
	if r := e.call("Get", `{"Name":"made"}`); r.status != 200 {
		t.Errorf("the write whose answer was lost did not take effect: %d %s", r.status, r.body)
	}
	if got := e.sb.Faults()["lost"]; got != 1 {
		t.Errorf("Faults()[lost] = %d, want 1 (reads lose nothing)", got)
	}

	// Served, half the lost answers are dropped connections.
	url, err := e.sb.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dropped := 0
	for i := range 20 {
		req, _ := http.NewRequest("POST", url, strings.NewReader(fmt.Sprintf(`{"Name":"n%d"}`, i)))
		req.Header.Set("Authorization", e.auth("fakejson", "us-east-1"))
		req.Header.Set("X-Amz-Target", "Fake_20260101.Put")
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			dropped++
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 500 {
			t.Errorf("a lost answer came back %d %s", resp.StatusCode, body)
		}
	}
	if dropped == 0 || dropped == 20 {
		t.Errorf("%d of 20 lost answers were dropped connections, want some and not all", dropped)
	}
}

// An outage fails every request of the operations named, and only those,
// with their service's server fault.
func TestOutageFailsOnlyItsOperations(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t, WithFaults(Faults{Outage: []string{"fakejson:Put"}}))
	for range 5 {
		if r := e.call("Put", `{"Name":"x"}`); r.status != 500 || r.json(t)["__type"] != "FakeInternal" {
			t.Fatalf("Put during its outage: %d %s", r.status, r.body)
		}
	}
	if r := e.call("Get", "{}"); r.status != 200 {
		t.Errorf("Get is not in the outage: %d %s", r.status, r.body)
	}
	if r := e.rest("POST", "/things", `{"body":"x"}`); r.status >= 300 {
		t.Errorf("another service's write is not in the outage: %d %s", r.status, r.body)
	}
	if got := e.sb.Faults()["outage"]; got != 5 {
		t.Errorf("Faults()[outage] = %d, want 5", got)
	}
}
