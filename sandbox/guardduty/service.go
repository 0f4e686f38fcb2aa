package guardduty

import (
	"fmt"
	"net/http"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// The service: its routes, slice, settings, hooks and errors.

var (
	slice = sandbox.RegisterSlice(sandbox.SliceDef[state]{
		Key: "guardduty",
		New: func(*sandbox.State, time.Time) *state {
			return &state{Detectors: map[string]*detector{}, Admins: map[string]*admin{}}
		},
	})
	stored = sandbox.RegisterSettings(sandbox.SettingsDef[settings]{
		Key: "guardduty", Defaults: settings{AdminSettleDelay: sandbox.Duration(defaultSettleDelay)},
		Check: func(s *settings) error {
			if s.AdminSettleDelay < 0 {
				return fmt.Errorf("negative delay %s", time.Duration(s.AdminSettleDelay))
			}
			return nil
		},
	})
)

func init() { sandbox.Register(service()) }

// call is a request to GuardDuty: the core's call with GuardDuty's slice.
type call struct {
	*sandbox.Call
	st *state
}

// route adapts a handler to a restJson1 route answering 200.
func route[In, Out any](method, path string, write bool, fn func(c *call, in *In) (*Out, *sandbox.Error)) *sandbox.Op {
	return sandbox.RESTOp(method, path, http.StatusOK, write, func(sc *sandbox.Call, in *In) (*Out, *sandbox.Error) {
		return fn(&call{Call: sc, st: slice.Of(sc.State)}, in)
	})
}

func service() *sandbox.Service {
	return &sandbox.Service{
		Name: "guardduty",
		Protocol: sandbox.RESTJSON(sandbox.RESTOptions{
			// GuardDuty sits behind API Gateway, which answers a path it
			// does not serve as a request without credentials.
			UnknownRoute: func(string, string) *sandbox.Error {
				return &sandbox.Error{Status: http.StatusForbidden, Code: "MissingAuthenticationTokenException", Message: "Missing Authentication Token"}
			},
			BadRequest: func(string) *sandbox.Error {
				return badRequest("The request is rejected because the JSON could not be processed.")
			},
		}),
		Ops: map[string]*sandbox.Op{
			"EnableOrganizationAdminAccount":    route("POST", "/admin/enable", true, enableAdmin),
			"DisableOrganizationAdminAccount":   route("POST", "/admin/disable", true, disableAdmin),
			"ListOrganizationAdminAccounts":     route("GET", "/admin", false, listAdmins),
			"CreateDetector":                    route("POST", "/detector", true, createDetector),
			"ListDetectors":                     route("GET", "/detector", false, listDetectors),
			"GetDetector":                       route("GET", "/detector/{detectorId}", false, getDetector),
			"DeleteDetector":                    route("DELETE", "/detector/{detectorId}", true, deleteDetector),
			"UpdateOrganizationConfiguration":   route("POST", "/detector/{detectorId}/admin", true, updateOrgConfig),
			"DescribeOrganizationConfiguration": route("GET", "/detector/{detectorId}/admin", false, describeOrgConfig),
		},
		// GuardDuty models no throttling error; API Gateway's is 429.
		Throttle: func() *sandbox.Error {
			return &sandbox.Error{Status: http.StatusTooManyRequests, Code: "TooManyRequestsException", Message: "Too Many Requests"}
		},
		ServerFault: func(msg string) *sandbox.Error {
			if msg == "" {
				msg = "The request is rejected because an internal server error occurred."
			}
			return &sandbox.Error{Status: http.StatusInternalServerError, Code: "InternalServerErrorException",
				Message: msg, Server: true}
		},
	}
}

// GuardDuty's refusals are BadRequestException (HTTP 400) with the body's
// __type InvalidInputException, in these words as seen on the wire.
const (
	msgInvalid       = "The request is rejected because an invalid or out-of-range value is specified as an input parameter."
	msgNotMaster     = "The request failed because you are not the master account for your AWS Organization."
	msgNoPermission  = "The request failed because you do not have required AWS Organization master permission."
	msgNotOwned      = "The request is rejected because the input detectorId is not owned by the current account."
	msgDetectorExist = "The request is rejected because a detector already exists for the current account."
)

func badRequest(msg string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: "BadRequestException", Type: "InvalidInputException", Message: msg}
}

// empty is the output of operations that return nothing.
type empty struct{}
