package sandboxtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/orgctl/orgctl/sandbox"
)

// Clock is a settable clock for sandbox.WithClock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts at 2026-01-01 12:00 UTC.
func NewClock() *Clock { return &Clock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)} }

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Env is a sandbox on a fresh state file with a fake clock, served on a
// loopback port.
type Env struct {
	T     *testing.T
	SB    *sandbox.Sandbox
	Path  string
	URL   string
	Clock *Clock
	Ctx   context.Context
}

// New starts a sandbox with Init and serves it; it is closed at cleanup.
func New(t *testing.T, opts ...sandbox.Option) *Env {
	t.Helper()
	clock := NewClock()
	path := filepath.Join(t.TempDir(), "state.json")
	sb, err := sandbox.Init(path, append([]sandbox.Option{sandbox.WithClock(clock.Now)}, opts...)...)
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	e := &Env{T: t, SB: sb, Path: path, Clock: clock, Ctx: context.Background()}
	t.Cleanup(func() { e.SB.Close() })
	e.Serve()
	return e
}

// Serve listens on a new loopback port.
func (e *Env) Serve() {
	e.T.Helper()
	url, err := e.SB.Listen("127.0.0.1:0")
	if err != nil {
		e.T.Fatalf("Listen: %v", err)
	}
	e.URL = url
}

// Reopen closes the sandbox and opens the same file again.
func (e *Env) Reopen(opts ...sandbox.Option) {
	e.T.Helper()
	if err := e.SB.Close(); err != nil {
		e.T.Fatalf("Close: %v", err)
	}
	sb, err := sandbox.Open(e.Path, append([]sandbox.Option{sandbox.WithClock(e.Clock.Now)}, opts...)...)
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

// Raw sends a request straight to the handler, for protocol edge cases
// the SDK never produces.
func (e *Env) Raw(method, path string, header map[string]string, body string) (int, http.Header, string) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.SB.Handler().ServeHTTP(w, req)
	data, _ := io.ReadAll(w.Result().Body)
	return w.Code, w.Result().Header, string(data)
}

// Auth is an Authorization header for the static key, signed for service
// in us-east-1 (the sandbox reads the scope and does not check signatures).
func (e *Env) Auth(service string) string {
	return "AWS4-HMAC-SHA256 Credential=" + e.SB.Credentials().AccessKeyID + "/20260101/us-east-1/" + service +
		"/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000"
}

// AWSCLI is Debian's AWS CLI v2; a different aws earlier on PATH may be v1.
const AWSCLI = "/usr/bin/aws"

// CLI returns a runner of the AWS CLI against the sandbox with the given
// credentials, in us-east-1, that decodes the JSON output. It skips the
// test where the CLI is missing, except in CI.
func (e *Env) CLI(accessKey, secretKey, sessionToken string) func(args ...string) (map[string]any, error) {
	e.T.Helper()
	if _, err := os.Stat(AWSCLI); err != nil {
		if os.Getenv("CI") == "true" {
			e.T.Fatalf("%s is required in CI: %v", AWSCLI, err)
		}
		e.T.Skipf("%s not installed", AWSCLI)
	}
	dir := e.T.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		e.T.Fatal(err)
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"AWS_ACCESS_KEY_ID=" + accessKey,
		"AWS_SECRET_ACCESS_KEY=" + secretKey,
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=" + empty,
		"AWS_SHARED_CREDENTIALS_FILE=" + empty,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PAGER=",
	}
	if sessionToken != "" {
		env = append(env, "AWS_SESSION_TOKEN="+sessionToken)
	}
	return func(args ...string) (map[string]any, error) {
		cmd := exec.Command(AWSCLI, append(args, "--endpoint-url", e.URL, "--output", "json")...)
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				return nil, &CLIError{Args: args, Stderr: string(ee.Stderr), Err: err}
			}
			return nil, err
		}
		v := map[string]any{}
		if len(strings.TrimSpace(string(out))) == 0 {
			return v, nil
		}
		if err := json.Unmarshal(out, &v); err != nil {
			return nil, err
		}
		return v, nil
	}
}

// CLIError is a failed AWS CLI run with what it printed.
type CLIError struct {
	Args   []string
	Stderr string
	Err    error
}

func (e *CLIError) Error() string {
	return "aws " + strings.Join(e.Args, " ") + ": " + e.Err.Error() + "\n" + e.Stderr
}
