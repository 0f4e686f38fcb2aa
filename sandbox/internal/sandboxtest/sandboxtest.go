package sandboxtest

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/coretest"
)

// Clock is a settable clock for sandbox.WithClock.
type Clock = coretest.Clock

// NewClock starts at 2026-01-01 12:00 UTC.
func NewClock() *Clock { return coretest.NewClock() }

// Env is a sandbox served on a loopback port, with the management
// account's Organizations and STS clients.
type Env struct {
	T     *testing.T
	SB    *sandbox.Sandbox
	Path  string
	URL   string
	Clock *Clock // nil where the sandbox keeps the real clock
	Ctx   context.Context
	Org   *organizations.Client // the management account's, renewed by Serve
	STS   *sts.Client
}

// New starts a sandbox with Init on a fresh state file and a new Clock,
// and serves it; it is closed at cleanup.
func New(t *testing.T, opts ...sandbox.Option) *Env {
	t.Helper()
	clock := NewClock()
	path := filepath.Join(t.TempDir(), "state.json")
	sb, err := sandbox.Init(path, append([]sandbox.Option{sandbox.WithClock(clock.Now)}, opts...)...)
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	return serve(t, sb, path, clock)
}

// Open opens an existing state file and serves it, as New does a fresh
// one. A nil clock leaves the sandbox the real one, for state made by it.
func Open(t *testing.T, path string, clock *Clock, opts ...sandbox.Option) *Env {
	t.Helper()
	sb, err := sandbox.Open(path, append(clockOption(clock), opts...)...)
	if err != nil {
		t.Fatalf("Open %s: %v", path, err)
	}
	return serve(t, sb, path, clock)
}

func clockOption(clock *Clock) []sandbox.Option {
	if clock == nil {
		return nil
	}
	return []sandbox.Option{sandbox.WithClock(clock.Now)}
}

func serve(t *testing.T, sb *sandbox.Sandbox, path string, clock *Clock) *Env {
	t.Helper()
	e := &Env{T: t, SB: sb, Path: path, Clock: clock, Ctx: context.Background()}
	t.Cleanup(func() { e.SB.Close() })
	e.Serve()
	return e
}

// Serve listens on a new loopback port and renews the management
// account's clients for it.
func (e *Env) Serve() {
	e.T.Helper()
	url, err := e.SB.Listen("127.0.0.1:0")
	if err != nil {
		e.T.Fatalf("Listen: %v", err)
	}
	e.URL = url
	e.Org, e.STS = e.Clients(e.Admin())
}

// Reopen closes the sandbox and opens the same file again, with the same
// clock, and serves it.
func (e *Env) Reopen(opts ...sandbox.Option) {
	e.T.Helper()
	if err := e.SB.Close(); err != nil {
		e.T.Fatalf("Close: %v", err)
	}
	sb, err := sandbox.Open(e.Path, append(clockOption(e.Clock), opts...)...)
	if err != nil {
		e.T.Fatalf("Open: %v", err)
	}
	e.SB = sb
	e.Serve()
}

// Config is an SDK configuration for the sandbox in region with the given
// credentials; the SDK retries nothing, so tests see every error.
func (e *Env) Config(region string, creds aws.CredentialsProvider) aws.Config {
	return aws.Config{Region: region, Credentials: creds, RetryMaxAttempts: 1, BaseEndpoint: aws.String(e.URL)}
}

// Admin is the static credentials' provider (the management account).
func (e *Env) Admin() aws.CredentialsProvider {
	c := e.SB.Credentials()
	return credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, "")
}

// Clients are Organizations and STS clients in us-east-1 with the given
// credentials.
func (e *Env) Clients(creds aws.CredentialsProvider) (*organizations.Client, *sts.Client) {
	cfg := e.Config("us-east-1", creds)
	return organizations.NewFromConfig(cfg), sts.NewFromConfig(cfg)
}

// Raw sends a request straight to the handler, for protocol edge cases
// the SDK never produces; a header with an empty value is not sent.
func (e *Env) Raw(method, path string, header map[string]string, body string) (int, http.Header, string) {
	return coretest.Do(e.SB.Handler(), method, path, header, body)
}

// Auth is an Authorization header for the static key, signed for service
// in us-east-1 (the sandbox reads the scope and does not check signatures).
func (e *Env) Auth(service string) string {
	return coretest.Auth(e.SB.Credentials().AccessKeyID, service, "us-east-1")
}
