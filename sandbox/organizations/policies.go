package organizations

import (
	"sort"
	"unicode/utf8"

	"github.com/orgctl/orgctl/policygrammar"
	"github.com/orgctl/orgctl/sandbox"
)

// Policies: ListPolicies, DescribePolicy, CreatePolicy, UpdatePolicy,
// DeletePolicy. A policy of a type that is not enabled can be created (AWS
// allows it; only attaching needs the type enabled).

// managedPolicies are the AWS-managed policies; they are immutable and
// exist in every organization.
var managedPolicies = map[string]*policy{
	"p-FullAWSAccess": {
		ID: "p-FullAWSAccess", Name: "FullAWSAccess", Description: "Allows access to every operation",
		Type: "SERVICE_CONTROL_POLICY", AWSManaged: true,
		Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
	},
	"p-RCPFullAWSAccess": {
		ID: "p-RCPFullAWSAccess", Name: "RCPFullAWSAccess", Description: "Allows access to every operation",
		Type: "RESOURCE_CONTROL_POLICY", AWSManaged: true,
		Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`,
	},
}

// managedPolicyOrder lists managedPolicies in a stable order.
var managedPolicyOrder = []string{"p-FullAWSAccess", "p-RCPFullAWSAccess"}

func errPolicyNotFound() *sandbox.Error {
	return orgError("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.")
}

// lookupPolicy validates a PolicyId member and finds the policy.
func (c *call) lookupPolicy(v *sandbox.Validator, id *string) (*policy, *sandbox.Error) {
	v.Str("PolicyId", id, true, 0, 130, rePolicyID)
	if e := orgInvalid(v); e != nil {
		return nil, e
	}
	p := c.st.findPolicy(*id)
	if p == nil {
		return nil, errPolicyNotFound()
	}
	return p, nil
}

// policiesOfType returns the AWS-managed then the customer policies of typ.
func (st *state) policiesOfType(typ string) []*policy {
	var out []*policy
	for _, id := range managedPolicyOrder {
		if p := managedPolicies[id]; p.Type == typ {
			out = append(out, p)
		}
	}
	var mine []*policy
	for _, p := range st.Policies {
		if p.Type == typ {
			mine = append(mine, p)
		}
	}
	sort.Slice(mine, func(i, j int) bool { return mine[i].Seq < mine[j].Seq })
	return append(out, mine...)
}

type listPoliciesInput struct {
	Filter   *string `json:"Filter"`
	TargetId *string `json:"TargetId"`
	listInput
}

type listPoliciesOut struct {
	Policies  []policySummaryOut `json:"Policies"`
	NextToken *string            `json:"NextToken,omitempty"`
}

func (c *call) pagePolicies(in listInput, scope string, ps []*policy) (*listPoliciesOut, *sandbox.Error) {
	out, next, e := page(c, in, scope, ps, c.policySummary)
	if e != nil {
		return nil, e
	}
	return &listPoliciesOut{Policies: out, NextToken: next}, nil
}

func listPolicies(c *call, in *listPoliciesInput) (*listPoliciesOut, *sandbox.Error) {
	var v sandbox.Validator
	v.Enum("Filter", in.Filter, true, policyTypeNames)
	in.check(&v)
	if e := orgInvalid(&v); e != nil {
		return nil, e
	}
	return c.pagePolicies(in.listInput, *in.Filter, c.st.policiesOfType(*in.Filter))
}

type policyOut struct {
	PolicySummary policySummaryOut `json:"PolicySummary"`
	Content       string           `json:"Content"`
}

type policyResult struct {
	Policy policyOut `json:"Policy"`
}

func (c *call) policyResult(p *policy) *policyResult {
	return &policyResult{Policy: policyOut{PolicySummary: c.policySummary(p), Content: p.Content}}
}

type policyInput struct {
	PolicyId    *string `json:"PolicyId"`
	Name        *string `json:"Name"`
	Description *string `json:"Description"`
	Content     *string `json:"Content"`
	Type        *string `json:"Type"`
	Tags        []tagIO `json:"Tags"`
}

func describePolicy(c *call, in *policyInput) (*policyResult, *sandbox.Error) {
	var v sandbox.Validator
	p, e := c.lookupPolicy(&v, in.PolicyId)
	if e != nil {
		return nil, e
	}
	return c.policyResult(p), nil
}

// checkContent enforces the type's size limit (every character counts)
// and its grammar (policygrammar, which orgctl validate applies too):
// MalformedPolicyDocumentException, with the message AWS sends (not the
// model's), for a document the type's syntax refuses.
func checkContent(typ, content string) *sandbox.Error {
	if utf8.RuneCountInString(content) > policyTypes[typ].maxSize {
		return constraintViolation("POLICY_CONTENT_LIMIT_EXCEEDED",
			"You attempted to create a policy that is larger than the maximum size.")
	}
	if len(policygrammar.Check(typ, content)) > 0 {
		return awsError("MalformedPolicyDocumentException")
	}
	return nil
}

// policyNamed finds a policy of typ named name, other than except.
func (st *state) policyNamed(typ, name, except string) *policy {
	for _, p := range st.policiesOfType(typ) {
		if p.Name == name && p.ID != except {
			return p
		}
	}
	return nil
}

func errDuplicatePolicy() *sandbox.Error {
	return awsError("DuplicatePolicyException")
}

func createPolicy(c *call, in *policyInput) (*policyResult, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("Content", in.Content, true, 1, 0, nil)
	v.Str("Description", in.Description, true, 0, 512, nil)
	v.Str("Name", in.Name, true, 1, 128, nil)
	v.Enum("Type", in.Type, true, policyTypeNames)
	tags, e := parseTags(&v, in.Tags)
	if e != nil {
		return nil, e
	}
	if len(tags) > maxTags {
		return nil, errTooManyTags()
	}
	st, typ := c.st, *in.Type
	if e := checkContent(typ, *in.Content); e != nil {
		return nil, e
	}
	if st.policyNamed(typ, *in.Name, "") != nil {
		return nil, errDuplicatePolicy()
	}
	if len(st.policiesOfType(typ))-countManaged(typ) >= policyTypes[typ].maxPolicies {
		return nil, constraintViolation("POLICY_NUMBER_LIMIT_EXCEEDED",
			"You have reached the maximum number of policies of this type in your organization.")
	}
	id := newPolicyID()
	for st.findPolicy(id) != nil {
		id = newPolicyID()
	}
	p := &policy{ID: id, Name: *in.Name, Description: *in.Description, Type: typ,
		Content: *in.Content, CreatedAt: c.Now, Seq: st.nextSeq()}
	st.Policies[id] = p
	if len(tags) > 0 {
		st.Tags[id] = tags
	}
	return c.policyResult(p), nil
}

func countManaged(typ string) int {
	n := 0
	for _, p := range managedPolicies {
		if p.Type == typ {
			n++
		}
	}
	return n
}

func updatePolicy(c *call, in *policyInput) (*policyResult, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("Name", in.Name, false, 1, 128, nil)
	v.Str("Description", in.Description, false, 0, 512, nil)
	v.Str("Content", in.Content, false, 1, 0, nil)
	p, e := c.lookupPolicy(&v, in.PolicyId)
	if e != nil {
		return nil, e
	}
	if p.AWSManaged {
		return nil, errImmutablePolicy()
	}
	if in.Content != nil {
		if e := checkContent(p.Type, *in.Content); e != nil {
			return nil, e
		}
	}
	if in.Name != nil && c.st.policyNamed(p.Type, *in.Name, p.ID) != nil {
		return nil, errDuplicatePolicy()
	}
	if in.Name != nil {
		p.Name = *in.Name
	}
	if in.Description != nil {
		p.Description = *in.Description
	}
	if in.Content != nil {
		p.Content = *in.Content
	}
	return c.policyResult(p), nil
}

// deletePolicy deletes a customer policy that is attached nowhere.
func deletePolicy(c *call, in *policyInput) (*empty, *sandbox.Error) {
	var v sandbox.Validator
	p, e := c.lookupPolicy(&v, in.PolicyId)
	if e != nil {
		return nil, e
	}
	if p.AWSManaged {
		return nil, errImmutablePolicy()
	}
	for _, ids := range c.st.Attachments {
		for _, id := range ids {
			if id == p.ID {
				return nil, orgError("PolicyInUseException",
					"The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.")
			}
		}
	}
	delete(c.st.Policies, p.ID)
	c.st.forget(p.ID)
	return &empty{}, nil
}
