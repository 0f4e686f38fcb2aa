package sandboxtest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/orgctl/orgctl/internal/awscli"
)

// AWSCLI is Debian's AWS CLI v2; a different aws earlier on PATH may be v1.
const AWSCLI = "/usr/bin/aws"

// CLI runs the AWS CLI against the sandbox with one set of credentials, in
// us-east-1, with no configuration of the user's.
type CLI struct {
	e   *Env
	env []string
}

// CLI is a runner with the given credentials. It skips the test where the
// CLI is missing, except in CI.
func (e *Env) CLI(accessKey, secretKey, sessionToken string) *CLI {
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
	return &CLI{e: e, env: env}
}

// AdminCLI is a runner with the static credentials (the management
// account).
func (e *Env) AdminCLI() *CLI {
	e.T.Helper()
	c := e.SB.Credentials()
	return e.CLI(c.AccessKeyID, c.SecretAccessKey, "")
}

// Run runs aws with args and decodes its JSON output ({} where it prints
// nothing).
func (c *CLI) Run(args ...string) (map[string]any, error) {
	r, err := awscli.Run(context.Background(), AWSCLI, c.env, append(args, "--endpoint-url", c.e.URL, "--output", "json"))
	if err != nil {
		return nil, err
	}
	if r.Code != 0 {
		return nil, &CLIError{Args: args, Stderr: r.Stderr, Err: fmt.Errorf("exit status %d", r.Code)}
	}
	v := map[string]any{}
	if len(strings.TrimSpace(r.Stdout)) == 0 {
		return v, nil
	}
	if err := json.Unmarshal([]byte(r.Stdout), &v); err != nil {
		return nil, err
	}
	return v, nil
}

// Must is Run that fails the test on an error.
func (c *CLI) Must(args ...string) map[string]any {
	c.e.T.Helper()
	out, err := c.Run(args...)
	if err != nil {
		c.e.T.Fatal(err)
	}
	return out
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
