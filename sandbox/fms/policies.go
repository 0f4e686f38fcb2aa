package fms

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/orgctl/orgctl/sandbox"
)

// Policies: PutPolicy, GetPolicy, ListPolicies, DeletePolicy, and the
// policies' tags (ListTagsForResource, TagResource, UntagResource). Only
// the administrator, once its role is READY, calls them, in any Region;
// each Region has its own policies.

// maxPolicies is Firewall Manager's default quota of policies per
// administrator and Region (its "Policies per organization" quota).
const maxPolicies = 50

type policyWire struct {
	PolicyId                       *string             `json:"PolicyId,omitempty"`
	PolicyName                     *string             `json:"PolicyName,omitempty"`
	PolicyUpdateToken              *string             `json:"PolicyUpdateToken,omitempty"`
	PolicyDescription              *string             `json:"PolicyDescription,omitempty"`
	SecurityServicePolicyData      *serviceData        `json:"SecurityServicePolicyData,omitempty"`
	ResourceType                   *string             `json:"ResourceType,omitempty"`
	ResourceTypeList               []string            `json:"ResourceTypeList,omitempty"`
	ResourceTags                   []resourceTag       `json:"ResourceTags,omitempty"`
	ExcludeResourceTags            *bool               `json:"ExcludeResourceTags,omitempty"`
	RemediationEnabled             *bool               `json:"RemediationEnabled,omitempty"`
	DeleteUnusedFMManagedResources bool                `json:"DeleteUnusedFMManagedResources"`
	IncludeMap                     map[string][]string `json:"IncludeMap,omitempty"`
	ExcludeMap                     map[string][]string `json:"ExcludeMap,omitempty"`
	PolicyStatus                   string              `json:"PolicyStatus,omitempty"`
}

type serviceData struct {
	Type               *string `json:"Type,omitempty"`
	ManagedServiceData *string `json:"ManagedServiceData,omitempty"`
}

type resourceTag struct {
	Key   *string `json:"Key,omitempty"`
	Value *string `json:"Value,omitempty"`
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// policy is a stored policy.
type policy struct {
	ID      string            `json:"id"`
	Region  string            `json:"region"`
	Account string            `json:"account"`
	Version int               `json:"version"`
	Token   string            `json:"token"`
	Wire    policyWire        `json:"wire"`
	Tags    map[string]string `json:"tags,omitempty"`
}

func (p *policy) arn() string {
	return fmt.Sprintf("arn:aws:fms:%s:%s:policy/%s", p.Region, p.Account, p.ID)
}

// out is the policy as Firewall Manager returns it.
func (p *policy) out() policyWire {
	w := p.Wire
	w.PolicyId, w.PolicyUpdateToken = &p.ID, &p.Token
	w.PolicyStatus = "ACTIVE"
	f := false
	if w.ExcludeResourceTags == nil {
		w.ExcludeResourceTags = &f
	}
	return w
}

// onlyAdmin refuses every account but the administrator whose role is
// ready, as Firewall Manager words it.
func (c *call) onlyAdmin() *sandbox.Error {
	a := c.st.Admin
	if a != nil && a.Account == c.Caller.AccountID && a.LeavingSince.IsZero() && a.status(c.Now, c.delay()) == statusReady {
		return nil
	}
	if a == nil || c.Caller.AccountID == mgmtID(c) {
		return errOnlyAdmin(c.Op)
	}
	return errNotDelegated(c.Caller.AccountID)
}

type putPolicyIn struct {
	Policy  *policyWire `json:"Policy"`
	TagList []tag       `json:"TagList"`
}

type policyOut struct {
	Policy    policyWire `json:"Policy"`
	PolicyArn string     `json:"PolicyArn"`
}

func putPolicy(c *call, in *putPolicyIn) (*policyOut, *sandbox.Error) {
	if in.Policy == nil {
		return nil, fmsError("InvalidInputException", "1 validation error detected: Value null at 'policy' failed to satisfy constraint: Member must not be null")
	}
	if e := c.onlyAdmin(); e != nil {
		return nil, e
	}
	w := *in.Policy
	if e := validatePolicy(c, &w); e != nil {
		return nil, e
	}
	if len(in.TagList) > 200 {
		return nil, fmsError("InvalidInputException", "1 validation error detected: Value at 'tagList' failed to satisfy constraint: Member must have length less than or equal to 200")
	}
	data, e := fillData(*w.SecurityServicePolicyData.Type, *w.SecurityServicePolicyData.ManagedServiceData)
	if e != nil {
		return nil, e
	}
	w.SecurityServicePolicyData.ManagedServiceData = &data
	w.PolicyStatus = ""
	if w.PolicyId == nil {
		if n := len(c.regionPolicies()); n >= maxPolicies {
			return nil, fmsError("LimitExceededException", "You have exceeded the maximum number of policies (%d) allowed in this Region.", maxPolicies)
		}
		id := sandbox.NewUUID()
		w.PolicyUpdateToken = nil
		p := &policy{ID: id, Region: c.Region, Account: c.Caller.AccountID, Version: 1, Wire: w, Tags: map[string]string{}}
		p.Token = token(p.Version)
		for _, t := range in.TagList {
			p.Tags[t.Key] = t.Value
		}
		if c.st.Policies == nil {
			c.st.Policies = map[string]*policy{}
		}
		c.st.Policies[id] = p
		return &policyOut{Policy: p.out(), PolicyArn: p.arn()}, nil
	}
	p := c.policy(*w.PolicyId)
	if p == nil {
		return nil, errNoPolicy(*w.PolicyId)
	}
	switch {
	case w.PolicyUpdateToken == nil:
		return nil, fmsError("InvalidInputException", msgUpdateToken)
	case *w.PolicyUpdateToken != p.Token:
		return nil, fmsError("InvalidOperationException", msgUpdateToken)
	case *w.SecurityServicePolicyData.Type != *p.Wire.SecurityServicePolicyData.Type:
		return nil, fmsError("InvalidInputException", "The security service type of policy %s cannot be changed from %s to %s.", p.ID, *p.Wire.SecurityServicePolicyData.Type, *w.SecurityServicePolicyData.Type)
	}
	w.PolicyId, w.PolicyUpdateToken = nil, nil
	p.Wire = w
	p.Version++
	p.Token = token(p.Version)
	return &policyOut{Policy: p.out(), PolicyArn: p.arn()}, nil
}

// token is the update token of a policy's version, opaque to callers.
func token(version int) string {
	return fmt.Sprintf("%d:%s", version, sandbox.RandString(sandbox.UpperAlnum, 22))
}

type policyIDIn struct {
	PolicyId                 *string `json:"PolicyId"`
	DeleteAllPolicyResources bool    `json:"DeleteAllPolicyResources"`
}

func getPolicy(c *call, in *policyIDIn) (*policyOut, *sandbox.Error) {
	if e := c.onlyAdmin(); e != nil {
		return nil, e
	}
	if e := checkPolicyID(in.PolicyId); e != nil {
		return nil, e
	}
	p := c.policy(*in.PolicyId)
	if p == nil {
		return nil, errNoPolicy(*in.PolicyId)
	}
	return &policyOut{Policy: p.out(), PolicyArn: p.arn()}, nil
}

func deletePolicy(c *call, in *policyIDIn) (*struct{}, *sandbox.Error) {
	if e := c.onlyAdmin(); e != nil {
		return nil, e
	}
	if e := checkPolicyID(in.PolicyId); e != nil {
		return nil, e
	}
	if c.policy(*in.PolicyId) == nil {
		return nil, errNoPolicy(*in.PolicyId)
	}
	delete(c.st.Policies, *in.PolicyId)
	return &struct{}{}, nil
}

type listPoliciesIn struct {
	MaxResults *int32  `json:"MaxResults"`
	NextToken  *string `json:"NextToken"`
}

type policySummary struct {
	PolicyArn                      string `json:"PolicyArn"`
	PolicyId                       string `json:"PolicyId"`
	PolicyName                     string `json:"PolicyName"`
	RemediationEnabled             bool   `json:"RemediationEnabled"`
	ResourceType                   string `json:"ResourceType"`
	SecurityServiceType            string `json:"SecurityServiceType"`
	DeleteUnusedFMManagedResources bool   `json:"DeleteUnusedFMManagedResources"`
	PolicyStatus                   string `json:"PolicyStatus"`
}

type listPoliciesOut struct {
	PolicyList []policySummary `json:"PolicyList"`
	NextToken  *string         `json:"NextToken,omitempty"`
}

func listPolicies(c *call, in *listPoliciesIn) (*listPoliciesOut, *sandbox.Error) {
	if e := c.onlyAdmin(); e != nil {
		return nil, e
	}
	size := 100
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 100 {
			return nil, fmsError("InvalidInputException", "1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100", *in.MaxResults)
		}
		size = int(*in.MaxResults)
	}
	ps := c.regionPolicies()
	start, end, next, ok := c.Page("fms:ListPolicies:"+c.Region, len(ps), size, in.NextToken)
	if !ok {
		return nil, fmsError("InvalidInputException", "The NextToken is not valid.")
	}
	out := &listPoliciesOut{PolicyList: []policySummary{}, NextToken: next}
	for _, p := range ps[start:end] {
		w := p.out()
		out.PolicyList = append(out.PolicyList, policySummary{PolicyArn: p.arn(), PolicyId: p.ID, PolicyName: *w.PolicyName,
			RemediationEnabled: *w.RemediationEnabled, ResourceType: *w.ResourceType, SecurityServiceType: *w.SecurityServicePolicyData.Type,
			DeleteUnusedFMManagedResources: w.DeleteUnusedFMManagedResources, PolicyStatus: w.PolicyStatus})
	}
	return out, nil
}

// regionPolicies are the policies of the call's Region, oldest first.
func (c *call) regionPolicies() []*policy {
	var out []*policy
	for _, p := range c.st.Policies {
		if p.Region == c.Region {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// policy returns the policy id of the call's Region, or nil.
func (c *call) policy(id string) *policy {
	if p := c.st.Policies[id]; p != nil && p.Region == c.Region {
		return p
	}
	return nil
}

func checkPolicyID(id *string) *sandbox.Error {
	if id == nil {
		return fmsError("InvalidInputException", "1 validation error detected: Value null at 'policyId' failed to satisfy constraint: Member must not be null")
	}
	if len(*id) != 36 {
		return fmsError("InvalidInputException", "1 validation error detected: Value '%s' at 'policyId' failed to satisfy constraint: Member must have length equal to 36", *id)
	}
	return nil
}

func errNoPolicy(id string) *sandbox.Error {
	return fmsError("ResourceNotFoundException", "Policy with Id %s not found.", id)
}

// Tags of policies.

type arnIn struct {
	ResourceArn *string  `json:"ResourceArn"`
	TagList     []tag    `json:"TagList"`
	TagKeys     []string `json:"TagKeys"`
}

type tagsOut struct {
	TagList []tag `json:"TagList"`
}

// byArn returns the policy arn names, in the call's Region.
func (c *call) byArn(arn *string) (*policy, *sandbox.Error) {
	if arn == nil {
		return nil, fmsError("InvalidInputException", "1 validation error detected: Value null at 'resourceArn' failed to satisfy constraint: Member must not be null")
	}
	i := strings.LastIndex(*arn, "/")
	if !strings.HasPrefix(*arn, "arn:aws:fms:") || i < 0 {
		return nil, fmsError("InvalidInputException", "Invalid resource ARN: %s", *arn)
	}
	p := c.policy((*arn)[i+1:])
	if p == nil || p.arn() != *arn {
		return nil, fmsError("ResourceNotFoundException", "Resource %s not found.", *arn)
	}
	return p, nil
}

func listTags(c *call, in *arnIn) (*tagsOut, *sandbox.Error) {
	if e := c.onlyAdmin(); e != nil {
		return nil, e
	}
	p, e := c.byArn(in.ResourceArn)
	if e != nil {
		return nil, e
	}
	out := &tagsOut{TagList: []tag{}}
	for k, v := range p.Tags {
		out.TagList = append(out.TagList, tag{Key: k, Value: v})
	}
	slices.SortFunc(out.TagList, func(a, b tag) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

func tagResource(c *call, in *arnIn) (*struct{}, *sandbox.Error) {
	if e := c.onlyAdmin(); e != nil {
		return nil, e
	}
	p, e := c.byArn(in.ResourceArn)
	if e != nil {
		return nil, e
	}
	if p.Tags == nil {
		p.Tags = map[string]string{} // a policy stored without tags
	}
	for _, t := range in.TagList {
		if t.Key == "" || strings.HasPrefix(t.Key, "aws:") {
			return nil, fmsError("InvalidInputException", "Invalid tag key: %q.", t.Key)
		}
		p.Tags[t.Key] = t.Value
	}
	if len(p.Tags) > 50 {
		return nil, fmsError("LimitExceededException", "A resource can have at most 50 tags.")
	}
	return &struct{}{}, nil
}

func untagResource(c *call, in *arnIn) (*struct{}, *sandbox.Error) {
	if e := c.onlyAdmin(); e != nil {
		return nil, e
	}
	p, e := c.byArn(in.ResourceArn)
	if e != nil {
		return nil, e
	}
	for _, k := range in.TagKeys {
		delete(p.Tags, k)
	}
	return &struct{}{}, nil
}
