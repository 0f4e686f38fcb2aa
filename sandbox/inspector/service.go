package inspector

import (
	"fmt"
	"net/http"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// The service: its routes, slice, settings and errors.

var (
	slice = sandbox.RegisterSlice(sandbox.SliceDef[state]{
		Key: "inspector2",
		New: func(*sandbox.State, time.Time) *state { return newState() },
		// A removed administrator is gone once AWS is done disabling it.
		Advance: func(_ *sandbox.State, st *state, now time.Time) { st.advance(now) },
	})
	stored = sandbox.RegisterSettings(sandbox.SettingsDef[settings]{
		Key: "inspector2", Defaults: settings{AdminSettleDelay: sandbox.Duration(defaultSettleDelay)},
		Check: func(s *settings) error {
			if s.AdminSettleDelay < 0 {
				return fmt.Errorf("negative delay %s", time.Duration(s.AdminSettleDelay))
			}
			return nil
		},
	})
)

func init() { sandbox.Register(service()) }

// call is a request to Inspector: the core's call with Inspector's slice.
type call struct {
	*sandbox.Call
	st *state
}

// route adapts a handler to a restJson1 POST route answering 200: every
// Inspector operation orgctl uses is a POST with a JSON body.
func route[In, Out any](path string, write bool, fn func(c *call, in *In) (*Out, *sandbox.Error)) *sandbox.Op {
	return sandbox.RESTOp("POST", path, http.StatusOK, write, func(sc *sandbox.Call, in *In) (*Out, *sandbox.Error) {
		return fn(&call{Call: sc, st: slice.Of(sc.State)}, in)
	})
}

func service() *sandbox.Service {
	return &sandbox.Service{
		Name: "inspector2",
		Protocol: sandbox.RESTJSON(sandbox.RESTOptions{
			// Inspector sits behind API Gateway, which answers a path it
			// does not serve as a request without credentials.
			UnknownRoute: func(string, string) *sandbox.Error {
				return &sandbox.Error{Status: http.StatusForbidden, Code: "MissingAuthenticationTokenException", Message: "Missing Authentication Token"}
			},
			BadRequest: func(detail string) *sandbox.Error {
				return validation("CANNOT_PARSE", "Unable to parse request body: "+detail)
			},
		}),
		Ops: map[string]*sandbox.Op{
			"EnableDelegatedAdminAccount":       route("/delegatedadminaccounts/enable", true, enableAdmin),
			"DisableDelegatedAdminAccount":      route("/delegatedadminaccounts/disable", true, disableAdmin),
			"ListDelegatedAdminAccounts":        route("/delegatedadminaccounts/list", false, listAdmins),
			"GetDelegatedAdminAccount":          route("/delegatedadminaccounts/get", false, getAdmin),
			"DescribeOrganizationConfiguration": route("/organizationconfiguration/describe", false, describeOrgConfig),
			"UpdateOrganizationConfiguration":   route("/organizationconfiguration/update", true, updateOrgConfig),
			"AssociateMember":                   route("/members/associate", true, associateMember),
			"DisassociateMember":                route("/members/disassociate", true, disassociateMember),
			"GetMember":                         route("/members/get", false, getMember),
			"ListMembers":                       route("/members/list", false, listMembers),
			"Enable":                            route("/enable", true, enable),
			"Disable":                           route("/disable", true, disable),
			"BatchGetAccountStatus":             route("/status/batch/get", false, batchGetAccountStatus),
		},
		Throttle: func() *sandbox.Error {
			return &sandbox.Error{Status: http.StatusTooManyRequests, Code: "ThrottlingException", Message: "Rate exceeded"}
		},
		ServerFault: func(msg string) *sandbox.Error {
			if msg == "" {
				msg = "Internal server error"
			}
			return &sandbox.Error{Status: http.StatusInternalServerError, Code: "InternalServerException", Message: msg, Server: true}
		},
	}
}

// Inspector's refusals, in these words.
const (
	msgNotManagement   = "Invoking account is not the management account of an organization."
	msgNotAdmin        = "Invoking account is not the delegated administrator of the organization."
	msgNotReady        = "The delegated administrator is not yet enabled. Please retry later."
	msgNotEnabled      = "Invoking account is not enabled. Enable Amazon Inspector for the invoking account first."
	msgNoTrustedAccess = "Trusted access for Amazon Inspector is not enabled in AWS Organizations."
	msgNotInOrg        = "The account is not a member of the organization."
	msgNotActive       = "The account is not active in the organization."
	msgManagement      = "The management account cannot be the delegated administrator."
	msgOtherAdmin      = "An Amazon Inspector delegated administrator is already enabled for the organization."
	msgDisabling       = "The delegated administrator is being disabled. Please retry later."
	msgNoAdmin         = "The account is not the Amazon Inspector delegated administrator."
	msgSelf            = "The delegated administrator cannot be its own member."
	msgNotMember       = "The account is not a member of the delegated administrator."
	msgOtherMember     = "The account is a member of another delegated administrator."
	msgLambdaCode      = "Lambda code scanning requires Lambda standard scanning."
	msgNoAccess        = "Invoking account does not have access to this account"
	msgMemberQuota     = "The delegated administrator has reached the maximum number of member accounts."
)

// maxMembers is Inspector's quota of members per administrator.
const maxMembers = 10000

func accessDenied(msg string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusForbidden, Code: "AccessDeniedException", Message: msg}
}

// validation is Inspector's ValidationException, with its reason
// (CANNOT_PARSE, FIELD_VALIDATION_FAILED or OTHER).
func validation(reason, msg string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: "ValidationException", Message: msg, Fields: map[string]string{"reason": reason}}
}

func invalid(msg string) *sandbox.Error { return validation("OTHER", msg) }

func conflict(msg, resourceID string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusConflict, Code: "ConflictException", Message: msg,
		Fields: map[string]string{"resourceId": resourceID, "resourceType": "DELEGATED_ADMIN"}}
}

func notFound(msg string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusNotFound, Code: "ResourceNotFoundException", Message: msg}
}

// fieldCheck runs the model's constraints; the first broken one is a
// ValidationException with reason FIELD_VALIDATION_FAILED.
func fieldCheck(fn func(v *sandbox.Validator)) *sandbox.Error {
	var v sandbox.Validator
	fn(&v)
	if v.V != nil {
		return validation("FIELD_VALIDATION_FAILED", v.V.Message)
	}
	return nil
}
