package sandbox_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox"
	_ "github.com/orgctl/orgctl/sandbox/all"
)

// With every service registered, --rate aws is Organizations at 10/s with
// a burst of 20 and 4 requests in progress per caller, and its operations'
// published buckets (ListRoots 1/s, burst 2; CreateAccount one in ten
// seconds, burst 3; ...), the Identity Center bucket (sso and
// identitystore) at 20/s, every other service at 10/s.
func TestDefaultRateLimits(t *testing.T) {
	t.Parallel()
	want := sandbox.RateLimits{"organizations": {RPS: 10, Burst: 20, InFlight: 4}, "identitycenter": {RPS: 20, Burst: 20}, "default": {RPS: 10, Burst: 10},
		"account": {RPS: 10, Burst: 10}, "account.GetRegionOptStatus": {RPS: 5, Burst: 5}, "account.ListRegions": {RPS: 5, Burst: 5},
		"account.EnableRegion": {RPS: 1, Burst: 1}, "account.DisableRegion": {RPS: 1, Burst: 1},
		"organizations.ListRoots": {RPS: 1, Burst: 2}, "organizations.CreateAccount": {RPS: 0.1, Burst: 3}}
	got := sandbox.DefaultRateLimits()
	for k, r := range want {
		if got[k] != r {
			t.Errorf("DefaultRateLimits()[%s] = %v, want %v", k, got[k], r)
		}
	}
	for k := range got {
		// Organizations' operations are pinned to orgctl's table in
		// sandbox/organizations.
		if _, ok := want[k]; !ok && !strings.HasPrefix(k, "fake") && !strings.HasPrefix(k, "organizations.") {
			// A new service with a bucket of its own belongs in want.
			t.Errorf("DefaultRateLimits() has %s=%v", k, got[k])
		}
	}
}

func TestParseRateLimits(t *testing.T) {
	t.Parallel()
	def := sandbox.DefaultRateLimits()
	with := func(k string, r sandbox.Rate) sandbox.RateLimits {
		l := sandbox.DefaultRateLimits()
		l[k] = r
		return l
	}
	without := func(k string) sandbox.RateLimits {
		l := sandbox.DefaultRateLimits()
		delete(l, k)
		return l
	}
	noOrganizations := func(keep ...string) sandbox.RateLimits {
		l := sandbox.DefaultRateLimits()
		for k := range l {
			if (k == "organizations" || strings.HasPrefix(k, "organizations.")) && !slices.Contains(keep, k) {
				delete(l, k)
			}
		}
		return l
	}
	tests := []struct {
		in      string
		want    sandbox.RateLimits
		wantErr string
	}{
		{in: "none", want: sandbox.RateLimits{}},
		{in: "aws", want: def},
		{in: "organizations=10:20:4", want: def},
		{in: "organizations=10:20", want: with("organizations", sandbox.Rate{RPS: 10, Burst: 20})},
		{in: "organizations=10:20:1", want: with("organizations", sandbox.Rate{RPS: 10, Burst: 20, InFlight: 1})},
		{in: "organizations=2.5:5", want: with("organizations", sandbox.Rate{RPS: 2.5, Burst: 5})},
		{in: " sts=1:1 ", want: with("sts", sandbox.Rate{RPS: 1, Burst: 1})},
		{in: "sso=40:40", want: with("identitycenter", sandbox.Rate{RPS: 40, Burst: 40})},
		{in: "default=none", want: without("default")},
		{in: "organizations=1:2,sts=3:4", want: func() sandbox.RateLimits {
			l := with("organizations", sandbox.Rate{RPS: 1, Burst: 2})
			l["sts"] = sandbox.Rate{RPS: 3, Burst: 4}
			return l
		}()},
		{in: "organizations.ListRoots=3:4", want: with("organizations.ListRoots", sandbox.Rate{RPS: 3, Burst: 4})},
		{in: "organizations.CreateAccount=none", want: without("organizations.CreateAccount")},
		{in: "organizations=none", want: noOrganizations()},
		{in: "organizations.ListRoots=1:2,organizations=none", want: noOrganizations("organizations.ListRoots")},
		{in: "organizations.ListRoots=1:2:3", wantErr: "an operation takes RPS:BURST"},
		{in: "organizations.listRoots=1:2", wantErr: "not a service signing name"},
		{in: "organizations.ListRoot=1:2", wantErr: "organizations has no operation ListRoot"},
		{in: "guardduty.ListDetectors=1:2", want: with("guardduty.ListDetectors", sandbox.Rate{RPS: 1, Burst: 2})},
		{in: "", wantErr: "empty rate"},
		{in: "organizations", wantErr: `want SERVICE=RPS:BURST`},
		{in: "=1:2", wantErr: `want SERVICE=RPS:BURST`},
		{in: "Organizations=1:2", wantErr: `not a service signing name`},
		{in: "organizations=10", wantErr: `want RPS:BURST after =, or RPS:BURST:INFLIGHT`},
		{in: "organizations=10:20:0", wantErr: `requests in flight "0" must be a whole number of at least 1`},
		{in: "organizations=10:20:x", wantErr: `requests in flight "x"`},
		{in: "organizations=0:20", wantErr: `requests per second "0" must be a number above 0`},
		{in: "organizations=fast:20", wantErr: `requests per second "fast"`},
		{in: "organizations=10:0", wantErr: `burst "0" must be a whole number of at least 1`},
		{in: "organizations=10:2.5", wantErr: `burst "2.5"`},
		{in: "sso=1:1,identitystore=2:2", wantErr: `identitycenter is given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := sandbox.ParseRateLimits(tt.in)
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
			again, err := sandbox.ParseRateLimits(got.String())
			if err != nil || !cmp.Equal(got, again) {
				t.Errorf("String %q does not parse back: %v %v", got.String(), again, err)
			}
		})
	}
}
