package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/orgctl/orgctl/catalog"
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/awsconfig"
	"github.com/orgctl/orgctl/sandbox"
)

// lockedVerbose is verbose for providers, whose reads run concurrently.
func (a *app) lockedVerbose(g *globals) func(string, ...any) {
	var mu sync.Mutex
	return func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		a.verbose(g, format, args...)
	}
}

// session is a connection to AWS, or to a sandbox, with the providers that
// use it.
type session struct {
	providers []engine.Provider
	counter   *awsconfig.Counter
	close     func()
	// endpoint names where requests go, as plans record it (endpointOf).
	endpoint string
}

// sessionOptions are what providers need from the spec or the plan.
type sessionOptions struct {
	settings providers.Settings
}

// connect builds the providers. With --sandbox it opens the sandbox state
// file and serves it on a loopback port for the life of the command, so the
// providers talk HTTP to it exactly as they would to AWS.
func (a *app) connect(ctx context.Context, g *globals, so sessionOptions) (*session, error) {
	counter := &awsconfig.Counter{}
	opts := awsconfig.Options{
		Profile: g.profile, Region: g.region, RoleARN: g.roleARN, EndpointURL: g.endpointURL,
		Counter: counter, OnCredentials: func(c aws.Credentials) { a.secrets.add(c.AccessKeyID, c.SecretAccessKey, c.SessionToken) },
	}
	closeFn := func() {}
	realism, given, err := g.sandboxRealism()
	if err != nil {
		return nil, err
	}
	if given && g.sandbox == "" && (g.endpointURL == "" || g.latency != 0 || g.faults != "") {
		return nil, fmt.Errorf("--rate, --latency and --faults shape the sandbox: give them with --sandbox, or to 'orgctl sandbox serve' (with --endpoint-url, only --rate is taken: the rate the served sandbox enforces, to pace requests to it)")
	}
	if g.sandbox != "" {
		if g.endpointURL != "" {
			return nil, fmt.Errorf("--sandbox and --endpoint-url both say where AWS is; give one")
		}
		if dir := filepath.Dir(g.sandbox); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("sandbox state directory: %w", err)
			}
		}
		sb, err := sandbox.Open(g.sandbox, realism...)
		if err != nil {
			return nil, err
		}
		url, err := sb.Listen("127.0.0.1:0")
		if err != nil {
			sb.Close()
			return nil, err
		}
		creds := sb.Credentials()
		a.secrets.add(creds.AccessKeyID, creds.SecretAccessKey)
		opts.EndpointURL, opts.AccessKeyID, opts.SecretAccessKey = url, creds.AccessKeyID, creds.SecretAccessKey
		opts.Profile, opts.RoleARN = "", ""
		closeFn = func() { sb.Close() }
	}
	pollInterval, rates, err := g.pacing()
	if err != nil {
		closeFn()
		return nil, err
	}
	if g.debug {
		opts.APIOptions = append(opts.APIOptions, awsconfig.DebugRequests(a.stderr))
	}
	cfg, err := awsconfig.Load(ctx, opts)
	if err != nil {
		closeFn()
		return nil, err
	}
	env := providers.Env{
		Sessions: awsconfig.NewSessions(cfg, awsconfig.SessionOptions{
			Role:          so.settings.CrossAccountRole,
			ExternalID:    so.settings.CrossAccountExternalID,
			OnCredentials: func(c aws.Credentials) { a.secrets.add(c.AccessKeyID, c.SecretAccessKey, c.SessionToken) },
		}),
		Settings: so.settings,
		Poll:     pollInterval,
		Rates:    rates,
		Limiters: &providers.Limiters{},
		Verbose:  a.lockedVerbose(g),
	}
	return &session{
		providers: catalog.Providers(env),
		counter:   counter,
		close:     closeFn,
		endpoint:  endpointOf(g),
	}, nil
}
