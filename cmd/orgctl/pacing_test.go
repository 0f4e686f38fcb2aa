package main

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers"
)

// Only a sandbox changes how a run paces itself: the embedded one, or one
// served on this machine. An --endpoint-url of AWS's own (a VPC or FIPS
// endpoint) is AWS, with its providers' default pace and polling, unless
// --rate says what it allows.
func TestPacingChangesOnlyForASandbox(t *testing.T) {
	t.Parallel()
	unlimited := map[string]providers.Rate{"*": {}}
	// organizations=RPS:BURST:INFLIGHT keeps its operations' buckets.
	accountOps := map[string]providers.Rate{}
	for op, t := range facts.AccountThrottles {
		accountOps[op] = providers.Rate{RPS: t.RPS, Burst: t.Burst}
	}
	orgs := map[string]providers.Rate{"*": {}, "organizations": {RPS: 2, Burst: 3, InFlight: 1, Ops: providers.OrganizationsRate.Ops},
		"sso": {RPS: 20, Burst: 20}, "identitystore": {RPS: 20, Burst: 20}, "account": {RPS: 10, Burst: 10, Ops: accountOps}}
	tests := []struct {
		name      string
		g         globals
		wantPoll  time.Duration
		wantRates map[string]providers.Rate
	}{
		{"AWS", globals{}, 0, nil},
		{"the embedded sandbox", globals{sandbox: "s.json"}, sandboxPolling, unlimited},
		{"the embedded sandbox with --rate", globals{sandbox: "s.json", rate: "default=none,organizations=2:3:1"}, sandboxPolling, orgs},
		{"a served sandbox", globals{endpointURL: "http://127.0.0.1:4566"}, sandboxPolling, unlimited},
		{"a served sandbox by name", globals{endpointURL: "http://localhost:4566"}, sandboxPolling, unlimited},
		{"a served sandbox over IPv6", globals{endpointURL: "http://[::1]:4566", rate: "default=none,organizations=2:3:1"}, sandboxPolling, orgs},
		{"a FIPS endpoint", globals{endpointURL: "https://organizations-fips.us-west-2.amazonaws.com"}, 0, nil},
		{"a VPC endpoint", globals{endpointURL: "https://vpce-0a1b.organizations.us-east-1.vpce.amazonaws.com"}, 0, nil},
		{"a proxy on another host", globals{endpointURL: "https://proxy.corp.example:8443"}, 0, nil},
		{"another host with --rate", globals{endpointURL: "http://10.0.0.5:4566", rate: "default=none,organizations=2:3:1"}, 0, orgs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			poll, rates, err := tt.g.pacing()
			if err != nil {
				t.Fatal(err)
			}
			if poll != tt.wantPoll {
				t.Errorf("poll %s, want %s", poll, tt.wantPoll)
			}
			if diff := cmp.Diff(tt.wantRates, rates); diff != "" {
				t.Errorf("rates (-want +got):\n%s", diff)
			}
		})
	}
	if _, _, err := (&globals{sandbox: "s.json", rate: "organizations=fast"}).pacing(); err == nil {
		t.Error("a bad --rate passed")
	}
}

// --rate aws gives the client the sandbox's in-flight limit as the ceiling
// of its adaptive bound, with the rate and each operation's bucket, which
// are those the client keeps to against AWS; one operation's bucket given
// on its own reaches the client too.
func TestClientRatesCarryTheInFlightLimit(t *testing.T) {
	t.Parallel()
	rates, err := (&globals{rate: "aws"}).clientRates()
	if err != nil {
		t.Fatal(err)
	}
	if r := rates["organizations"]; r.InFlight < 1 || r.RPS <= 0 {
		t.Errorf("--rate aws gives the client organizations=%+v, want a rate and an in-flight limit", r)
	}
	if diff := cmp.Diff(providers.OrganizationsRate.Ops, rates["organizations"].Ops); diff != "" {
		t.Errorf("--rate aws: the operations' buckets differ from the client's own (-own +given):\n%s", diff)
	}
	rates, err = (&globals{rate: "organizations=none,organizations.ListRoots=1:1"}).clientRates()
	if err != nil {
		t.Fatal(err)
	}
	if want := (providers.Rate{RPS: 10, Burst: 10, Ops: map[string]providers.Rate{"ListRoots": {RPS: 1, Burst: 1}}}); !cmp.Equal(rates["organizations"], want) {
		t.Errorf("organizations=none,organizations.ListRoots=1:1 gives the client %+v, want the default rate and %+v", rates["organizations"], want)
	}
}
