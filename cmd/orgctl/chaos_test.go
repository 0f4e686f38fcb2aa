package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

// quickSettle shortens the security services' waits after a new
// administrator to half a second: the runs that apply the landing zone
// many times still meet each wait, without most of its length.
var quickSettle = []string{
	"--set", "guardduty.adminSettleDelay=500ms", "--set", "securityhub.adminSettleDelay=500ms",
	"--set", "securityhub.centralDelay=500ms", "--set", "securityhub.associationDelay=500ms",
	"--set", "macie2.adminSettleDelay=500ms", "--set", "detective.adminSettleDelay=500ms",
	"--set", "inspector2.adminSettleDelay=500ms", "--set", "auditmanager.adminSettleDelay=500ms",
	"--set", "fms.adminSettleDelay=500ms",
}

// chaosFaults are the faults of the chaos test, without the seed.
const chaosFaults = "throttle=0.2,error5xx=0.05,concurrent=0.05,consistency=2s"

var retriesRE = regexp.MustCompile(`; (\d+) retries`)

// The landing zone applies in one run through throttling, server faults,
// concurrent modification and eventual consistency (three seeds), and
// through AWS-like rate limits and latency; a plan made once the
// consistency window has passed is empty.
func TestChaosE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: retries with AWS's backoff")
	}
	t.Parallel()
	cases := []struct{ name, flag, value string }{
		{"rate=aws", "--rate", "aws"},
	}
	for _, seed := range []int{1, 2, 3} {
		cases = append(cases, struct{ name, flag, value string }{"seed=" + strconv.Itoa(seed), "--faults", fmt.Sprintf("%s,seed=%d", chaosFaults, seed)})
	}
	// Writes AWS carries out whose answers are lost: the SDK retries
	// them, and each create must recognise its own earlier success.
	for _, seed := range []int{1, 2} {
		cases = append(cases, struct{ name, flag, value string }{"lost seed=" + strconv.Itoa(seed), "--faults", fmt.Sprintf("lost=0.3,seed=%d", seed)})
	}
	// The runs mostly wait out backoff: run them all at once, beyond
	// -parallel (t.Run may be called from several goroutines).
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, tc := range cases {
		wg.Add(1)
		go t.Run(tc.name, func(t *testing.T) {
			defer wg.Done()
			srv := serve(t, filepath.Join(t.TempDir(), "state.json"), append([]string{"--create-delay", "300ms", "--latency", "2ms", tc.flag, tc.value}, quickSettle...)...)
			ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }

			r := run(t, srv.env, ep("apply", "-f", landingZone, "--auto-approve", "-v")...)
			if r.code != 0 || !strings.Contains(r.stdout, "Apply complete") {
				t.Fatalf("apply with %s %s did not complete in one run:\n%s", tc.flag, tc.value, r)
			}
			injected := srv.faults(t)
			retries := 0
			if m := retriesRE.FindStringSubmatch(r.stderr); m != nil {
				retries, _ = strconv.Atoi(m[1])
			}
			lost := strings.HasPrefix(tc.value, "lost=")
			if tc.flag == "--faults" && !lost && (injected["throttle"] == 0 || injected["consistency"] == 0) {
				t.Errorf("faults injected %v: the run met no throttling or no eventual consistency, so it proves little", injected)
			}
			if lost && injected["lost"] == 0 {
				t.Errorf("faults injected %v: no answer was lost, so the run proves nothing", injected)
			}
			if strings.Contains(r.stderr, "for the apply lock") {
				t.Errorf("the apply waited on a lock, its own:\n%s", r.stderr)
			}
			t.Logf("%s %s: %d retries by orgctl; sandbox injected %v", tc.flag, tc.value, retries, injected)

			time.Sleep(2 * time.Second) // let the consistency window pass
			r = run(t, srv.env, ep("plan", "-f", landingZone, "--detailed-exitcode")...)
			if r.code != 0 {
				t.Fatalf("plan after the apply is not empty:\n%s", r)
			}
			checkOrg(t, srv, landingZone)
		})
	}
}

// faults reads the sandbox's counts of injected errors.
func (s *server) faults(t *testing.T) map[string]int {
	t.Helper()
	return s.getCounts(t, "/_sandbox/faults")
}

func (s *server) getCounts(t *testing.T, path string) map[string]int {
	t.Helper()
	resp, err := http.Get(s.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]int
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return m
}

// orgClient is an SDK client for the sandbox, for checks the AWS CLI would
// make slowly.
func (s *server) orgClient(t *testing.T) *organizations.Client {
	t.Helper()
	var key, secret string
	for _, kv := range s.env {
		if v, ok := strings.CutPrefix(kv, "AWS_ACCESS_KEY_ID="); ok {
			key = v
		}
		if v, ok := strings.CutPrefix(kv, "AWS_SECRET_ACCESS_KEY="); ok {
			secret = v
		}
	}
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(key, secret, ""), RetryMaxAttempts: 10}
	return organizations.NewFromConfig(cfg, func(o *organizations.Options) { o.BaseEndpoint = aws.String(s.url) })
}

// checkOrg checks what a crash or a fault must never leave: two accounts
// with one email, or an OU or policy the spec does not name.
func checkOrg(t *testing.T, srv *server, file string) {
	t.Helper()
	s, ds := spec.Load(filepath.Join(repoRoot, file))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	ctx := context.Background()
	org := srv.orgClient(t)

	emails := map[string]int{}
	accounts := organizations.NewListAccountsPaginator(org, &organizations.ListAccountsInput{})
	for accounts.HasMorePages() {
		out, err := accounts.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range out.Accounts {
			emails[strings.ToLower(aws.ToString(a.Email))]++
		}
	}
	for e, n := range emails {
		if n > 1 {
			t.Errorf("%d accounts have the email %s", n, e)
		}
	}
	for _, a := range s.Accounts {
		if emails[strings.ToLower(a.Email)] != 1 {
			t.Errorf("account %s is missing", a.Email)
		}
	}

	wantOUs := map[string]bool{}
	s.WalkOUs(func(path string, _ *spec.OU, _ string) { wantOUs[path] = true })
	roots, err := org.ListRoots(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	type parent struct{ id, path string }
	queue := []parent{{aws.ToString(roots.Roots[0].Id), ""}}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		ous := organizations.NewListOrganizationalUnitsForParentPaginator(org, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(p.id)})
		for ous.HasMorePages() {
			out, err := ous.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, ou := range out.OrganizationalUnits {
				path := facts.JoinOUPath(p.path, aws.ToString(ou.Name))
				if !wantOUs[path] {
					t.Errorf("OU %s exists but the spec does not name it", path)
				}
				queue = append(queue, parent{aws.ToString(ou.Id), path})
			}
		}
	}

	for _, typ := range s.Organization.PolicyTypes {
		pols := organizations.NewListPoliciesPaginator(org, &organizations.ListPoliciesInput{Filter: types.PolicyType(typ)})
		for pols.HasMorePages() {
			out, err := pols.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range out.Policies {
				if _, ok := s.Policy(aws.ToString(p.Name)); !ok && !p.AwsManaged {
					t.Errorf("policy %s (%s) exists but the spec does not name it", aws.ToString(p.Name), typ)
				}
			}
		}
	}
}

// The realism flags are global: they go before or after the command, apply
// to --sandbox and 'sandbox serve', and a bad value is a clear error.
func TestRealismFlagsE2E(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state.json")
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string // in stdout+stderr
	}{
		{"all three before the command", []string{"--sandbox=" + state, "--rate", "aws", "--latency", "1ms", "--faults", "consistency=10ms,seed=3", "plan", "-f", "examples/minimal/org.yaml"}, 0, "Plan:"},
		{"after the command", []string{"plan", "-f", "examples/minimal/org.yaml", "--sandbox=" + state, "--rate=organizations=5:5,sts=none", "--faults=throttle=0.1"}, 0, "Plan:"},
		{"bad chance", []string{"--sandbox=" + state, "--faults", "throttle=2", "plan", "-f", "examples/minimal/org.yaml"}, 1, `--faults: fault "throttle=2": "2" is not a chance between 0 and 1`},
		{"unknown fault", []string{"--sandbox=" + state, "--faults", "latency=1s", "plan", "-f", "examples/minimal/org.yaml"}, 1, `unknown key "latency"; the keys are throttle, error5xx, concurrent, consistency, lost, seed`},
		{"bad rate", []string{"--sandbox=" + state, "--rate", "organizations=10", "plan", "-f", "examples/minimal/org.yaml"}, 1, `--rate: rate "organizations=10": want RPS:BURST after =`},
		{"negative latency", []string{"--sandbox=" + state, "--latency", "-1s", "plan", "-f", "examples/minimal/org.yaml"}, 1, `--latency -1s: must not be negative`},
		{"without a sandbox", []string{"--faults", "throttle=0.1", "plan", "-f", "examples/minimal/org.yaml"}, 1, "give them with --sandbox, or to 'orgctl sandbox serve'"},
		{"serve with a bad fault", []string{"sandbox", "serve", "--addr", "127.0.0.1:0", "--state", state, "--faults", "seed=x"}, 1, `"x" is not a whole number`},
	}
	for _, tt := range tests {
		r := run(t, nil, tt.args...)
		if r.code != tt.wantCode || !strings.Contains(r.stdout+r.stderr, tt.want) {
			t.Errorf("%s: want exit %d and %q:\n%s", tt.name, tt.wantCode, tt.want, r)
		}
	}
}
