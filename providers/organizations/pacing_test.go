package organizations_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/awsconfig"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	"github.com/orgctl/orgctl/sandbox"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// The heartbeat renews the lock while the run's requests wait for a shared
// bucket that will not refill for a quarter of an hour: it has a budget
// of its own. With the shared one, its renewals would wait behind them
// until the lock expired, and the heartbeat would close Lost.
func TestHeartbeatRenewsWhileTheSharedBucketIsEmpty(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	env := providertest.Env(f.Cfg, providers.Settings{})
	env.Rates = map[string]providers.Rate{"organizations": {RPS: 0.001, Burst: 1}}
	p := orgp.New(env)
	ctx := context.Background()
	const ttl = 3 * time.Second
	l, err := p.AcquireLock(ctx, alice, orgp.LockOptions{TTL: ttl}) // takes the one token
	if err != nil {
		t.Fatal(err)
	}
	first := l.Info().ExpiresAt

	// A queue of the run's requests, waiting for tokens.
	queued, stopQueue := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); p.ReadLock(queued) }()
	}
	defer func() { stopQueue(); wg.Wait() }()

	// Two renewals, or the lock lost: whichever comes first.
	for renewals, last := 0, first; renewals < 2; {
		select {
		case <-l.Lost():
			t.Fatalf("the lock was lost while the shared bucket was empty: %v", l.Err())
		case <-time.After(ttl / 20):
		}
		if cur := l.Info().ExpiresAt; cur.After(last) {
			renewals, last = renewals+1, cur
		}
	}
	live, err := f.provider().ReadLock(ctx)
	if err != nil || live == nil || !live.ExpiresAt.After(first) {
		t.Errorf("the lock in the organization: %+v, %v; want its expiry moved past %s", live, err, first)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	l.Release(done) // stops the heartbeat; deleting waits for the bucket, which it need not
}

// A persistent server error on one operation surfaces after the retries
// its time budget allows, not after every attempt the retryer has: the
// sandbox fails every CreatePolicy with Organizations' ServiceException.
// The budget and the first wait are shortened, so it counts attempts
// rather than time: about six fit in half a second of waits doubling from
// 20 ms, where the count alone would allow fifteen.
func TestServerErrorsAreRetriedWithinABudget(t *testing.T) {
	t.Parallel()
	f := newFixture(t, sandbox.WithFaults(sandbox.Faults{Outage: []string{"organizations:CreatePolicy"}, Seed: 1}))
	creds, _ := f.Cfg.Credentials.Retrieve(context.Background())
	cfg, err := awsconfig.Load(context.Background(), awsconfig.Options{EndpointURL: f.URL,
		AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey,
		ServerErrorBudget: 500 * time.Millisecond, ServerBackoff: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	p := orgp.New(providertest.Env(cfg, providers.Settings{}))
	_, err = p.AcquireLock(context.Background(), alice, orgp.LockOptions{TTL: hour})
	var fault *types.ServiceException
	if !errors.As(err, &fault) {
		t.Fatalf("AcquireLock during an outage of CreatePolicy: %v, want ServiceException", err)
	}
	attempts := f.SB.Calls()["organizations:CreatePolicy"]
	if attempts < 2 || attempts > 10 {
		t.Errorf("CreatePolicy was tried %d times, want between 2 and 10: retried, for the budget's worth rather than the retryer's 15 attempts", attempts)
	}
}

// A type the endpoint does not offer reads as no policies of that type,
// said under -v, when it is neither enabled nor in the spec; otherwise the
// refusal is an error. The sandbox offers every type, so a proxy in front
// of it refuses to list one as such an endpoint does.
func TestPolicyTypeTheEndpointDoesNotOffer(t *testing.T) {
	t.Parallel()
	const missing = "CHATBOT_POLICY"
	f := newFixture(t)
	proxyURL := refusingProxy(t, f.URL, missing)

	newProvider := func() (*orgp.Provider, *[]string) {
		cfg := f.Cfg.Copy()
		cfg.BaseEndpoint = aws.String(proxyURL)
		env := providertest.Env(cfg, providers.Settings{})
		var lines []string
		var mu sync.Mutex
		env.Verbose = func(format string, args ...any) {
			mu.Lock()
			lines = append(lines, fmt.Sprintf(format, args...))
			mu.Unlock()
		}
		return orgp.New(env), &lines
	}

	p, lines := newProvider()
	if _, err := p.Read(context.Background(), nil); err != nil {
		t.Fatalf("Read with %s not offered: %v", missing, err)
	}
	if len(*lines) != 1 || !strings.Contains((*lines)[0], "ListPolicies "+missing) || !strings.Contains((*lines)[0], "read as no policies of that type") {
		t.Errorf("-v says %q, want one line saying ListPolicies %s read as none", *lines, missing)
	}

	inSpec := engine.ScopeOf([]engine.Resource{{Kind: orgs.KindPolicyType, Key: missing}})
	p, _ = newProvider()
	if _, err := p.Read(context.Background(), inSpec); err == nil || !strings.Contains(err.Error(), "ListPolicies "+missing) {
		t.Errorf("Read with %s in the spec: %v, want the refusal as an error", missing, err)
	}

	if _, err := f.org().EnablePolicyType(context.Background(), &organizations.EnablePolicyTypeInput{
		RootId: aws.String(rootID(t, f)), PolicyType: types.PolicyType(missing)}); err != nil {
		t.Fatal(err)
	}
	p, _ = newProvider()
	if _, err := p.Read(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "ListPolicies "+missing) {
		t.Errorf("Read with %s enabled: %v, want the refusal as an error", missing, err)
	}
}

// refusingProxy serves target, except that it answers ListPolicies of typ
// with the InvalidInputException AWS gives for a value it does not know.
func refusingProxy(t *testing.T, target, typ string) string {
	u, _ := url.Parse(target)
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		if strings.HasSuffix(r.Header.Get("X-Amz-Target"), ".ListPolicies") && strings.Contains(string(body), `"Filter":"`+typ+`"`) {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"__type":"InvalidInputException","Message":"You specified an invalid value.","Reason":"INVALID_ENUM"}`))
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
