package account

import (
	"fmt"
	"net/http"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// The service: its routes, slice, settings, gate and errors.

var (
	slice = sandbox.RegisterSlice(sandbox.SliceDef[state]{
		Key: "account",
		New: func(*sandbox.State, time.Time) *state {
			return &state{Accounts: map[string]map[string]*optStatus{}}
		},
		Advance: func(_ *sandbox.State, st *state, now time.Time) { advance(st, now) },
	})
	stored = sandbox.RegisterSettings(sandbox.SettingsDef[settings]{
		Key:      "account",
		Defaults: settings{EnabledRegions: regionList{}, EnableDelay: sandbox.Duration(defaultSettle), DisableDelay: sandbox.Duration(defaultSettle)},
		Check:    checkSettings,
	})
)

func init() {
	sandbox.Register(service())
	sandbox.RegisterRegionGate(open)
}

// call is a request to Account Management: the core's call with the
// slice and the settings in effect.
type call struct {
	*sandbox.Call
	st  *state
	set settings
}

func route[In, Out any](path string, write bool, fn func(c *call, in *In) (*Out, *sandbox.Error)) *sandbox.Op {
	return sandbox.RESTOp("POST", path, http.StatusOK, write, func(sc *sandbox.Call, in *In) (*Out, *sandbox.Error) {
		return fn(&call{Call: sc, st: slice.Of(sc.State), set: stored.Get(sc)}, in)
	})
}

func service() *sandbox.Service {
	return &sandbox.Service{
		Name:     "account",
		Protocol: sandbox.RESTJSON(sandbox.RESTOptions{}),
		Ops: map[string]*sandbox.Op{
			"ListRegions":        route("/listRegions", false, listRegions),
			"GetRegionOptStatus": route("/getRegionOptStatus", false, getRegionOptStatus),
			"EnableRegion":       route("/enableRegion", true, enableRegion),
			"DisableRegion":      route("/disableRegion", true, disableRegion),
		},
		// AWS publishes each Region operation's bucket, per account
		// (throttles), and none for the service as a whole: 10/s is
		// assumed, as for other services.
		Rate: sandbox.Bucket{Name: "account", Rate: sandbox.Rate{RPS: 10, Burst: 10}, Ops: throttles},
		Throttle: func() *sandbox.Error {
			return &sandbox.Error{Status: http.StatusTooManyRequests, Code: "TooManyRequestsException", Message: "Rate exceeded"}
		},
		ServerFault: func(msg string) *sandbox.Error {
			if msg == "" {
				msg = "An internal server error occurred. Try your operation again later."
			}
			return &sandbox.Error{Status: http.StatusInternalServerError, Code: "InternalServerException", Message: msg, Server: true}
		},
	}
}

// throttles are the per-account buckets Account Management's quotas page
// gives its Region operations; a test pins them to orgctl's (facts).
var throttles = map[string]sandbox.Rate{
	"ListRegions":        {RPS: 5, Burst: 5},
	"GetRegionOptStatus": {RPS: 5, Burst: 5},
	"EnableRegion":       {RPS: 1, Burst: 1},
	"DisableRegion":      {RPS: 1, Burst: 1},
}

// Account Management's errors (the model's: ValidationException with a
// reason, HTTP 400; AccessDeniedException 403; ConflictException 409).

func validation(reason, format string, args ...any) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: "ValidationException",
		Message: fmt.Sprintf(format, args...), Fields: map[string]string{"reason": reason}}
}

// Reasons of ValidationException.
const (
	reasonField  = "fieldValidationFailed"
	reasonTarget = "invalidRegionOptTarget"
)

func accessDenied(msg string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusForbidden, Code: "AccessDeniedException", Message: msg}
}

func conflict(msg string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusConflict, Code: "ConflictException", Message: msg}
}
