package awsconfig

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go/middleware"

	"github.com/orgctl/orgctl/sandbox"
)

var debugLineRE = regexp.MustCompile(`^debug: organizations ListRoots us-east-1 attempt (\d+): (HTTP \d+)( \S+)? in \d+(\.\d+)?(ms|µs|ns|s)$`)

// Every attempt is a line, retries numbered after the first, each with
// its status and, when it failed, the error code.
func TestDebugWritesEveryAttempt(t *testing.T) {
	sb, url, creds := serveSandbox(t, sandbox.WithFaults(sandbox.Faults{Throttle: 0.3, Seed: 5}))
	cfg, err := Load(context.Background(), Options{EndpointURL: url, AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cfg.APIOptions = append(cfg.APIOptions, DebugRequests(&out))
	org := organizations.NewFromConfig(cfg, func(o *organizations.Options) {
		o.Retryer = aws.RetryerV2(retryNow{o.Retryer.(aws.RetryerV2)})
	})
	const calls = 20
	for range calls {
		if _, err := org.ListRoots(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	throttled := sb.Faults()["throttle"]
	if throttled == 0 {
		t.Fatal("no faults injected; the test proves nothing")
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != calls+throttled {
		t.Fatalf("%d lines, want one per attempt (%d):\n%s", len(lines), calls+throttled, out.String())
	}
	ok, retries, failed := 0, 0, 0
	for _, l := range lines {
		m := debugLineRE.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("line %q is not service, operation, region, attempt, status and duration", l)
		}
		if m[1] != "1" {
			retries++
		}
		if m[2] == "HTTP 200" && m[3] == "" {
			ok++
		} else if m[3] != "" {
			failed++
		}
	}
	if ok != calls || failed != throttled || retries != throttled {
		t.Errorf("%d ok, %d failed, %d retries; want %d, %d, %d:\n%s", ok, failed, retries, calls, throttled, throttled, out.String())
	}
}

// A request that gets no response says why, in a word.
func TestDebugSaysWhyThereWasNoResponse(t *testing.T) {
	cfg, err := Load(context.Background(), Options{EndpointURL: "http://127.0.0.1:1", AccessKeyID: "AKID", SecretAccessKey: "SECRET", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cfg.APIOptions = append(cfg.APIOptions, DebugRequests(&out))
	if _, err := organizations.NewFromConfig(cfg).ListRoots(context.Background(), nil); err == nil {
		t.Fatal("nothing listens on port 1, yet the call succeeded")
	}
	if got := out.String(); !strings.Contains(got, "attempt 1: no response (") || !strings.Contains(got, "refused") {
		t.Errorf("got %q, want a line saying there was no response because the connection was refused", got)
	}
	if strings.Contains(out.String(), "SECRET") {
		t.Error("the debug line shows the secret key")
	}
}

// Options.APIOptions reach the client that assumes --role-arn, so --debug
// shows that request too (here refused: the role does not exist).
func TestDebugShowsTheRoleAssumption(t *testing.T) {
	_, url, creds := serveSandbox(t)
	var out bytes.Buffer
	cfg, err := Load(context.Background(), Options{EndpointURL: url, AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey,
		RoleARN: "arn:aws:iam::123456789012:role/orgctl", APIOptions: []func(*middleware.Stack) error{DebugRequests(&out)}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := organizations.NewFromConfig(cfg).ListRoots(context.Background(), nil); err == nil {
		t.Fatal("ListRoots with a role that cannot be assumed succeeded")
	}
	if !strings.Contains(out.String(), "debug: sts AssumeRole us-east-1 attempt 1: HTTP 403 AccessDenied") {
		t.Errorf("--debug does not show the role's assumption:\n%s", out.String())
	}
}
