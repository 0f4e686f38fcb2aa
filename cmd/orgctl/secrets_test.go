package main

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// Canary credentials: values that must never be printed or saved.
const (
	canaryKeyID  = "AKIACANARYKEY0000001"
	canarySecret = "canarySecret/0000000000000000000000000001"
	canaryToken  = "canarySessionToken0000000000000000000001"
)

var canaryEnv = []string{
	"AWS_ACCESS_KEY_ID=" + canaryKeyID,
	"AWS_SECRET_ACCESS_KEY=" + canarySecret,
	"AWS_SESSION_TOKEN=" + canaryToken,
	"AWS_REGION=us-east-1",
}

// sandboxSecrets returns the credentials a sandbox state file holds.
func sandboxSecrets(t *testing.T, state string) []string {
	t.Helper()
	b, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Credentials map[string]struct {
			AccessKeyID     string `json:"accessKeyId"`
			SecretAccessKey string `json:"secretAccessKey"`
			SessionToken    string `json:"sessionToken"`
		} `json:"credentials"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range st.Credentials {
		for _, s := range []string{c.AccessKeyID, c.SecretAccessKey, c.SessionToken} {
			if s != "" {
				out = append(out, s)
			}
		}
	}
	if len(out) < 2 {
		t.Fatalf("no credentials found in %s", state)
	}
	sort.Strings(out)
	return out
}

// noSecrets fails when any secret appears in what a command printed or wrote.
func noSecrets(t *testing.T, what, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s shows the credential %q:\n%s", what, s, text)
		}
	}
}

// reflector is an endpoint that is not AWS: it answers every request with
// an error whose message repeats the request's headers, as a misconfigured
// proxy or a hostile endpoint might.
func reflector(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var hdrs []string
		for k, v := range r.Header {
			hdrs = append(hdrs, k+"="+strings.Join(v, ","))
		}
		sort.Strings(hdrs)
		msg := "request refused: " + strings.Join(hdrs, "; ")
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			// STS speaks awsQuery: errors in XML.
			var esc strings.Builder
			xml.EscapeText(&esc, []byte(msg))
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>%s</Message></Error><RequestId>r-1</RequestId></ErrorResponse>", esc.String())
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-ErrorType", "AccessDeniedException")
		w.WriteHeader(http.StatusForbidden)
		json.NewEncoder(w).Encode(map[string]string{"__type": "AccessDeniedException", "message": msg, "Message": msg})
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestE2ENoSecretsInOutput runs plan, apply and drift with -v, saved plans,
// and failures (unknown credentials, a role that cannot be assumed, an
// endpoint that is not AWS and repeats what it was sent), and checks that
// no credential, of the environment or of the sandbox, is ever printed or
// written to a plan file.
func TestE2ENoSecretsInOutput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := "examples/minimal/org.yaml"
	canaries := []string{canaryKeyID, canarySecret, canaryToken}

	// The in-process sandbox: its own credentials, and canaries in the
	// environment that it must not use or show.
	inproc := filepath.Join(dir, "inproc.json")
	wantCode(t, run(t, nil, "sandbox", "init", "--state", inproc, "--create-delay", "100ms"), 0, "sandbox init")
	secrets := append(sandboxSecrets(t, inproc), canaries...)
	planFile := filepath.Join(dir, "plan.json")
	sb := "--sandbox=" + inproc
	for _, args := range [][]string{
		{sb, "-v", "plan", "-f", spec, "-o", planFile},
		{sb, "-v", "plan", "-f", spec, "--format", "json"},
		{sb, "-v", "plan", "-f", spec, "--format", "markdown"},
		{sb, "-v", "apply", planFile, "--auto-approve"},
		{sb, "-v", "drift", "-f", spec, "--format", "json"},
		{sb, "-v", "apply", "-f", spec, "--auto-approve"},
		{sb, "-v", "--endpoint-url", "http://127.0.0.1:1", "plan", "-f", spec},
	} {
		r := run(t, canaryEnv, args...)
		noSecrets(t, "orgctl "+strings.Join(args, " "), r.stdout+r.stderr, secrets)
	}
	b, err := os.ReadFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	noSecrets(t, "the plan file", string(b), secrets)

	// A served sandbox, reached with its credentials and with others.
	served := filepath.Join(dir, "served.json")
	wantCode(t, run(t, nil, "sandbox", "init", "--state", served, "--create-delay", "100ms"), 0, "sandbox init")
	srv := serve(t, served)
	secrets = append(sandboxSecrets(t, served), canaries...)
	bad := reflector(t)
	for _, tc := range []struct {
		name string
		env  []string
		args []string
		code int
	}{
		{"plan", srv.env, []string{"-v", "--endpoint-url", srv.url, "plan", "-f", spec}, 0},
		{"apply", srv.env, []string{"-v", "--endpoint-url", srv.url, "apply", "-f", spec, "--auto-approve"}, 0},
		{"drift", srv.env, []string{"-v", "--endpoint-url", srv.url, "drift", "-f", spec}, 0},
		{"unknown credentials", canaryEnv, []string{"-v", "--endpoint-url", srv.url, "plan", "-f", spec}, 1},
		{"role that cannot be assumed", canaryEnv, []string{"-v", "--endpoint-url", srv.url, "--role-arn", "arn:aws:iam::123456789012:role/orgctl", "apply", "-f", spec, "--auto-approve"}, 1},
		{"sandbox credentials, role that cannot be assumed", srv.env, []string{"-v", "--endpoint-url", srv.url, "--role-arn", "arn:aws:iam::123456789012:role/orgctl", "drift", "-f", spec}, 1},
		{"endpoint that repeats the request", canaryEnv, []string{"-v", "--endpoint-url", bad, "plan", "-f", spec}, 1},
		{"endpoint that repeats the request, sandbox credentials", srv.env, []string{"-v", "--endpoint-url", bad, "apply", "-f", spec, "--auto-approve"}, 1},
		{"credentials in the endpoint URL", canaryEnv, []string{"-v", "--endpoint-url", strings.Replace(bad, "://", fmt.Sprintf("://%s:%s@", canaryKeyID, canaryToken), 1), "drift", "-f", spec}, 1},
	} {
		r := run(t, tc.env, tc.args...)
		if r.code != tc.code {
			t.Errorf("%s: want exit %d, got %s", tc.name, tc.code, r)
		}
		noSecrets(t, tc.name, r.stdout+r.stderr, secrets)
	}
}

func TestRedactingWriter(t *testing.T) {
	s := &secrets{}
	s.add("", "short", canarySecret, canaryToken, canarySecret)
	var b strings.Builder
	w := redactingWriter{&b, s}
	in := "token " + canaryToken + " secret " + canarySecret + " short"
	if n, err := fmt.Fprint(w, in); err != nil || n != len(in) {
		t.Fatalf("Write: %d, %v; want %d, nil", n, err, len(in))
	}
	if want := "token [redacted] secret [redacted] short"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	if _, ok := fdOf(w); ok {
		t.Error("a redactor over a buffer claims a file descriptor")
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if fd, ok := fdOf(redactingWriter{f, s}); !ok || fd != f.Fd() {
		t.Errorf("fdOf through the redactor = %d, %v; want %d, true", fd, ok, f.Fd())
	}
	var nilSecrets *secrets
	nilSecrets.add(canarySecret)
	if got := string(nilSecrets.redact([]byte(canarySecret))); got != canarySecret {
		t.Errorf("nil secrets changed %q", got)
	}
}

// TestE2ESandboxServeShowsItsCredentials: showing its credentials is what
// 'sandbox serve' is for, even when they are already in the environment.
func TestE2ESandboxServeShowsItsCredentials(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "sandbox.json")
	wantCode(t, run(t, nil, "sandbox", "init", "--state", state), 0, "sandbox init")
	secrets := sandboxSecrets(t, state)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, orgctlBin, "sandbox", "serve", "--addr", "127.0.0.1:0", "--state", state)
	cmd.Env = baseEnv(t)
	// The key and the secret, in either order: both are redacted alike.
	cmd.Env = append(cmd.Env, "AWS_ACCESS_KEY_ID="+secrets[0], "AWS_SECRET_ACCESS_KEY="+secrets[1])
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if m := credsRE.FindStringSubmatch(sc.Text()); m != nil {
			if !slices.Contains(secrets, m[1]) || !slices.Contains(secrets, m[2]) {
				t.Errorf("sandbox serve shows %q, want its credentials %v", sc.Text(), secrets)
			}
			return
		}
	}
	t.Fatal("sandbox serve printed no credentials")
}
