package organizations

import (
	"net/http"
	"strings"

	"github.com/orgctl/orgctl/sandbox"
)

// The service: its operation table, its slice and settings, its hooks
// (throttling, server fault, concurrent modification, eventual
// consistency), the rule on who may call what, errors, and the wire shapes
// several operations share.

var (
	slice = sandbox.RegisterSlice(sandbox.SliceDef[state]{
		Key:     "organizations",
		New:     newState,
		Advance: advance,
		FromV1:  fromV1,
	})
	stored = sandbox.RegisterSettings(sandbox.SettingsDef[settings]{
		Key: "organizations", Defaults: defaultSettings, Check: checkSettings,
	})
)

func init() { sandbox.Register(service()) }

// call is a request to Organizations: the core's call with the
// organization and the settings in effect.
type call struct {
	*sandbox.Call
	st  *state
	set settings
}

// op adapts a handler of Organizations to a JSON operation.
func op[In, Out any](write bool, fn func(c *call, in *In) (*Out, *sandbox.Error)) *sandbox.Op {
	return sandbox.JSONOp(write, func(sc *sandbox.Call, in *In) (*Out, *sandbox.Error) {
		st := slice.Of(sc.State)
		if e := featureGate(sc.Op, st); e != nil {
			return nil, e
		}
		return fn(&call{Call: sc, st: st, set: stored.Get(sc)}, in)
	})
}

func service() *sandbox.Service {
	ops := map[string]*sandbox.Op{
		"CreateOrganization":   op(true, createOrganization),
		"DeleteOrganization":   op(true, deleteOrganization),
		"DescribeOrganization": op(false, describeOrganization),
		"ListRoots":            op(false, listRoots),
		"EnablePolicyType":     op(true, enablePolicyType),
		"DisablePolicyType":    op(true, disablePolicyType),
		"EnableAllFeatures":    op(true, enableAllFeatures),

		"ListHandshakesForOrganization": op(false, listHandshakesForOrganization),
		"ListHandshakesForAccount":      op(false, listHandshakesForAccount),
		"DescribeHandshake":             op(false, describeHandshake),
		"AcceptHandshake":               op(true, acceptHandshake),
		"DeclineHandshake":              op(true, declineHandshake),
		"CancelHandshake":               op(true, cancelHandshake),

		"ListOrganizationalUnitsForParent": op(false, listOrganizationalUnitsForParent),
		"ListChildren":                     op(false, listChildren),
		"ListParents":                      op(false, listParents),
		"DescribeOrganizationalUnit":       op(false, describeOrganizationalUnit),
		"CreateOrganizationalUnit":         op(true, createOrganizationalUnit),
		"UpdateOrganizationalUnit":         op(true, updateOrganizationalUnit),
		"DeleteOrganizationalUnit":         op(true, deleteOrganizationalUnit),

		"ListAccounts":                op(false, listAccounts),
		"ListAccountsForParent":       op(false, listAccountsForParent),
		"DescribeAccount":             op(false, describeAccount),
		"CreateAccount":               op(true, createAccount),
		"DescribeCreateAccountStatus": op(false, describeCreateAccountStatus),
		"ListCreateAccountStatus":     op(false, listCreateAccountStatus),
		"MoveAccount":                 op(true, moveAccount),
		"CloseAccount":                op(true, closeAccount),

		"ListPolicies":          op(false, listPolicies),
		"DescribePolicy":        op(false, describePolicy),
		"CreatePolicy":          op(true, createPolicy),
		"UpdatePolicy":          op(true, updatePolicy),
		"DeletePolicy":          op(true, deletePolicy),
		"ListPoliciesForTarget": op(false, listPoliciesForTarget),
		"ListTargetsForPolicy":  op(false, listTargetsForPolicy),
		"AttachPolicy":          op(true, attachPolicy),
		"DetachPolicy":          op(true, detachPolicy),

		"TagResource":         op(true, tagResource),
		"UntagResource":       op(true, untagResource),
		"ListTagsForResource": op(false, listTagsForResource),

		"EnableAWSServiceAccess":              op(true, enableAWSServiceAccess),
		"DisableAWSServiceAccess":             op(true, disableAWSServiceAccess),
		"ListAWSServiceAccessForOrganization": op(false, listAWSServiceAccess),
		"RegisterDelegatedAdministrator":      op(true, registerDelegatedAdministrator),
		"DeregisterDelegatedAdministrator":    op(true, deregisterDelegatedAdministrator),
		"ListDelegatedAdministrators":         op(false, listDelegatedAdministrators),
		"ListDelegatedServicesForAccount":     op(false, listDelegatedServicesForAccount),
	}
	return &sandbox.Service{
		Name:      "organizations",
		Protocol:  sandbox.AWSJSON("1.1", "AWSOrganizationsV20161128"),
		Ops:       ops,
		Authorize: authorize,
		Throttle:  throttle,
		ServerFault: func(msg string) *sandbox.Error {
			if msg == "" {
				msg = "AWS Organizations can't complete your request because of an internal service error. Try again later."
			}
			return orgError("ServiceException", msg)
		},
		ConcurrentModification: func() *sandbox.Error {
			return awsError("ConcurrentModificationException")
		},
		Entities: entities,
		Busy:     busy,
		// AWS publishes each operation's bucket (throttles.go), but no
		// rate for the service as a whole; 10/s with a burst of 20 over
		// all operations is assumed, as users report a few requests a
		// second sustained with short bursts.
		Rate: sandbox.Bucket{Name: "organizations", Rate: sandbox.Rate{RPS: 10, Burst: 20, InFlight: maxInFlight},
			Ops: throttles},
		Consistency: consistency,
	}
}

// throttle is TooManyRequestsException with HTTP 400 and the words AWS
// sends for a rate exceeded: the model says 429, AWS sends 400 (botocore's
// retry rules match it on 400); the SDKs classify it by code, so both retry
// it as a throttle.
func throttle() *sandbox.Error {
	return &sandbox.Error{Status: http.StatusBadRequest, Code: "TooManyRequestsException",
		Message: "You have sent too many requests in too short a period of time. Try again later."}
}

// authorize: the management account may call everything. A member account
// may call DescribeOrganization; if it is a delegated administrator for
// some service it may also call the read-only List* and Describe*
// operations. Anything else is AccessDeniedException.
//
// Before that, lifecycleGate: without an organization only CreateOrganization
// and the handshake operations of an account answer anything else than
// AWSOrganizationsNotInUseException; anyone may call those.
func authorize(sc *sandbox.Call) *sandbox.Error {
	st := slice.Of(sc.State)
	if e := lifecycleGate(sc, st); e != nil {
		return e
	}
	id := sc.Caller.AccountID
	if id == st.mgmtID() || sc.Op == "DescribeOrganization" || orglessOps[sc.Op] {
		return nil
	}
	readOnly := strings.HasPrefix(sc.Op, "List") || strings.HasPrefix(sc.Op, "Describe")
	if readOnly && st.isDelegatedAdmin(id) {
		return nil
	}
	return awsError("AccessDeniedException")
}

func invalidInput(reason, msg string) *sandbox.Error {
	e := orgError("InvalidInputException", msg)
	e.Fields = map[string]string{"Reason": reason}
	return e
}

func constraintViolation(reason, msg string) *sandbox.Error {
	e := orgError("ConstraintViolationException", msg)
	e.Fields = map[string]string{"Reason": reason}
	return e
}

// orgViolationReason is the InvalidInputException reason for each kind of
// constraint violation.
var orgViolationReason = map[sandbox.ViolationKind]string{
	sandbox.ViolationRequired:  "INPUT_REQUIRED",
	sandbox.ViolationMinLength: "MIN_LENGTH_EXCEEDED",
	sandbox.ViolationMaxLength: "MAX_LENGTH_EXCEEDED",
	sandbox.ViolationPattern:   "INVALID_PATTERN",
	sandbox.ViolationEnum:      "INVALID_ENUM",
	sandbox.ViolationMinValue:  "MIN_VALUE_EXCEEDED",
	sandbox.ViolationMaxValue:  "MAX_VALUE_EXCEEDED",
}

// orgInvalid turns the validator's first violation into InvalidInputException.
// Policy target IDs and policy types have reasons of their own.
func orgInvalid(v *sandbox.Validator) *sandbox.Error {
	if v.V == nil {
		return nil
	}
	reason := orgViolationReason[v.V.Kind]
	switch {
	case v.V.Kind == sandbox.ViolationPattern && v.V.Field == "TargetId":
		reason = "INVALID_PATTERN_TARGET_ID"
	case v.V.Kind == sandbox.ViolationEnum && (v.V.Field == "PolicyType" || v.V.Field == "Filter" || v.V.Field == "Type"):
		reason = "INVALID_ENUM_POLICY_TYPE"
	}
	return invalidInput(reason, v.V.Message)
}

// listInput is the paging part of every List* input.
type listInput struct {
	NextToken  *string `json:"NextToken"`
	MaxResults *int32  `json:"MaxResults"`
}

func (l *listInput) check(v *sandbox.Validator) { v.IntRange("MaxResults", l.MaxResults, 1, 20) }

// defaultPageSize is how many items a page holds without MaxResults.
const defaultPageSize = 20

// pageOf selects the page of total items; scope ties the token to the
// operation and its filters.
func (c *call) pageOf(l listInput, scope string, total int) (start, end int, next *string, e *sandbox.Error) {
	size := defaultPageSize
	if l.MaxResults != nil {
		size = int(*l.MaxResults)
	}
	start, end, next, ok := c.Page(c.Op+"|"+scope, total, size, l.NextToken)
	if !ok {
		return 0, 0, nil, invalidInput("INVALID_NEXT_TOKEN", "The specified NextToken is not valid.")
	}
	return start, end, next, nil
}

// page is the page of items (see pageOf), each in its wire form: never
// nil, as AWS sends an empty list rather than none.
func page[T, O any](c *call, l listInput, scope string, items []T, wire func(T) O) ([]O, *string, *sandbox.Error) {
	start, end, next, e := c.pageOf(l, scope, len(items))
	if e != nil {
		return nil, nil, e
	}
	out := make([]O, 0, end-start)
	for _, it := range items[start:end] {
		out = append(out, wire(it))
	}
	return out, next, nil
}

// Wire shapes shared by several operations.

type accountOut struct {
	Id              string         `json:"Id"`
	Arn             string         `json:"Arn"`
	Email           string         `json:"Email"`
	Name            string         `json:"Name"`
	State           string         `json:"State"`
	Status          string         `json:"Status"`
	JoinedMethod    string         `json:"JoinedMethod"`
	JoinedTimestamp *sandbox.Epoch `json:"JoinedTimestamp,omitempty"`
	Paths           []string       `json:"Paths,omitempty"`
}

// legacyStatus is the deprecated Status AWS still sends beside State.
func legacyStatus(state string) string {
	if state == accountClosed {
		return accountSuspended
	}
	return state
}

func (c *call) accountOut(a *account) accountOut {
	return accountOut{
		Id: a.ID, Arn: c.accountArn(a.ID), Email: a.Email, Name: a.Name,
		State: a.State, Status: legacyStatus(a.State), JoinedMethod: a.JoinedMethod,
		JoinedTimestamp: sandbox.EpochOf(a.JoinedAt),
		Paths:           []string{c.st.path(a.ParentID) + a.ID + "/"},
	}
}

type ouOut struct {
	Id   string `json:"Id"`
	Arn  string `json:"Arn"`
	Name string `json:"Name"`
	Path string `json:"Path"`
}

func (c *call) ouOut(ou *orgUnit) ouOut {
	return ouOut{Id: ou.ID, Arn: c.ouArn(ou.ID), Name: ou.Name, Path: c.st.path(ou.ID)}
}

type policyTypeSummary struct {
	Type   string `json:"Type"`
	Status string `json:"Status"`
}

type rootOut struct {
	Id          string              `json:"Id"`
	Arn         string              `json:"Arn"`
	Name        string              `json:"Name"`
	PolicyTypes []policyTypeSummary `json:"PolicyTypes"`
}

func (c *call) rootOut() rootOut {
	r := rootOut{Id: c.st.Root.ID, Arn: c.rootArn(), Name: c.st.Root.Name, PolicyTypes: []policyTypeSummary{}}
	for _, typ := range policyTypeNames {
		if pt := c.st.PolicyTypes[typ]; pt != nil {
			r.PolicyTypes = append(r.PolicyTypes, policyTypeSummary{Type: typ, Status: pt.Status})
		}
	}
	return r
}

type policySummaryOut struct {
	Id          string `json:"Id"`
	Arn         string `json:"Arn"`
	Name        string `json:"Name"`
	Description string `json:"Description"`
	Type        string `json:"Type"`
	AwsManaged  bool   `json:"AwsManaged"`
}

func (c *call) policySummary(p *policy) policySummaryOut {
	return policySummaryOut{Id: p.ID, Arn: c.policyArn(p), Name: p.Name,
		Description: p.Description, Type: p.Type, AwsManaged: p.AWSManaged}
}

type tagIO struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

type empty struct{}
