package awsconfig

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// A refused connection is tried three times in quick succession, then
// given up; other errors keep the standard backoff and attempts.
func TestRefusedConnectionGivesUpQuickly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there now
	cfg, err := Load(context.Background(), Options{EndpointURL: url, AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	attempts := 0
	_, err = sts.NewFromConfig(cfg, func(o *sts.Options) {
		o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
			return st.Finalize.Add(middleware.FinalizeMiddlewareFunc("count", func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				attempts++
				return next.HandleFinalize(ctx, in)
			}), middleware.After)
		})
	}).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if !errors.Is(err, syscall.ECONNREFUSED) || attempts != 3 {
		t.Errorf("GetCallerIdentity against a closed port: %d attempts, %v; want 3 and connection refused", attempts, err)
	}
	r := NewRetryer(15)
	if d, err := r.RetryDelay(1, &net.OpError{Op: "dial", Err: errors.New("i/o timeout")}); err != nil || d == 0 {
		t.Errorf("another connection error gets a backoff: %v, %v", d, err)
	}
}

// The server-error budget runs from the first of an unbroken run of
// server errors, not a request's first attempt: a request that spent
// longer than the budget before its first 5xx (here a slow first answer)
// still retries it; so does one whose 5xx are apart, with a throttle
// between them that took longer than the budget; and a server that keeps
// failing is given up once the budget has passed.
func TestServerErrorBudgetTimesARunOfServerErrors(t *testing.T) {
	const budget = 200 * time.Millisecond
	var mu sync.Mutex
	attempts, failFor, throttleAt := 0, 1, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		attempts++
		n := attempts
		mu.Unlock()
		if n == 1 {
			time.Sleep(2 * budget)
		}
		if n == throttleAt {
			time.Sleep(2 * budget)
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>1</RequestId></ErrorResponse>`)
			return
		}
		if n <= failFor {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		io.WriteString(w, `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`)
	}))
	defer srv.Close()
	call := func() error {
		cfg, err := Load(context.Background(), Options{EndpointURL: srv.URL, AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret",
			ServerErrorBudget: budget, ServerBackoff: 10 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		_, err = sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
		return err
	}
	if err := call(); err != nil || attempts != 2 {
		t.Errorf("a first 5xx after a slow answer: %d attempts, %v; want it retried and answered", attempts, err)
	}
	mu.Lock()
	attempts, failFor, throttleAt = 0, 3, 2
	mu.Unlock()
	if err := call(); err != nil || attempts != 4 {
		t.Errorf("5xx, a throttle, 5xx: %d attempts, %v; want the second 5xx retried and answered", attempts, err)
	}
	mu.Lock()
	attempts, failFor, throttleAt = 0, 1000, 0
	mu.Unlock()
	if err := call(); err == nil || attempts < 3 || attempts >= 15 {
		t.Errorf("a server that keeps failing: %d attempts, %v; want an error after a few attempts within the budget", attempts, err)
	}
}
