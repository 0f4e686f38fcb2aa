package macie

import (
	"fmt"
	"net/http"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// The service: its routes, slice, settings and errors.

var (
	slice = sandbox.RegisterSlice(sandbox.SliceDef[state]{
		Key: "macie2",
		New: func(*sandbox.State, time.Time) *state {
			return &state{Sessions: map[string]*session{}, Admins: map[string]*admin{}}
		},
	})
	stored = sandbox.RegisterSettings(sandbox.SettingsDef[settings]{
		Key: "macie2", Defaults: settings{AdminSettleDelay: sandbox.Duration(defaultSettleDelay), MemberLimit: defaultMemberLimit},
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

// call is a request to Macie: the core's call with Macie's slice.
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
		Name: "macie2",
		Protocol: sandbox.RESTJSON(sandbox.RESTOptions{
			BadRequest: func(string) *sandbox.Error { return validation() },
		}),
		Ops: map[string]*sandbox.Op{
			"EnableOrganizationAdminAccount":    route("POST", "/admin", true, enableAdmin),
			"DisableOrganizationAdminAccount":   route("DELETE", "/admin", true, disableAdmin),
			"ListOrganizationAdminAccounts":     route("GET", "/admin", false, listAdmins),
			"UpdateOrganizationConfiguration":   route("PATCH", "/admin/configuration", true, updateOrgConfig),
			"DescribeOrganizationConfiguration": route("GET", "/admin/configuration", false, describeOrgConfig),
			"CreateMember":                      route("POST", "/members", true, createMember),
			"ListMembers":                       route("GET", "/members", false, listMembers),
			"DisassociateMember":                route("POST", "/members/disassociate/{id}", true, disassociateMember),
			"EnableMacie":                       route("POST", "/macie", true, enableMacie),
			"GetMacieSession":                   route("GET", "/macie", false, getSession),
		},
		Throttle: func() *sandbox.Error {
			return &sandbox.Error{Status: http.StatusTooManyRequests, Code: "ThrottlingException",
				Message: "The request failed because you sent too many requests during a certain amount of time."}
		},
		ServerFault: func(msg string) *sandbox.Error {
			if msg == "" {
				msg = "The request failed due to an unknown internal server error, exception, or failure."
			}
			return &sandbox.Error{Status: http.StatusInternalServerError, Code: "InternalServerException", Message: msg, Server: true}
		},
	}
}

// Macie's refusals, with the HTTP status of its model.
const (
	msgValidation  = "The request failed because the input doesn't satisfy the constraints specified by the service."
	msgDenied      = "The request was denied because you don't have sufficient access to the specified resource."
	msgNotEnabled  = "Macie is not enabled."
	msgNotFound    = "The request failed because the specified resource wasn't found."
	msgConflict    = "The request failed because it conflicts with the current state of the specified resource."
	msgQuota       = "The request failed because fulfilling the request would exceed one or more service quotas for your account."
	msgNotInOrg    = "The request failed because the specified account isn't an active member of the organization."
	msgSelfMember  = "The request failed because an account can't be a Macie administrator and member account at the same time."
	msgNotOrgAdmin = "The request failed because you must be the delegated Macie administrator account for the organization to perform this operation."
)

func validation() *sandbox.Error { return invalid(msgValidation) }

func invalid(msg string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: "ValidationException", Message: msg}
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

func quota() *sandbox.Error {
	return &sandbox.Error{Status: http.StatusPaymentRequired, Code: "ServiceQuotaExceededException", Message: msgQuota}
}

// empty is the output of operations that return nothing.
type empty struct{}

// iso is how Macie writes timestamps (ISO 8601, UTC, milliseconds).
func iso(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
