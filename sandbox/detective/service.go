package detective

import (
	"fmt"
	"net/http"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// The service: its routes, slice, settings and errors.

var (
	slice = sandbox.RegisterSlice(sandbox.SliceDef[state]{
		Key: "detective",
		New: func(*sandbox.State, time.Time) *state {
			return &state{Graphs: map[string]*graph{}, Admins: map[string]*admin{}}
		},
	})
	stored = sandbox.RegisterSettings(sandbox.SettingsDef[settings]{
		Key: "detective", Defaults: settings{AdminSettleDelay: sandbox.Duration(defaultSettleDelay), MemberLimit: defaultMemberLimit},
		Check: func(s *settings) error {
			if s.AdminSettleDelay < 0 {
				return fmt.Errorf("negative delay %s", time.Duration(s.AdminSettleDelay))
			}
			if s.MemberLimit < 1 {
				return fmt.Errorf("member limit %d: want at least 1", s.MemberLimit)
			}
			return nil
		},
	})
)

func init() { sandbox.Register(service()) }

// call is a request to Detective: the core's call with Detective's slice.
type call struct {
	*sandbox.Call
	st *state
}

// route adapts a handler to a restJson1 POST route answering 200.
func route[In, Out any](path string, write bool, fn func(c *call, in *In) (*Out, *sandbox.Error)) *sandbox.Op {
	return sandbox.RESTOp("POST", path, http.StatusOK, write, func(sc *sandbox.Call, in *In) (*Out, *sandbox.Error) {
		return fn(&call{Call: sc, st: slice.Of(sc.State)}, in)
	})
}

func service() *sandbox.Service {
	return &sandbox.Service{
		Name: "detective",
		Protocol: sandbox.RESTJSON(sandbox.RESTOptions{
			MessageKey: "Message",
			BadRequest: func(string) *sandbox.Error { return invalid("INVALID_REQUEST_BODY", msgBody) },
		}),
		Ops: map[string]*sandbox.Op{
			"EnableOrganizationAdminAccount":    route("/orgs/enableAdminAccount", true, enableAdmin),
			"DisableOrganizationAdminAccount":   route("/orgs/disableAdminAccount", true, disableAdmin),
			"ListOrganizationAdminAccounts":     route("/orgs/adminAccountslist", false, listAdmins),
			"UpdateOrganizationConfiguration":   route("/orgs/updateOrganizationConfiguration", true, updateOrgConfig),
			"DescribeOrganizationConfiguration": route("/orgs/describeOrganizationConfiguration", false, describeOrgConfig),
			"ListGraphs":                        route("/graphs/list", false, listGraphs),
			"CreateMembers":                     route("/graph/members", true, createMembers),
			"ListMembers":                       route("/graph/members/list", false, listMembers),
			"DeleteMembers":                     route("/graph/members/removal", true, deleteMembers),
		},
		Throttle: func() *sandbox.Error {
			return &sandbox.Error{Status: http.StatusTooManyRequests, Code: "TooManyRequestsException", Message: "Rate exceeded"}
		},
		ServerFault: func(msg string) *sandbox.Error {
			if msg == "" {
				msg = "Internal server error"
			}
			return &sandbox.Error{Status: http.StatusInternalServerError, Code: "InternalServerException", Message: msg, Server: true}
		},
	}
}

// Detective's refusals, with the HTTP status of its model.
const (
	msgBody       = "The request body is not valid."
	msgInput      = "The request parameters are not valid."
	msgGraphArn   = "The behavior graph ARN is not valid."
	msgDenied     = "The request was denied because the caller is not the organization management account."
	msgNotAdmin   = "The request was denied because the caller is not the Detective administrator account for the organization."
	msgNotFound   = "The request refers to a nonexistent resource."
	msgConflict   = "The request conflicts with the current Detective administrator account for the organization."
	msgNotInOrg   = "The account is not an active account of the organization."
	msgMember     = "The account is already a member account in the behavior graph."
	msgSelf       = "The account is the administrator account of the behavior graph."
	msgSuspended  = "The account is suspended or closed."
	msgQuota      = "The behavior graph has the maximum number of member accounts."
	msgNeedsEmail = "An account outside the organization needs an email address to be invited."
)

// invalid is a ValidationException with Detective's error code.
func invalid(code, msg string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: "ValidationException", Message: msg, Fields: map[string]string{"ErrorCode": code}}
}

func denied(msg string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusForbidden, Code: "AccessDeniedException", Message: msg}
}

func notFound() *sandbox.Error {
	return &sandbox.Error{Status: http.StatusNotFound, Code: "ResourceNotFoundException", Message: msgNotFound}
}

func conflict() *sandbox.Error {
	return &sandbox.Error{Status: http.StatusConflict, Code: "ConflictException", Message: msgConflict}
}

// empty is the output of operations that return nothing.
type empty struct{}

// iso is how Detective writes timestamps (ISO 8601, UTC, milliseconds).
func iso(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
