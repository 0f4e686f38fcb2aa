package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/orgctl/orgctl/internal/awscli"
)

// orgctlBin is the binary the end-to-end tests run, built once by TestMain.
var orgctlBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "orgctl-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	orgctlBin = filepath.Join(dir, "orgctl")
	build := exec.Command("go", "build", "-o", orgctlBin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building orgctl:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// repoRoot is where the examples are, from this package's directory.
const repoRoot = "../.."

// result of running a command.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s\n--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// run runs orgctl with args and the environment env (added to a clean
// one), from the repository root.
func run(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, orgctlBin, args...)
	cmd.Dir = repoRoot
	cmd.Env = append(baseEnv(t), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running orgctl %v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}

// baseEnv isolates a command from the machine's AWS configuration.
func baseEnv(t *testing.T) []string {
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + t.TempDir(),
		"AWS_CONFIG_FILE=" + empty,
		"AWS_SHARED_CREDENTIALS_FILE=" + empty,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PAGER=",
		"NO_COLOR=1",
	}
}

// server is a running 'orgctl sandbox serve'.
type server struct {
	url string
	env []string // credentials and region for clients
}

var servingRE = regexp.MustCompile(`serving (http://\S+)`)
var credsRE = regexp.MustCompile(`AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)`)

// serve starts 'orgctl sandbox serve' on a free loopback port and stops it
// when the test ends.
func serve(t *testing.T, state string, flags ...string) *server {
	t.Helper()
	args := append([]string{"sandbox", "serve", "--addr", "127.0.0.1:0", "--state", state}, flags...)
	cmd := exec.Command(orgctlBin, args...)
	cmd.Env = baseEnv(t)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
	})
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	s := &server{}
	deadline := time.After(30 * time.Second)
	for s.url == "" || s.env == nil {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("sandbox serve exited: %s", stderr.String())
			}
			if m := servingRE.FindStringSubmatch(line); m != nil {
				s.url = m[1]
			}
			if m := credsRE.FindStringSubmatch(line); m != nil {
				s.env = []string{"AWS_ACCESS_KEY_ID=" + m[1], "AWS_SECRET_ACCESS_KEY=" + m[2], "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1"}
			}
		case <-deadline:
			t.Fatalf("sandbox serve did not start: %s", stderr.String())
		}
	}
	go func() {
		for range lines {
		}
	}()
	return s
}

// awsCLI returns the AWS CLI to check the sandbox with: Debian's, which CI
// installs, unless ORGCTL_AWS_CLI names another. Without one the test is
// skipped, except in CI, where that is a failure.
func awsCLI(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("ORGCTL_AWS_CLI"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/aws"); err == nil {
		return "/usr/bin/aws"
	}
	if p, err := exec.LookPath("aws"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("the AWS CLI is not installed; .ci/run must install Debian's awscli")
	}
	t.Skip("the AWS CLI is not installed (apt-get install awscli)")
	return ""
}

// aws runs the AWS CLI against the sandbox as the management account and
// decodes its JSON output.
func (s *server) aws(t *testing.T, args ...string) map[string]any {
	t.Helper()
	v, stderr, err := s.awsAs(t, s.env, args...)
	if err != nil {
		t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return v
}

// awsAs runs the AWS CLI against the sandbox with env's credentials, and
// returns its decoded output, or its stderr and error.
func (s *server) awsAs(t *testing.T, env []string, args ...string) (map[string]any, string, error) {
	t.Helper()
	cli := awsCLI(t)
	full := append([]string{"--endpoint-url", s.url, "--output", "json"}, args...)
	r, err := awscli.Run(context.Background(), cli, append(baseEnv(t), env...), full)
	if err != nil {
		return nil, "", err
	}
	if r.Code != 0 {
		return nil, r.Stderr, fmt.Errorf("exit status %d", r.Code)
	}
	if strings.TrimSpace(r.Stdout) == "" {
		return nil, "", nil
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(r.Stdout), &v); err != nil {
		t.Fatalf("aws %s: output is not JSON: %v\n%s", strings.Join(args, " "), err, r.Stdout)
	}
	return v, "", nil
}

// assumeRole returns the environment of credentials that assume role in
// account, as a user gets them with aws sts assume-role.
func (s *server) assumeRole(t *testing.T, account, role string) []string {
	t.Helper()
	out := s.aws(t, "sts", "assume-role", "--role-arn", "arn:aws:iam::"+account+":role/"+role, "--role-session-name", "e2e")
	c, _ := out["Credentials"].(map[string]any)
	return []string{"AWS_ACCESS_KEY_ID=" + str(c, "AccessKeyId"), "AWS_SECRET_ACCESS_KEY=" + str(c, "SecretAccessKey"),
		"AWS_SESSION_TOKEN=" + str(c, "SessionToken"), "AWS_REGION=us-east-1", "AWS_DEFAULT_REGION=us-east-1"}
}

// list returns the list under key of an AWS CLI JSON output.
func list(v map[string]any, key string) []map[string]any {
	raw, _ := v[key].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, e := range raw {
		if m, ok := e.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}
