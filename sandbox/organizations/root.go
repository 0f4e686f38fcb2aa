package organizations

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// The organization, its root and policy types.

// policyTypeInfo is what AWS allows for one policy type.
type policyTypeInfo struct {
	maxSize      int // document size in characters, whitespace included
	maxPerTarget int // policies of the type attached to one root, OU or account
	minPerTarget int // that must stay attached while the type is enabled
	maxPolicies  int // policies of the type in the organization
	// defaultPolicy is the AWS-managed policy attached to every target when
	// the type is enabled.
	defaultPolicy string
	// servicePrincipal must have trusted access before the type is enabled,
	// and cannot lose it while the type is enabled.
	servicePrincipal string
}

var policyTypes = map[string]policyTypeInfo{
	"SERVICE_CONTROL_POLICY":           {maxSize: 10240, maxPerTarget: 10, minPerTarget: 1, maxPolicies: 10000, defaultPolicy: "p-FullAWSAccess"},
	"RESOURCE_CONTROL_POLICY":          {maxSize: 5120, maxPerTarget: 5, maxPolicies: 2000, defaultPolicy: "p-RCPFullAWSAccess"},
	"TAG_POLICY":                       {maxSize: 10000, maxPerTarget: 10, maxPolicies: 1000},
	"BACKUP_POLICY":                    {maxSize: 10000, maxPerTarget: 10, maxPolicies: 1000},
	"AISERVICES_OPT_OUT_POLICY":        {maxSize: 2500, maxPerTarget: 5, maxPolicies: 1000},
	"CHATBOT_POLICY":                   {maxSize: 10000, maxPerTarget: 5, maxPolicies: 1000},
	"DECLARATIVE_POLICY_EC2":           {maxSize: 10000, maxPerTarget: 10, maxPolicies: 1000},
	"SECURITYHUB_POLICY":               {maxSize: 10000, maxPerTarget: 10, maxPolicies: 1000, servicePrincipal: "securityhub.amazonaws.com"},
	"INSPECTOR_POLICY":                 {maxSize: 10000, maxPerTarget: 10, maxPolicies: 1000, servicePrincipal: "inspector2.amazonaws.com"},
	"UPGRADE_ROLLOUT_POLICY":           {maxSize: 10000, maxPerTarget: 10, maxPolicies: 1000},
	"BEDROCK_POLICY":                   {maxSize: 10000, maxPerTarget: 10, maxPolicies: 1000},
	"S3_POLICY":                        {maxSize: 10000, maxPerTarget: 10, maxPolicies: 1000},
	"NETWORK_SECURITY_DIRECTOR_POLICY": {maxSize: 10000, maxPerTarget: 10, maxPolicies: 1000},
	"GUARDDUTY_POLICY":                 {maxSize: 10000, maxPerTarget: 10, maxPolicies: 1000},
	"SECURITYHUB_CSPM_POLICY":          {maxSize: 10000, maxPerTarget: 10, maxPolicies: 1000, servicePrincipal: "securityhub.amazonaws.com"},
}

// policyTypeNames lists the policy types in the model's order.
var policyTypeNames = []string{
	"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY", "TAG_POLICY", "BACKUP_POLICY",
	"AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2",
	"SECURITYHUB_POLICY", "INSPECTOR_POLICY", "UPGRADE_ROLLOUT_POLICY", "BEDROCK_POLICY",
	"S3_POLICY", "NETWORK_SECURITY_DIRECTOR_POLICY", "GUARDDUTY_POLICY", "SECURITYHUB_CSPM_POLICY",
}

type organizationOut struct {
	Id                   string              `json:"Id"`
	Arn                  string              `json:"Arn"`
	FeatureSet           string              `json:"FeatureSet"`
	MasterAccountArn     string              `json:"MasterAccountArn"`
	MasterAccountId      string              `json:"MasterAccountId"`
	MasterAccountEmail   string              `json:"MasterAccountEmail"`
	AvailablePolicyTypes []policyTypeSummary `json:"AvailablePolicyTypes"`
}

type describeOrganizationOut struct {
	Organization organizationOut `json:"Organization"`
}

func describeOrganization(c *call, _ *empty) (*describeOrganizationOut, *sandbox.Error) {
	return &describeOrganizationOut{Organization: c.organizationOut()}, nil
}

func (c *call) organizationOut() organizationOut {
	st := c.st
	mgmt := st.Accounts[st.mgmtID()]
	out := organizationOut{
		Id: st.Org.ID, Arn: c.orgArn(), FeatureSet: st.Org.FeatureSet,
		MasterAccountArn: c.accountArn(mgmt.ID), MasterAccountId: mgmt.ID, MasterAccountEmail: mgmt.Email,
		AvailablePolicyTypes: []policyTypeSummary{},
	}
	if st.Org.FeatureSet == featureSetAll {
		// Deprecated by AWS in favour of ListRoots, which reports the real
		// status; for an organization with all features it always shows SCPs.
		out.AvailablePolicyTypes = append(out.AvailablePolicyTypes, policyTypeSummary{Type: "SERVICE_CONTROL_POLICY", Status: statusEnabled})
	}
	return out
}

type listRootsOut struct {
	Roots     []rootOut `json:"Roots"`
	NextToken *string   `json:"NextToken,omitempty"`
}

func listRoots(c *call, in *listInput) (*listRootsOut, *sandbox.Error) {
	var v sandbox.Validator
	in.check(&v)
	if e := orgInvalid(&v); e != nil {
		return nil, e
	}
	start, end, next, e := c.pageOf(*in, "", 1)
	if e != nil {
		return nil, e
	}
	roots := []rootOut{c.rootOut()}[start:end]
	return &listRootsOut{roots, next}, nil
}

type policyTypeInput struct {
	RootId     *string `json:"RootId"`
	PolicyType *string `json:"PolicyType"`
}

type rootResult struct {
	Root rootOut `json:"Root"`
}

func (in *policyTypeInput) check(c *call) *sandbox.Error {
	var v sandbox.Validator
	v.Str("RootId", in.RootId, true, 0, 34, reRootID)
	v.Enum("PolicyType", in.PolicyType, true, policyTypeNames)
	if e := orgInvalid(&v); e != nil {
		return e
	}
	if *in.RootId != c.st.Root.ID {
		return orgError("RootNotFoundException", "We can't find a root with the RootId that you specified.")
	}
	return nil
}

func errPolicyTypeBusy() *sandbox.Error {
	return awsError("ConcurrentModificationException")
}

// enablePolicyType starts enabling a type: PENDING_ENABLE for the policy-type
// delay, then ENABLED (see settlePolicyType).
func enablePolicyType(c *call, in *policyTypeInput) (*rootResult, *sandbox.Error) {
	if e := in.check(c); e != nil {
		return nil, e
	}
	typ := *in.PolicyType
	switch c.st.policyStatus(typ) {
	case statusEnabled, statusPendingEnable:
		return nil, awsError("PolicyTypeAlreadyEnabledException")
	case statusPendingDisable:
		return nil, errPolicyTypeBusy()
	}
	if sp := policyTypes[typ].servicePrincipal; sp != "" {
		if _, ok := c.st.ServiceAccess[sp]; !ok {
			return nil, constraintViolation("SERVICE_ACCESS_NOT_ENABLED",
				"You must enable trusted access for "+sp+" before you enable the policy type "+typ+".")
		}
	}
	c.st.PolicyTypes[typ] = &policyTypeState{Status: statusPendingEnable,
		DueAt: c.Now.Add(time.Duration(c.set.PolicyTypeDelay)), Seq: c.st.nextSeq()}
	advance(c.State, c.st, c.Now)
	return &rootResult{Root: c.rootOut()}, nil
}

// disablePolicyType starts disabling a type: PENDING_DISABLE for the
// policy-type delay, then every policy of the type is detached.
func disablePolicyType(c *call, in *policyTypeInput) (*rootResult, *sandbox.Error) {
	if e := in.check(c); e != nil {
		return nil, e
	}
	typ := *in.PolicyType
	switch c.st.policyStatus(typ) {
	case "", statusPendingDisable:
		return nil, orgError("PolicyTypeNotEnabledException", "This operation can be performed only for enabled policy types.")
	case statusPendingEnable:
		return nil, errPolicyTypeBusy()
	}
	pt := c.st.PolicyTypes[typ]
	pt.Status = statusPendingDisable
	pt.DueAt = c.Now.Add(time.Duration(c.set.PolicyTypeDelay))
	pt.Seq = c.st.nextSeq()
	advance(c.State, c.st, c.Now)
	return &rootResult{Root: c.rootOut()}, nil
}
