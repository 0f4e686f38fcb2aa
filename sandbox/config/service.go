package config

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// The service: its operations, slice, settings, hooks and errors.

var (
	slice = sandbox.RegisterSlice(sandbox.SliceDef[state]{
		Key: "config",
		New: func(*sandbox.State, time.Time) *state {
			return &state{Aggregators: map[string]*aggregator{}, OrgPacks: map[string]*orgPack{}, OrgRules: map[string]*orgRule{}}
		},
	})
	stored = sandbox.RegisterSettings(sandbox.SettingsDef[settings]{
		Key:      "config",
		Defaults: settings{Roles: map[string][]string{"*": {DefaultRole}}, DeployDelay: sandbox.Duration(defaultDeployDelay)},
		Check: func(s *settings) error {
			for account, names := range s.Roles {
				if account != "*" && !reAccountID.MatchString(account) {
					return fmt.Errorf("roles: %q is neither an account ID nor *", account)
				}
				for _, n := range names {
					if !reRoleName.MatchString(n) {
						return fmt.Errorf("roles: %q is not a role name (with its path)", n)
					}
				}
			}
			for _, a := range s.NoRecorder {
				if a != "*" && !reAccountID.MatchString(a) && !strings.Contains(a, "@") {
					return fmt.Errorf("noRecorder: %q is neither an account ID, an email nor *", a)
				}
			}
			if s.DeployDelay < 0 {
				return fmt.Errorf("deployDelay: negative")
			}
			return nil
		},
	})
)

func init() { sandbox.Register(service()) }

// call is a request to AWS Config: the core's call with its slice.
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
		Name:     "config",
		Protocol: sandbox.AWSJSON("1.1", "StarlingDoveService"),
		Ops: map[string]*sandbox.Op{
			"PutConfigurationAggregator":          op(true, putAggregator),
			"DescribeConfigurationAggregators":    op(false, describeAggregators),
			"DeleteConfigurationAggregator":       op(true, deleteAggregator),
			"ListTagsForResource":                 op(false, listTags),
			"TagResource":                         op(true, tagResource),
			"DescribeConfigurationRecorders":      op(false, describeRecorders),
			"DescribeConfigurationRecorderStatus": op(false, describeRecorderStatus),

			"PutOrganizationConformancePack":               op(true, putOrgPack),
			"DescribeOrganizationConformancePacks":         op(false, describeOrgPacks),
			"DescribeOrganizationConformancePackStatuses":  op(false, describeOrgPackStatuses),
			"GetOrganizationConformancePackDetailedStatus": op(false, packDetailedStatus),
			"DeleteOrganizationConformancePack":            op(true, deleteOrgPack),
			"PutOrganizationConfigRule":                    op(true, putOrgRule),
			"DescribeOrganizationConfigRules":              op(false, describeOrgRules),
			"DescribeOrganizationConfigRuleStatuses":       op(false, describeOrgRuleStatuses),
			"GetOrganizationConfigRuleDetailedStatus":      op(false, ruleDetailedStatus),
			"DeleteOrganizationConfigRule":                 op(true, deleteOrgRule),
		},
		Throttle: func() *sandbox.Error {
			return &sandbox.Error{Status: http.StatusBadRequest, Code: "ThrottlingException", Message: "Rate exceeded"}
		},
		// AWS Config models no server error; AWS sends the common one.
		ServerFault: sandbox.InternalFailure,
	}
}

// cfgError is an AWS Config client error; AWS sends 400 for every one.
func cfgError(code, format string, args ...any) *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}

// validation is a constraint of the model broken, in AWS's words.
func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func validation(value any, member, constraint string) *sandbox.Error {
	return cfgError("ValidationException", "1 validation error detected: Value '%v' at '%s' failed to satisfy constraint: %s", value, member, constraint)
}

// AWS Config's refusals, in the words of its API reference where the wire
// wording is not known.
const (
	msgNotDelegated = "You are not a registered delegated administrator for AWS Config with permissions to call ListDelegatedAdministrators API. " +
		"Ensure that the management account registers delegated administrator for AWS Config service principal name before the delegated administrator creates an aggregator."
	msgNoServiceAccess = "No permission to call EnableAWSServiceAccess API"
	msgNoOrganization  = "Organization is no longer available."
	msgAllFeatures     = "AWS Config resource cannot be created because your organization does not have all features enabled."
	msgNoAggregator    = "The configuration aggregator does not exist. Check the configuration aggregator name and try again."
	msgLimit           = "The number of configuration aggregators in this account and region exceeds the limit of 50."
)

func errInvalidRole(arn string) *sandbox.Error {
	return cfgError("InvalidRoleException", "The role arn passed '%s' is not valid.", arn)
}
