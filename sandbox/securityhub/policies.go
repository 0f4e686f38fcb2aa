package securityhub

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/sandbox"
)

// Configuration policies, written by the administrator in the home Region
// with central configuration on: CreateConfigurationPolicy,
// UpdateConfigurationPolicy, DeleteConfigurationPolicy,
// GetConfigurationPolicy, ListConfigurationPolicies; and the tags of
// policies: TagResource, UntagResource, ListTagsForResource.

// policyDoc is the Policy union: only SecurityHub is a member.
type policyDoc struct {
	SecurityHub *hubPolicy `json:"SecurityHub,omitempty"`
}

type hubPolicy struct {
	ServiceEnabled                *bool           `json:"ServiceEnabled,omitempty"`
	EnabledStandardIdentifiers    []string        `json:"EnabledStandardIdentifiers"`
	SecurityControlsConfiguration *controlsConfig `json:"SecurityControlsConfiguration,omitempty"`
}

type controlsConfig struct {
	DisabledSecurityControlIdentifiers []string       `json:"DisabledSecurityControlIdentifiers,omitempty"`
	EnabledSecurityControlIdentifiers  []string       `json:"EnabledSecurityControlIdentifiers,omitempty"`
	SecurityControlCustomParameters    []customParams `json:"SecurityControlCustomParameters,omitempty"`
}

type customParams struct {
	SecurityControlId *string                `json:"SecurityControlId"`
	Parameters        map[string]paramConfig `json:"Parameters"`
}

type paramConfig struct {
	ValueType *string                    `json:"ValueType"`
	Value     map[string]json.RawMessage `json:"Value,omitempty"`
}

var (
	rePolicyName = sandbox.NewPattern(`^[A-Za-z0-9\-.!*/]{1,128}$`)
	reControlID  = sandbox.NewPattern(`^[A-Za-z][A-Za-z0-9]*\.[0-9]+$`)
	reUUID       = sandbox.NewPattern(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	valueTypes   = []string{"Integer", "IntegerList", "Double", "String", "StringList", "Boolean", "Enum", "EnumList"}
	// standards a configuration policy may enable, by the end of their ARN.
	standards = []string{
		"standards/aws-foundational-security-best-practices/v/1.0.0", "ruleset/cis-aws-foundations-benchmark/v/1.2.0",
		"standards/cis-aws-foundations-benchmark/v/1.4.0", "standards/cis-aws-foundations-benchmark/v/3.0.0",
		"standards/cis-aws-foundations-benchmark/v/5.0.0", "standards/nist-800-53/v/5.0.0", "standards/nist-800-171/v/2.0.0",
		"standards/pci-dss/v/3.2.1", "standards/pci-dss/v/4.0.1", "standards/aws-resource-tagging-standard/v/1.0.0",
	}
	// knownParams are the parameters of the controls the sandbox knows;
	// a parameter another control does not take is refused.
	knownParams = map[string]map[string]string{
		"ACM.1":         {"daysToExpiration": "Integer"},
		"CloudWatch.16": {"minRetentionTime": "Integer"},
		"EC2.18":        {"authorizedTcpPorts": "IntegerList", "authorizedUdpPorts": "IntegerList"},
		"IAM.7": {"RequireUppercaseCharacters": "Boolean", "RequireLowercaseCharacters": "Boolean", "RequireSymbols": "Boolean",
			"RequireNumbers": "Boolean", "MinimumPasswordLength": "Integer", "PasswordReusePrevention": "Integer", "MaxPasswordAge": "Integer"},
		"Lambda.5": {"minAvailabilityZones": "Integer"},
	}
)

// standardARN reports whether arn names a standard a policy can enable in
// region: arn:aws:securityhub:REGION::standards/... or the Region-less
// ruleset of CIS 1.2.0.
func standardARN(arn, region string) bool {
	for _, s := range standards {
		if strings.HasPrefix(s, "ruleset/") && arn == "arn:aws:securityhub:::"+s ||
			arn == "arn:aws:securityhub:"+region+"::"+s {
			return true
		}
	}
	return false
}

// check validates a configuration policy as Security Hub does.
func (c *call) check(doc *policyDoc) *sandbox.Error {
	if doc == nil || doc.SecurityHub == nil {
		return invalidInput("ConfigurationPolicy must specify SecurityHub")
	}
	p := doc.SecurityHub
	if p.ServiceEnabled == nil {
		return invalidInput("ServiceEnabled is required")
	}
	if !*p.ServiceEnabled {
		if len(p.EnabledStandardIdentifiers) > 0 || p.SecurityControlsConfiguration != nil {
			return invalidInput("Standards and controls cannot be specified when ServiceEnabled is false")
		}
		return nil
	}
	if p.EnabledStandardIdentifiers == nil || p.SecurityControlsConfiguration == nil {
		return invalidInput("EnabledStandardIdentifiers and SecurityControlsConfiguration are required when ServiceEnabled is true")
	}
	for _, s := range p.EnabledStandardIdentifiers {
		if !standardARN(s, c.Region) {
			return invalidInput("Invalid standard identifier " + s)
		}
	}
	sc := p.SecurityControlsConfiguration
	if (sc.EnabledSecurityControlIdentifiers == nil) == (sc.DisabledSecurityControlIdentifiers == nil) {
		return invalidInput("Specify either EnabledSecurityControlIdentifiers or DisabledSecurityControlIdentifiers")
	}
	for _, id := range slices.Concat(sc.EnabledSecurityControlIdentifiers, sc.DisabledSecurityControlIdentifiers) {
		if !reControlID.MatchString(id) {
			return invalidInput("Invalid security control identifier " + id)
		}
	}
	for _, cp := range sc.SecurityControlCustomParameters {
		if cp.SecurityControlId == nil || !reControlID.MatchString(*cp.SecurityControlId) {
			return invalidInput("Invalid SecurityControlId in SecurityControlCustomParameters")
		}
		id := *cp.SecurityControlId
		for name, pc := range cp.Parameters {
			known, isKnown := knownParams[id]
			if isKnown && known[name] == "" {
				return invalidInput("Parameter " + name + " is not supported for control " + id)
			}
			switch {
			case pc.ValueType == nil || *pc.ValueType != "CUSTOM" && *pc.ValueType != "DEFAULT":
				return invalidInput("ValueType of parameter " + name + " must be CUSTOM or DEFAULT")
			case *pc.ValueType == "CUSTOM" && len(pc.Value) != 1:
				return invalidInput("Value of parameter " + name + " must have exactly one member when ValueType is CUSTOM")
			}
			for typ := range pc.Value {
				if !slices.Contains(valueTypes, typ) || isKnown && known[name] != typ {
					return invalidInput("Invalid value type " + typ + " for parameter " + name + " of control " + id)
				}
			}
		}
	}
	return nil
}

type createPolicyInput struct {
	Name                *string           `json:"Name"`
	Description         *string           `json:"Description"`
	ConfigurationPolicy *policyDoc        `json:"ConfigurationPolicy"`
	Tags                map[string]string `json:"Tags"`
}

type policyOut struct {
	Arn                 string    `json:"Arn"`
	Id                  string    `json:"Id"`
	Name                string    `json:"Name"`
	Description         string    `json:"Description,omitempty"`
	CreatedAt           string    `json:"CreatedAt"`
	UpdatedAt           string    `json:"UpdatedAt"`
	ConfigurationPolicy policyDoc `json:"ConfigurationPolicy"`
}

func outPolicy(p *policy) *policyOut {
	return &policyOut{Arn: p.ARN, Id: p.ID, Name: p.Name, Description: p.Description,
		CreatedAt: timeString(p.CreatedAt), UpdatedAt: timeString(p.UpdatedAt), ConfigurationPolicy: p.Config}
}

func (c *call) checkName(name *string, except string) *sandbox.Error {
	if name == nil || !rePolicyName.MatchString(*name) {
		return invalidInput("Name must be 1 to 128 letters, digits and - . ! * /")
	}
	for _, p := range c.st.Policies {
		if p.Name == *name && p.ID != except {
			return conflict("A configuration policy named " + *name + " already exists")
		}
	}
	return nil
}

func checkDescription(d *string) *sandbox.Error {
	if d != nil && len(*d) > 512 {
		return invalidInput("Description must be at most 512 characters")
	}
	return nil
}

func createPolicy(c *call, in *createPolicyInput) (*policyOut, *sandbox.Error) {
	if e := c.central(); e != nil {
		return nil, e
	}
	if e := c.checkName(in.Name, ""); e != nil {
		return nil, e
	}
	if e := checkDescription(in.Description); e != nil {
		return nil, e
	}
	if e := c.check(in.ConfigurationPolicy); e != nil {
		return nil, e
	}
	if e := checkTags(in.Tags); e != nil {
		return nil, e
	}
	c.st.Seq++
	id := sandbox.NewUUID()
	p := &policy{ID: id, ARN: "arn:aws:securityhub:" + c.Region + ":" + c.Caller.AccountID + ":configuration-policy/" + id,
		Name: *in.Name, Region: c.Region, Account: c.Caller.AccountID, Config: *in.ConfigurationPolicy,
		CreatedAt: c.Now, UpdatedAt: c.Now, Seq: c.st.Seq}
	if in.Description != nil {
		p.Description = *in.Description
	}
	c.st.Policies[id] = p
	if len(in.Tags) > 0 {
		c.st.Tags[p.ARN] = in.Tags
	}
	return outPolicy(p), nil
}

// policyOf finds a policy by its ID or ARN.
func (c *call) policyOf(identifier string) (*policy, *sandbox.Error) {
	for _, p := range c.st.Policies {
		if p.ID == identifier || p.ARN == identifier {
			return p, nil
		}
	}
	return nil, notFound("Configuration policy " + identifier + " not found")
}

type updatePolicyInput struct {
	Identifier          string     `json:"-" uri:"Identifier"`
	Name                *string    `json:"Name"`
	Description         *string    `json:"Description"`
	UpdatedReason       *string    `json:"UpdatedReason"`
	ConfigurationPolicy *policyDoc `json:"ConfigurationPolicy"`
}

// updatePolicy replaces what it is given: the name, the description, the
// whole configuration.
func updatePolicy(c *call, in *updatePolicyInput) (*policyOut, *sandbox.Error) {
	if e := c.central(); e != nil {
		return nil, e
	}
	p, e := c.policyOf(in.Identifier)
	if e != nil {
		return nil, e
	}
	if in.Name != nil {
		if e := c.checkName(in.Name, p.ID); e != nil {
			return nil, e
		}
	}
	if e := checkDescription(in.Description); e != nil {
		return nil, e
	}
	if in.ConfigurationPolicy != nil {
		if e := c.check(in.ConfigurationPolicy); e != nil {
			return nil, e
		}
		p.Config = *in.ConfigurationPolicy
	}
	if in.Name != nil {
		p.Name = *in.Name
	}
	if in.Description != nil {
		p.Description = *in.Description
	}
	p.UpdatedAt = c.Now
	return outPolicy(p), nil
}

type identifierInput struct {
	Identifier string `json:"-" uri:"Identifier"`
}

func getPolicy(c *call, in *identifierInput) (*policyOut, *sandbox.Error) {
	if e := c.central(); e != nil {
		return nil, e
	}
	p, e := c.policyOf(in.Identifier)
	if e != nil {
		return nil, e
	}
	return outPolicy(p), nil
}

// deletePolicy deletes a policy no target applies directly.
func deletePolicy(c *call, in *identifierInput) (*empty, *sandbox.Error) {
	if e := c.central(); e != nil {
		return nil, e
	}
	p, e := c.policyOf(in.Identifier)
	if e != nil {
		return nil, e
	}
	for _, a := range c.st.Associations {
		if a.Policy == p.ID {
			return nil, conflict("Configuration policy " + p.ID + " is associated with targets. Disassociate it from every target before deleting it.")
		}
	}
	delete(c.st.Policies, p.ID)
	delete(c.st.Tags, p.ARN)
	return &empty{}, nil
}

type listPoliciesInput struct {
	MaxResults *int32  `json:"-" query:"MaxResults"`
	NextToken  *string `json:"-" query:"NextToken"`
}

type policySummary struct {
	Arn            string `json:"Arn"`
	Id             string `json:"Id"`
	Name           string `json:"Name"`
	Description    string `json:"Description,omitempty"`
	UpdatedAt      string `json:"UpdatedAt"`
	ServiceEnabled bool   `json:"ServiceEnabled"`
}

type listPoliciesOut struct {
	ConfigurationPolicySummaries []policySummary `json:"ConfigurationPolicySummaries"`
	NextToken                    *string         `json:"NextToken,omitempty"`
}

func listPolicies(c *call, in *listPoliciesInput) (*listPoliciesOut, *sandbox.Error) {
	if e := c.central(); e != nil {
		return nil, e
	}
	ps := c.sortedPolicies()
	start, end, next, e := c.page(in.MaxResults, in.NextToken, c.Region, len(ps), 100)
	if e != nil {
		return nil, e
	}
	out := &listPoliciesOut{ConfigurationPolicySummaries: []policySummary{}, NextToken: next}
	for _, p := range ps[start:end] {
		enabled := p.Config.SecurityHub != nil && p.Config.SecurityHub.ServiceEnabled != nil && *p.Config.SecurityHub.ServiceEnabled
		out.ConfigurationPolicySummaries = append(out.ConfigurationPolicySummaries, policySummary{Arn: p.ARN, Id: p.ID, Name: p.Name,
			Description: p.Description, UpdatedAt: timeString(p.UpdatedAt), ServiceEnabled: enabled})
	}
	return out, nil
}

func (c *call) sortedPolicies() []*policy {
	ps := make([]*policy, 0, len(c.st.Policies))
	for _, p := range c.st.Policies {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b *policy) int { return int(a.Seq - b.Seq) })
	return ps
}

func checkTags(tags map[string]string) *sandbox.Error {
	if len(tags) > 50 {
		return invalidInput("A resource can have at most 50 tags")
	}
	for k, v := range tags {
		if len(k) < 1 || len(k) > 128 || strings.HasPrefix(k, "aws:") || len(v) > 256 {
			return invalidInput("Invalid tag " + k)
		}
	}
	return nil
}

type tagInput struct {
	ResourceArn string            `json:"-" uri:"ResourceArn"`
	Tags        map[string]string `json:"Tags"`
}

// tagged finds the caller's taggable resource (a configuration policy).
func (c *call) tagged(arn string) *sandbox.Error {
	for _, p := range c.st.Policies {
		if p.ARN == arn && p.Account == c.Caller.AccountID && p.Region == c.Region {
			return nil
		}
	}
	return notFound("Resource " + arn + " not found")
}

func tagResource(c *call, in *tagInput) (*empty, *sandbox.Error) {
	if e := c.tagged(in.ResourceArn); e != nil {
		return nil, e
	}
	if len(in.Tags) == 0 {
		return nil, invalidInput("Tags must not be empty")
	}
	next := map[string]string{}
	for k, v := range c.st.Tags[in.ResourceArn] {
		next[k] = v
	}
	for k, v := range in.Tags {
		next[k] = v
	}
	if e := checkTags(next); e != nil {
		return nil, e
	}
	c.st.Tags[in.ResourceArn] = next
	return &empty{}, nil
}

type untagInput struct {
	ResourceArn string `json:"-" uri:"ResourceArn"`
}

func untagResource(c *call, in *untagInput) (*empty, *sandbox.Error) {
	if e := c.tagged(in.ResourceArn); e != nil {
		return nil, e
	}
	keys := c.Query["tagKeys"]
	if len(keys) == 0 {
		return nil, invalidInput("tagKeys must not be empty")
	}
	for _, k := range keys {
		delete(c.st.Tags[in.ResourceArn], k)
	}
	return &empty{}, nil
}

func listTags(c *call, in *untagInput) (*map[string]map[string]string, *sandbox.Error) {
	if e := c.tagged(in.ResourceArn); e != nil {
		return nil, e
	}
	tags := map[string]string{}
	for k, v := range c.st.Tags[in.ResourceArn] {
		tags[k] = v
	}
	return &map[string]map[string]string{"Tags": tags}, nil
}
