package sandbox

import (
	"net/http"
	"strings"
)

// Organizations: awsJson1_1, target prefix AWSOrganizationsV20161128,
// signing name "organizations". This file holds the operation table, the
// rule on who may call what, errors, and the wire shapes several operations
// share.

func init() { registerService(organizationsService()) }

func organizationsService() *service {
	ops := map[string]*operation{
		"DescribeOrganization": jsonOp(false, describeOrganization),
		"ListRoots":            jsonOp(false, listRoots),
		"EnablePolicyType":     jsonOp(true, enablePolicyType),
		"DisablePolicyType":    jsonOp(true, disablePolicyType),
		"EnableAllFeatures":    jsonOp(true, enableAllFeatures),

		"ListOrganizationalUnitsForParent": jsonOp(false, listOrganizationalUnitsForParent),
		"ListChildren":                     jsonOp(false, listChildren),
		"ListParents":                      jsonOp(false, listParents),
		"DescribeOrganizationalUnit":       jsonOp(false, describeOrganizationalUnit),
		"CreateOrganizationalUnit":         jsonOp(true, createOrganizationalUnit),
		"UpdateOrganizationalUnit":         jsonOp(true, updateOrganizationalUnit),
		"DeleteOrganizationalUnit":         jsonOp(true, deleteOrganizationalUnit),

		"ListAccounts":                jsonOp(false, listAccounts),
		"ListAccountsForParent":       jsonOp(false, listAccountsForParent),
		"DescribeAccount":             jsonOp(false, describeAccount),
		"CreateAccount":               jsonOp(true, createAccount),
		"DescribeCreateAccountStatus": jsonOp(false, describeCreateAccountStatus),
		"ListCreateAccountStatus":     jsonOp(false, listCreateAccountStatus),
		"MoveAccount":                 jsonOp(true, moveAccount),
		"CloseAccount":                jsonOp(true, closeAccount),

		"ListPolicies":          jsonOp(false, listPolicies),
		"DescribePolicy":        jsonOp(false, describePolicy),
		"CreatePolicy":          jsonOp(true, createPolicy),
		"UpdatePolicy":          jsonOp(true, updatePolicy),
		"DeletePolicy":          jsonOp(true, deletePolicy),
		"ListPoliciesForTarget": jsonOp(false, listPoliciesForTarget),
		"ListTargetsForPolicy":  jsonOp(false, listTargetsForPolicy),
		"AttachPolicy":          jsonOp(true, attachPolicy),
		"DetachPolicy":          jsonOp(true, detachPolicy),

		"TagResource":         jsonOp(true, tagResource),
		"UntagResource":       jsonOp(true, untagResource),
		"ListTagsForResource": jsonOp(false, listTagsForResource),

		"EnableAWSServiceAccess":              jsonOp(true, enableAWSServiceAccess),
		"DisableAWSServiceAccess":             jsonOp(true, disableAWSServiceAccess),
		"ListAWSServiceAccessForOrganization": jsonOp(false, listAWSServiceAccess),
		"RegisterDelegatedAdministrator":      jsonOp(true, registerDelegatedAdministrator),
		"DeregisterDelegatedAdministrator":    jsonOp(true, deregisterDelegatedAdministrator),
		"ListDelegatedAdministrators":         jsonOp(false, listDelegatedAdministrators),
		"ListDelegatedServicesForAccount":     jsonOp(false, listDelegatedServicesForAccount),
	}
	return &service{
		name:      "organizations",
		protocol:  jsonProtocol{targetPrefix: "AWSOrganizationsV20161128", contentType: "application/x-amz-json-1.1"},
		ops:       ops,
		authorize: authorizeOrganizations,
		internalError: func(msg string) *apiError {
			return orgError("ServiceException", msg)
		},
	}
}

// authorizeOrganizations: the management account may call everything. A
// member account may call DescribeOrganization; if it is a delegated
// administrator for some service it may also call the read-only List* and
// Describe* operations. Anything else is AccessDeniedException.
func authorizeOrganizations(c *call, op string) *apiError {
	id := c.caller.AccountID
	if id == c.st.mgmtID() || op == "DescribeOrganization" {
		return nil
	}
	readOnly := strings.HasPrefix(op, "List") || strings.HasPrefix(op, "Describe")
	if readOnly && c.st.isDelegatedAdmin(id) {
		return nil
	}
	return orgError("AccessDeniedException", "You don't have permissions to access this resource.")
}

// orgErrorStatus is the HTTP status the Organizations model gives each error.
var orgErrorStatus = map[string]int{
	"AccessDeniedException":                          403,
	"AccountAlreadyClosedException":                  409,
	"AccountAlreadyRegisteredException":              409,
	"AccountNotFoundException":                       404,
	"AccountNotRegisteredException":                  409,
	"ChildNotFoundException":                         404,
	"ConcurrentModificationException":                409,
	"ConflictException":                              409,
	"ConstraintViolationException":                   409,
	"CreateAccountStatusNotFoundException":           404,
	"DestinationParentNotFoundException":             404,
	"DuplicateAccountException":                      409,
	"DuplicateOrganizationalUnitException":           409,
	"DuplicatePolicyAttachmentException":             409,
	"DuplicatePolicyException":                       409,
	"HandshakeConstraintViolationException":          409,
	"InvalidInputException":                          400,
	"MalformedPolicyDocumentException":               400,
	"OrganizationalUnitNotEmptyException":            409,
	"OrganizationalUnitNotFoundException":            404,
	"ParentNotFoundException":                        404,
	"PolicyInUseException":                           409,
	"PolicyNotAttachedException":                     409,
	"PolicyNotFoundException":                        404,
	"PolicyTypeAlreadyEnabledException":              409,
	"PolicyTypeNotAvailableForOrganizationException": 409,
	"PolicyTypeNotEnabledException":                  409,
	"RootNotFoundException":                          404,
	"ServiceException":                               500,
	"SourceParentNotFoundException":                  404,
	"TargetNotFoundException":                        404,
	"TooManyRequestsException":                       429,
}

func orgError(code, msg string) *apiError {
	status, ok := orgErrorStatus[code]
	if !ok {
		status = http.StatusBadRequest
	}
	return &apiError{Status: status, Code: code, Message: msg, Receiver: status >= 500}
}

func invalidInput(reason, msg string) *apiError {
	e := orgError("InvalidInputException", msg)
	e.Fields = map[string]string{"Reason": reason}
	return e
}

func constraintViolation(reason, msg string) *apiError {
	e := orgError("ConstraintViolationException", msg)
	e.Fields = map[string]string{"Reason": reason}
	return e
}

// orgViolationReason is the InvalidInputException reason for each kind of
// constraint violation.
var orgViolationReason = map[violationKind]string{
	violationRequired:  "INPUT_REQUIRED",
	violationMinLength: "MIN_LENGTH_EXCEEDED",
	violationMaxLength: "MAX_LENGTH_EXCEEDED",
	violationPattern:   "INVALID_PATTERN",
	violationEnum:      "INVALID_ENUM",
	violationMinValue:  "MIN_VALUE_EXCEEDED",
	violationMaxValue:  "MAX_VALUE_EXCEEDED",
}

// orgInvalid turns the validator's first violation into InvalidInputException.
// Policy target IDs and policy types have reasons of their own.
func orgInvalid(v *validator) *apiError {
	if v.v == nil {
		return nil
	}
	reason := orgViolationReason[v.v.kind]
	switch {
	case v.v.kind == violationPattern && v.v.field == "TargetId":
		reason = "INVALID_PATTERN_TARGET_ID"
	case v.v.kind == violationEnum && (v.v.field == "PolicyType" || v.v.field == "Filter" || v.v.field == "Type"):
		reason = "INVALID_ENUM_POLICY_TYPE"
	}
	return invalidInput(reason, v.v.message)
}

// listInput is the paging part of every List* input.
type listInput struct {
	NextToken  *string `json:"NextToken"`
	MaxResults *int32  `json:"MaxResults"`
}

func (l *listInput) check(v *validator) { v.intRange("MaxResults", l.MaxResults, 1, 20) }

// pageOf selects the page of total items; scope ties the token to the
// operation and its filters.
func (c *call) pageOf(l listInput, scope string, total int) (start, end int, next *string, e *apiError) {
	start, end, next, ok := c.page(c.op+"|"+scope, total, l.MaxResults, l.NextToken)
	if !ok {
		return 0, 0, nil, invalidInput("INVALID_NEXT_TOKEN", "The specified NextToken is not valid.")
	}
	return start, end, next, nil
}

// Wire shapes shared by several operations.

type accountOut struct {
	Id              string   `json:"Id"`
	Arn             string   `json:"Arn"`
	Email           string   `json:"Email"`
	Name            string   `json:"Name"`
	State           string   `json:"State"`
	Status          string   `json:"Status"`
	JoinedMethod    string   `json:"JoinedMethod"`
	JoinedTimestamp *epoch   `json:"JoinedTimestamp,omitempty"`
	Paths           []string `json:"Paths,omitempty"`
}

func (c *call) accountOut(a *account) accountOut {
	return accountOut{
		Id: a.ID, Arn: c.st.accountArn(a.ID), Email: a.Email, Name: a.Name,
		State: a.State, Status: a.State, JoinedMethod: a.JoinedMethod,
		JoinedTimestamp: epochOf(a.JoinedAt),
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
	return ouOut{Id: ou.ID, Arn: c.st.ouArn(ou.ID), Name: ou.Name, Path: c.st.path(ou.ID)}
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
	r := rootOut{Id: c.st.Root.ID, Arn: c.st.rootArn(), Name: c.st.Root.Name, PolicyTypes: []policyTypeSummary{}}
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
	return policySummaryOut{Id: p.ID, Arn: c.st.policyArn(p), Name: p.Name,
		Description: p.Description, Type: p.Type, AwsManaged: p.AWSManaged}
}

type tagIO struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

type empty struct{}
