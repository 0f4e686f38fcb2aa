package awsconfig

import (
	"context"
	"errors"
	"net"
	"syscall"
	"testing"

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
