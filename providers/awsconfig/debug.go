package awsconfig

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// DebugRequests returns SDK middleware (for aws.Config.APIOptions) that
// writes a line to w for every attempt of every request: service,
// operation, region, attempt number, HTTP status or error, and how long it
// took, so that a slow or failing run shows where the time and the retries
// go (--debug). It writes no headers or bodies: nothing secret.
func DebugRequests(w io.Writer) func(*middleware.Stack) error {
	d := &debugLog{w: w}
	return d.register
}

type debugLog struct {
	mu sync.Mutex
	w  io.Writer
}

type attemptsKey struct{}

// register counts an operation's attempts from where it starts (once per
// call, before the retry loop) to where each attempt is sent (after it).
func (d *debugLog) register(stack *middleware.Stack) error {
	err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("orgctl.DebugCall",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return next.HandleInitialize(context.WithValue(ctx, attemptsKey{}, new(atomic.Int32)), in)
		}), middleware.Before)
	if err != nil {
		return err
	}
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("orgctl.DebugAttempt",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			attempt := int32(1)
			if n, ok := ctx.Value(attemptsKey{}).(*atomic.Int32); ok {
				attempt = n.Add(1)
			}
			start := time.Now()
			out, md, err := next.HandleFinalize(ctx, in)
			d.line(ctx, attempt, time.Since(start), md, err)
			return out, md, err
		}), middleware.After)
}

func (d *debugLog) line(ctx context.Context, attempt int32, took time.Duration, md middleware.Metadata, err error) {
	status := "no response"
	if r, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok && r != nil && r.Response != nil && r.StatusCode != 0 {
		status = fmt.Sprintf("HTTP %d", r.StatusCode)
	} else if re := (*smithyhttp.ResponseError)(nil); errors.As(err, &re) && re.HTTPStatusCode() != 0 {
		status = fmt.Sprintf("HTTP %d", re.HTTPStatusCode())
	}
	if err != nil {
		var api smithy.APIError
		if errors.As(err, &api) {
			status += " " + api.ErrorCode()
		} else {
			status += " (" + lastCause(err) + ")"
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	fmt.Fprintf(d.w, "debug: %s %s %s attempt %d: %s in %s\n",
		strings.ToLower(awsmiddleware.GetServiceID(ctx)), awsmiddleware.GetOperationName(ctx), awsmiddleware.GetRegion(ctx),
		attempt, status, took.Round(time.Millisecond))
}

// lastCause is the innermost error's text: "connection refused", not the
// SDK's layers of wrapping around it.
func lastCause(err error) string {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err.Error()
		}
		err = u
	}
}
