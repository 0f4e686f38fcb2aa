package cloudtrail

import (
	"fmt"
	"net/http"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// The service: its operation table, slice, hooks and errors.

var slice = sandbox.RegisterSlice(sandbox.SliceDef[state]{
	Key: "cloudtrail",
	New: func(*sandbox.State, time.Time) *state { return &state{Trails: map[string]*trail{}} },
})

func init() { sandbox.Register(service()) }

// call is a request to CloudTrail: the core's call with the trails.
type call struct {
	*sandbox.Call
	st *state
}

// op adapts a handler to a JSON operation.
func op[In, Out any](write bool, fn func(c *call, in *In) (*Out, *sandbox.Error)) *sandbox.Op {
	return sandbox.JSONOp(write, func(sc *sandbox.Call, in *In) (*Out, *sandbox.Error) {
		return fn(&call{Call: sc, st: slice.Of(sc.State)}, in)
	})
}

func service() *sandbox.Service {
	return &sandbox.Service{
		Name: "cloudtrail",
		// The Go SDK addresses CloudTrail_20131101.Op, botocore (the AWS CLI)
		// the fully qualified name; AWS answers both.
		Protocol: sandbox.AWSJSON("1.1", "CloudTrail_20131101", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"),
		Ops: map[string]*sandbox.Op{
			"CreateTrail":       op(true, createTrail),
			"UpdateTrail":       op(true, updateTrail),
			"DeleteTrail":       op(true, deleteTrail),
			"DescribeTrails":    op(false, describeTrails),
			"GetTrail":          op(false, getTrail),
			"GetTrailStatus":    op(false, getTrailStatus),
			"StartLogging":      op(true, startLogging),
			"StopLogging":       op(true, stopLogging),
			"AddTags":           op(true, addTags),
			"RemoveTags":        op(true, removeTags),
			"ListTags":          op(false, listTags),
			"GetEventSelectors": op(false, getEventSelectors),
			"PutEventSelectors": op(true, putEventSelectors),
		},
		Throttle: func() *sandbox.Error {
			return &sandbox.Error{Status: http.StatusBadRequest, Code: "ThrottlingException", Message: "Rate exceeded"}
		},
		// CloudTrail models no server error; AWS sends the common
		// InternalFailure.
		ServerFault: sandbox.InternalFailure,
	}
}

// ctError is a CloudTrail client error; AWS sends 400 for every one.
func ctError(code, format string, args ...any) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}

func errTrailNotFound(arn, account string) *sandbox.Error {
	return ctError("TrailNotFoundException", "Unknown trail: %s for the user: %s", arn, account)
}

func errHomeRegion(t *trail) *sandbox.Error {
	return ctError("InvalidHomeRegionException",
		"The trail %s was created in %s. Make this request in the trail's home region.", t.arn(), t.HomeRegion)
}

func errParameter(format string, args ...any) *sandbox.Error {
	return ctError("InvalidParameterException", format, args...)
}

// empty is the output of operations that return nothing.
type empty struct{}
