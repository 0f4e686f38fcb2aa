package sandboxtest

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

// Fault is a fault or rate limit a sandbox is reopened with, and what a
// write then gets.
type Fault struct {
	Name   string
	Opt    sandbox.Option
	Code   string // the error's code; "" where the write goes through
	Status int
}

// Probe is how CheckFaults drives a service: Read is a call that takes the
// one token of a rate limit with a burst of 1, Write a call that makes one
// thing, and Count how many such things there are.
type Probe struct {
	Read  func(e *Env)
	Write func(e *Env) error
	Count func(e *Env) int
}

// CheckFaults runs a parallel subtest a fault, each on a fresh sandbox
// reopened with the fault: the write fails with the service's own error
// and HTTP status, the SDK's standard retryer retries it, and it made
// nothing (seen after reopening without the fault).
func CheckFaults(t *testing.T, faults []Fault, p Probe) {
	t.Helper()
	for _, f := range faults {
		t.Run(f.Name, func(t *testing.T) {
			t.Parallel()
			e := New(t)
			e.Reopen(f.Opt)
			p.Read(e)
			err := p.Write(e)
			if f.Code == "" {
				expect.Check(t, "write", err, expect.OK)
				return
			}
			expect.Check(t, "write", err, expect.Code(f.Code))
			var re *smithyhttp.ResponseError
			if !errors.As(err, &re) || re.HTTPStatusCode() != f.Status {
				t.Errorf("status of %v, want %d", err, f.Status)
			}
			if !retry.NewStandard().IsErrorRetryable(err) {
				t.Errorf("the SDK does not retry %v", err)
			}
			e.Reopen()
			if n := p.Count(e); n != 0 {
				t.Errorf("a faulted write made %d", n)
			}
		})
	}
}

// CommonFaults are the faults every service meets alike: an injected
// throttle, an injected server error, and a rate limit of 1 a second with
// a burst of 1 on the service's bucket. throttle (with throttleStatus) and
// server are the service's error codes for them.
func CommonFaults(bucket, throttle string, throttleStatus int, server string) []Fault {
	return []Fault{
		{Name: "throttle fault", Opt: sandbox.WithFaults(sandbox.Faults{Throttle: 1}), Code: throttle, Status: throttleStatus},
		{Name: "server fault", Opt: sandbox.WithFaults(sandbox.Faults{Error5xx: 1}), Code: server, Status: 500},
		{Name: "rate limit", Opt: sandbox.WithRateLimits(sandbox.RateLimits{bucket: {RPS: 1, Burst: 1}}), Code: throttle, Status: throttleStatus},
	}
}

// PinThrottles checks a service's copy of AWS's per-operation buckets
// (Bucket.Ops) against orgctl's table of them (facts), and that each
// operation is one the service serves: the sandbox emulates AWS, not
// orgctl, so it keeps its own copy, and this keeps the two in step.
func PinThrottles(t *testing.T, svc *sandbox.Service, orgctls map[string]facts.Throttle) {
	t.Helper()
	ops := svc.Rate.Ops
	if len(ops) != len(orgctls) {
		t.Errorf("the sandbox limits %d operations of %s, orgctl %d", len(ops), svc.Name, len(orgctls))
	}
	for op, f := range orgctls {
		if s, ok := ops[op]; !ok || s.RPS != f.RPS || s.Burst != f.Burst || s.InFlight != 0 {
			t.Errorf("%s: sandbox %+v (known %v), orgctl %+v", op, s, ok, f)
		}
		if _, ok := svc.Ops[op]; !ok {
			t.Errorf("%s: no such operation in the sandbox's %s", op, svc.Name)
		}
	}
}
