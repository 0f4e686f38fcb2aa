package awsconfig

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"

	"github.com/orgctl/orgctl/sandbox"
	_ "github.com/orgctl/orgctl/sandbox/all"
)

// Every fault the sandbox injects costs exactly one retry, and the counter
// tells retries from calls.
func TestCounterCountsRetries(t *testing.T) {
	sb, url, creds := serveSandbox(t, sandbox.WithFaults(sandbox.Faults{Throttle: 0.3, Error5xx: 0.1, Seed: 3}))
	counter := &Counter{}
	cfg, err := Load(context.Background(), Options{EndpointURL: url, AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, Counter: counter})
	if err != nil {
		t.Fatal(err)
	}
	// Retry at once: this test is about counting, not waiting.
	org := organizations.NewFromConfig(cfg, func(o *organizations.Options) {
		o.Retryer = aws.RetryerV2(retryNow{o.Retryer.(aws.RetryerV2)})
	})
	const calls = 30
	for range calls {
		if _, err := org.ListRoots(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
	}
	faults := sb.Faults()
	injected := faults["throttle"] + faults["error5xx"]
	if injected == 0 {
		t.Fatal("no faults injected; the test proves nothing")
	}
	if got := counter.Retries(); got != injected {
		t.Errorf("Retries() = %d, want the %d faults injected", got, injected)
	}
	if got := counter.Total(); got != calls+injected {
		t.Errorf("Total() = %d, want %d", got, calls+injected)
	}
	if !strings.HasSuffix(counter.Summary(), "retries") {
		t.Errorf("Summary() = %q, want it to end with the retries", counter.Summary())
	}
}

// retryNow is a retryer that does not wait.
type retryNow struct{ aws.RetryerV2 }

func (retryNow) RetryDelay(int, error) (time.Duration, error) { return 0, nil }

// serveSandbox serves a new sandbox over HTTP on loopback for the test,
// returning it, its URL and the management account's credentials.
func serveSandbox(t *testing.T, opts ...sandbox.Option) (*sandbox.Sandbox, string, sandbox.Credentials) {
	t.Helper()
	sb, err := sandbox.Init(filepath.Join(t.TempDir(), "s.json"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	url, err := sb.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return sb, url, sb.Credentials()
}
