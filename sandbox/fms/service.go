package fms

import (
	"fmt"
	"net/http"
	"time"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// The service: its operations, slice, settings, hooks and errors.

var (
	stored = sandbox.RegisterSettings(sandbox.SettingsDef[settings]{
		Key: "fms", Defaults: settings{AdminSettleDelay: sandbox.Duration(defaultSettleDelay)},
		Check: func(s *settings) error {
			if s.AdminSettleDelay < 0 {
				return fmt.Errorf("negative delay %s", time.Duration(s.AdminSettleDelay))
			}
			return nil
		},
	})
	slice = sandbox.RegisterSlice(sandbox.SliceDef[state]{
		Key: "fms",
		New: func(*sandbox.State, time.Time) *state { return &state{} },
	})
)

func init() { sandbox.Register(service()) }

// call is a request to Firewall Manager: the core's call with its slice.
type call struct {
	*sandbox.Call
	st *state
}

// delay is the settle delay in effect for the call.
func (c *call) delay() time.Duration { return time.Duration(stored.Get(c.Call).AdminSettleDelay) }

// op adapts a handler to a JSON operation.
func op[In, Out any](write bool, fn func(c *call, in *In) (*Out, *sandbox.Error)) *sandbox.Op {
	return sandbox.JSONOp(write, func(sc *sandbox.Call, in *In) (*Out, *sandbox.Error) {
		c := &call{Call: sc, st: slice.Of(sc.State)}
		// Settled here rather than in the slice's Advance, with the delay
		// this process overrides; it depends only on the state and now.
		advance(c.st, c.Now, c.delay())
		return fn(c, in)
	})
}

func service() *sandbox.Service {
	return &sandbox.Service{
		Name:     "fms",
		Protocol: sandbox.AWSJSON("1.1", "AWSFMS_20180101"),
		Ops: map[string]*sandbox.Op{
			"AssociateAdminAccount":    op(true, associate),
			"DisassociateAdminAccount": op(true, disassociate),
			"GetAdminAccount":          op(false, getAdmin),
			"PutPolicy":                op(true, putPolicy),
			"GetPolicy":                op(false, getPolicy),
			"ListPolicies":             op(false, listPolicies),
			"DeletePolicy":             op(true, deletePolicy),
			"ListTagsForResource":      op(false, listTags),
			"TagResource":              op(true, tagResource),
			"UntagResource":            op(true, untagResource),
		},
		Throttle: func() *sandbox.Error {
			return &sandbox.Error{Status: http.StatusBadRequest, Code: "ThrottlingException", Message: "Rate exceeded"}
		},
		ServerFault: func(msg string) *sandbox.Error {
			if msg == "" {
				msg = "The operation failed because of a system problem, even though the request was valid. Retry your request."
			}
			return &sandbox.Error{Status: http.StatusInternalServerError, Code: "InternalErrorException", Message: msg, Server: true}
		},
	}
}

// fmsError is a Firewall Manager client error: HTTP 400 for every one.
func fmsError(code, format string, args ...any) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Firewall Manager's refusals as seen on the wire (peers' issue trackers
// quote them), and in the API reference's words where not.
const (
	// msgUpdateToken is the API reference's rule of PolicyUpdateToken.
	msgUpdateToken = "When issuing a PutPolicy request, the PolicyUpdateToken in the request must match the PolicyUpdateToken of the current policy version. " +
		"To get the PolicyUpdateToken of the current policy version, use a GetPolicy request."
	msgOffboarding = "Your AWS Organization is currently offboarding with AWS Firewall Manager. Please submit onboard request after offboarded."
	msgOnboarding  = "Your AWS Organization is currently onboarding with AWS Firewall Manager and cannot be offboarded."
)

func errNotManagement(caller, mgmt string) *sandbox.Error {
	return fmsError("InvalidOperationException", "%s is not the management account of the Organization but trying to AssociateAdmin, Organization management account is %s", caller, mgmt)
}

func errOnlyAdmin(op string) *sandbox.Error {
	return fmsError("AccessDeniedException", "Operation: %s is only available to Administration account in AWS Firewall Manager.", op)
}

func errNotDelegated(account string) *sandbox.Error {
	return fmsError("AccessDeniedException", "Account: %s is not currently delegated by AWS FM.", account)
}

func errNoAdmin(account string) *sandbox.Error {
	return fmsError("ResourceNotFoundException", "No default admin could be found for account %s.", account)
}

// mgmtID is the organization's management account.
func mgmtID(c *call) string { return organizations.Of(c.Call).ManagementAccountID() }
