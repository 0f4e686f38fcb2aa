package securityhub

import (
	"fmt"
	"net/http"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// The service: its routes, slice, settings and errors.

var (
	slice = sandbox.RegisterSlice(sandbox.SliceDef[state]{
		Key: "securityhub",
		New: func(*sandbox.State, time.Time) *state { return newState() },
	})
	stored = sandbox.RegisterSettings(sandbox.SettingsDef[settings]{
		Key: "securityhub",
		Defaults: settings{AdminSettleDelay: sandbox.Duration(defaultSettleDelay),
			CentralDelay: sandbox.Duration(defaultCentralDelay), AssociationDelay: sandbox.Duration(defaultAssociationDelay)},
		Check: func(s *settings) error {
			for name, d := range map[string]sandbox.Duration{"adminSettleDelay": s.AdminSettleDelay, "centralDelay": s.CentralDelay, "associationDelay": s.AssociationDelay} {
				if d < 0 {
					return fmt.Errorf("negative %s %s", name, time.Duration(d))
				}
			}
			return nil
		},
	})
)

func init() { sandbox.Register(service()) }

// call is a request to Security Hub: the core's call with Security Hub's
// slice and settings.
type call struct {
	*sandbox.Call
	st  *state
	set settings
}

// route adapts a handler to a restJson1 route answering 200.
func route[In, Out any](method, path string, write bool, fn func(c *call, in *In) (*Out, *sandbox.Error)) *sandbox.Op {
	return sandbox.RESTOp(method, path, http.StatusOK, write, func(sc *sandbox.Call, in *In) (*Out, *sandbox.Error) {
		c := &call{Call: sc, st: slice.Of(sc.State), set: stored.Get(sc)}
		c.settle()
		return fn(c, in)
	})
}

func service() *sandbox.Service {
	return &sandbox.Service{
		Name: "securityhub",
		Protocol: sandbox.RESTJSON(sandbox.RESTOptions{
			// Security Hub sits behind API Gateway, which answers a path it
			// does not serve as a request without credentials.
			UnknownRoute: func(string, string) *sandbox.Error {
				return &sandbox.Error{Status: http.StatusForbidden, Code: "MissingAuthenticationTokenException", Message: "Missing Authentication Token"}
			},
			BadRequest: func(detail string) *sandbox.Error { return invalidInput("Invalid request: " + detail) },
			MessageKey: "Message",
		}),
		Ops: map[string]*sandbox.Op{
			"EnableOrganizationAdminAccount":         route("POST", "/organization/admin/enable", true, enableAdmin),
			"DisableOrganizationAdminAccount":        route("POST", "/organization/admin/disable", true, disableAdmin),
			"ListOrganizationAdminAccounts":          route("GET", "/organization/admin", false, listAdmins),
			"EnableSecurityHub":                      route("POST", "/accounts", true, enableHub),
			"DescribeHub":                            route("GET", "/accounts", false, describeHub),
			"DescribeOrganizationConfiguration":      route("GET", "/organization/configuration", false, describeOrgConfig),
			"UpdateOrganizationConfiguration":        route("POST", "/organization/configuration", true, updateOrgConfig),
			"CreateFindingAggregator":                route("POST", "/findingAggregator/create", true, createAggregator),
			"UpdateFindingAggregator":                route("PATCH", "/findingAggregator/update", true, updateAggregator),
			"GetFindingAggregator":                   route("GET", "/findingAggregator/get/{FindingAggregatorArn+}", false, getAggregator),
			"ListFindingAggregators":                 route("GET", "/findingAggregator/list", false, listAggregators),
			"DeleteFindingAggregator":                route("DELETE", "/findingAggregator/delete/{FindingAggregatorArn+}", true, deleteAggregator),
			"CreateConfigurationPolicy":              route("POST", "/configurationPolicy/create", true, createPolicy),
			"UpdateConfigurationPolicy":              route("PATCH", "/configurationPolicy/{Identifier}", true, updatePolicy),
			"DeleteConfigurationPolicy":              route("DELETE", "/configurationPolicy/{Identifier}", true, deletePolicy),
			"GetConfigurationPolicy":                 route("GET", "/configurationPolicy/get/{Identifier}", false, getPolicy),
			"ListConfigurationPolicies":              route("GET", "/configurationPolicy/list", false, listPolicies),
			"StartConfigurationPolicyAssociation":    route("POST", "/configurationPolicyAssociation/associate", true, associate),
			"StartConfigurationPolicyDisassociation": route("POST", "/configurationPolicyAssociation/disassociate", true, disassociate),
			"ListConfigurationPolicyAssociations":    route("POST", "/configurationPolicyAssociation/list", false, listAssociations),
			"GetConfigurationPolicyAssociation":      route("POST", "/configurationPolicyAssociation/get", false, getAssociation),
			"TagResource":                            route("POST", "/tags/{ResourceArn}", true, tagResource),
			"UntagResource":                          route("DELETE", "/tags/{ResourceArn}", true, untagResource),
			"ListTagsForResource":                    route("GET", "/tags/{ResourceArn}", false, listTags),
		},
		// Security Hub's throttling error is its LimitExceededException.
		Throttle: func() *sandbox.Error {
			return apiError(http.StatusTooManyRequests, "LimitExceededException", "Rate exceeded")
		},
		ServerFault: func(msg string) *sandbox.Error {
			if msg == "" {
				msg = "Internal service failure."
			}
			e := apiError(http.StatusInternalServerError, "InternalException", msg)
			e.Server = true
			return e
		},
	}
}

// Security Hub's errors carry their code in the header and again in the
// body's Code, with the message in Message.
func apiError(status int, code, msg string) *sandbox.Error {
	return &sandbox.Error{Status: status, Code: code, Message: msg, Fields: map[string]string{"Code": code}}
}

func invalidInput(msg string) *sandbox.Error {
	return apiError(http.StatusBadRequest, "InvalidInputException", msg)
}

func invalidAccess(msg string) *sandbox.Error {
	return apiError(http.StatusUnauthorized, "InvalidAccessException", msg)
}

func accessDenied(msg string) *sandbox.Error {
	return apiError(http.StatusForbidden, "AccessDeniedException", msg)
}

func notFound(msg string) *sandbox.Error {
	return apiError(http.StatusNotFound, "ResourceNotFoundException", msg)
}

func conflict(msg string) *sandbox.Error {
	return apiError(http.StatusConflict, "ResourceConflictException", msg)
}

// AWS's words, as peers' logs show them.
const (
	// msgNotCentral answers a central configuration call from an account
	// that is not the administrator, or while configuration is LOCAL.
	msgNotCentral = "Must be a Security Hub delegated administrator with Central Configuration enabled"
	// msgNotHome answers the administrator in another Region.
	msgNotHome = "Central Configuration APIs can only be called from the aggregation region"
	// msgMemberAggregator answers a member account's CreateFindingAggregator.
	msgMemberAggregator = "A finding aggregator cannot be created by a member account."
	// msgCentralAutoEnable answers CENTRAL with auto-enable on.
	msgCentralAutoEnable = "Auto Enable and AutoEnableStandards can not be enabled for Central Configuration"
)

func msgNotAdmin(account string) string {
	return "Account " + account + " is not an administrator for this organization"
}

func msgNotSubscribed(account string) string {
	return "Account " + account + " is not subscribed to AWS Security Hub"
}

// empty is the output of operations that return nothing.
type empty struct{}

// timeString is how Security Hub writes its timestamps.
func timeString(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// page validates MaxResults (1 to max) and selects a page.
func (c *call) page(maxResults *int32, token *string, scope string, total, max int) (start, end int, next *string, e *sandbox.Error) {
	size := max
	if maxResults != nil {
		if *maxResults < 1 || int(*maxResults) > max {
			return 0, 0, nil, invalidInput(fmt.Sprintf("MaxResults must be between 1 and %d", max))
		}
		size = int(*maxResults)
	}
	start, end, next, ok := c.Page(c.Op+"|"+scope, total, size, token)
	if !ok {
		return 0, 0, nil, invalidInput("Invalid NextToken")
	}
	return start, end, next, nil
}
