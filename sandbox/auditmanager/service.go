package auditmanager

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

var (
	slice = sandbox.RegisterSlice(sandbox.SliceDef[state]{
		Key: "auditmanager",
		New: func(*sandbox.State, time.Time) *state {
			st := &state{}
			st.Check()
			return st
		},
	})
	stored = sandbox.RegisterSettings(sandbox.SettingsDef[settings]{
		Key: "auditmanager", Defaults: settings{AdminSettleDelay: sandbox.Duration(defaultSettleDelay)},
		Check: func(s *settings) error {
			if s.AdminSettleDelay < 0 {
				return fmt.Errorf("negative delay %s", time.Duration(s.AdminSettleDelay))
			}
			return nil
		},
	})
)

func init() { sandbox.Register(service()) }

// regions are where AWS offers Audit Manager (its endpoints).
var regions = []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ap-south-1", "ap-southeast-1",
	"ap-southeast-2", "ap-northeast-1", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2"}

type call struct {
	*sandbox.Call
	st *state
}

func route[In, Out any](method, path string, write bool, fn func(c *call, in *In) (*Out, *sandbox.Error)) *sandbox.Op {
	return sandbox.RESTOp(method, path, http.StatusOK, write, func(sc *sandbox.Call, in *In) (*Out, *sandbox.Error) {
		if !slices.Contains(regions, sc.Region) {
			// No endpoint there on AWS: the request never reaches a service.
			return nil, &sandbox.Error{Status: http.StatusForbidden, Code: "UnrecognizedClientException",
				Message: "The security token included in the request is invalid."}
		}
		return fn(&call{Call: sc, st: slice.Of(sc.State)}, in)
	})
}

func service() *sandbox.Service {
	return &sandbox.Service{
		Name: "auditmanager",
		Protocol: sandbox.RESTJSON(sandbox.RESTOptions{
			UnknownRoute: func(string, string) *sandbox.Error {
				return &sandbox.Error{Status: http.StatusForbidden, Code: "MissingAuthenticationTokenException", Message: "Missing Authentication Token"}
			},
			BadRequest: func(detail string) *sandbox.Error {
				return validation("cannotParse", "Unable to parse request body: "+detail)
			},
		}),
		Ops: map[string]*sandbox.Op{
			"RegisterOrganizationAdminAccount":   route("POST", "/account/registerOrganizationAdminAccount", true, registerAdmin),
			"GetOrganizationAdminAccount":        route("GET", "/account/organizationAdminAccount", false, getAdmin),
			"DeregisterOrganizationAdminAccount": route("POST", "/account/deregisterOrganizationAdminAccount", true, deregisterAdmin),
			"RegisterAccount":                    route("POST", "/account/registerAccount", true, registerAccount),
			"GetAccountStatus":                   route("GET", "/account/status", false, accountStatus),
			"DeregisterAccount":                  route("POST", "/account/deregisterAccount", true, deregisterAccount),
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

// Audit Manager's refusals, in these words. msgMaintenance is AWS's, as
// Landing Zone Accelerator #1121 quotes it.
const (
	msgNotManagement   = "Only the management account of an organization can perform this action."
	msgNoTrustedAccess = "Trusted access for AWS Audit Manager is not enabled in AWS Organizations."
	msgManagement      = "The management account cannot be the delegated administrator."
	msgNotInOrg        = "The account is not a member of the organization."
	msgNotActive       = "The account is not active in the organization."
	msgChangeAdmin     = "Cannot change delegated Admin from %s to %s. Deregister the current delegated administrator first."
	msgNoAdmin         = "The account is not the delegated administrator of the organization."
	msgNotReady        = "The delegated administrator is not yet ready. Please retry later."
	msgMaintenance     = "AWS Audit Manager is now in maintenance mode. As of April 30, 2026, you cannot enable Audit Manager for new accounts or in additional AWS Regions. We will continue to support existing Audit Manager accounts in current Regions. Learn more: https://docs.aws.amazon.com/audit-manager/latest/userguide/audit-manager-availability-change.html"
	msgNotRegistered   = "Please complete AWS Audit Manager setup from home page to enable this action in this account."
)

var reAccountID = sandbox.NewPattern(`^[0-9]{12}$`)

func accessDenied(msg string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusForbidden, Code: "AccessDeniedException", Message: msg}
}

func validation(reason, msg string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: "ValidationException", Message: msg, Fields: map[string]string{"reason": reason}}
}

func invalid(msg string) *sandbox.Error { return validation("other", msg) }

func notFound(msg, id string) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusNotFound, Code: "ResourceNotFoundException", Message: msg,
		Fields: map[string]string{"resourceId": id, "resourceType": "ACCOUNT"}}
}

// management checks the caller is the organization's management account.
func (c *call) management() (*organizations.Org, *sandbox.Error) {
	org := organizations.Of(c.Call)
	if c.Caller.AccountID != org.ManagementAccountID() {
		return nil, accessDenied(msgNotManagement)
	}
	return org, nil
}

func (c *call) maintenance() bool { return stored.Get(c.Call).MaintenanceMode }

type empty struct{}
