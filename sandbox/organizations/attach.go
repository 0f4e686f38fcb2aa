package organizations

import "github.com/orgctl/orgctl/sandbox"

// Policy attachments: AttachPolicy, DetachPolicy, ListPoliciesForTarget,
// ListTargetsForPolicy.

// checkTarget validates a TargetId member and checks the target exists.
func (c *call) checkTarget(v *sandbox.Validator, id *string) *sandbox.Error {
	v.Str("TargetId", id, true, 0, 100, reTargetID)
	if e := orgInvalid(v); e != nil {
		return e
	}
	if !c.st.isTarget(*id) {
		return orgError("TargetNotFoundException", "We can't find a root, OU, or account with the TargetId that you specified.")
	}
	return nil
}

type attachInput struct {
	PolicyId *string `json:"PolicyId"`
	TargetId *string `json:"TargetId"`
}

// lookup validates both members, then finds the policy and the target.
func (in *attachInput) lookup(c *call) (*policy, *sandbox.Error) {
	var v sandbox.Validator
	v.Str("TargetId", in.TargetId, true, 0, 100, reTargetID)
	p, e := c.lookupPolicy(&v, in.PolicyId)
	if e != nil {
		return nil, e
	}
	if e := c.checkTarget(&v, in.TargetId); e != nil {
		return nil, e
	}
	return p, nil
}

func errPolicyTypeNotEnabled() *sandbox.Error {
	return orgError("PolicyTypeNotEnabledException", "This operation can be performed only for enabled policy types.")
}

// attachPolicy needs the policy's type ENABLED (not PENDING_ENABLE) and
// respects the type's per-target limit.
func attachPolicy(c *call, in *attachInput) (*empty, *sandbox.Error) {
	p, e := in.lookup(c)
	if e != nil {
		return nil, e
	}
	target := *in.TargetId
	if c.st.policyStatus(p.Type) != statusEnabled {
		return nil, errPolicyTypeNotEnabled()
	}
	if c.st.attached(target, p.ID) {
		return nil, orgError("DuplicatePolicyAttachmentException", "The selected policy is already attached to the specified target.")
	}
	if c.st.attachedOfType(target, p.Type) >= policyTypes[p.Type].maxPerTarget {
		return nil, constraintViolation("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
			"You attempted to exceed the number of policies of this type that can be attached to an entity at one time.")
	}
	c.st.attach(target, p.ID)
	return &empty{}, nil
}

// detachPolicy refuses to detach RCPFullAWSAccess, and the last SCP of a
// target while SCPs are enabled.
func detachPolicy(c *call, in *attachInput) (*empty, *sandbox.Error) {
	p, e := in.lookup(c)
	if e != nil {
		return nil, e
	}
	target := *in.TargetId
	if !c.st.attached(target, p.ID) {
		return nil, orgError("PolicyNotAttachedException", "The policy isn't attached to the specified target in the specified root.")
	}
	if p.AWSManaged && p.Type == "RESOURCE_CONTROL_POLICY" {
		return nil, invalidInput("NON_DETACHABLE_POLICY", "You can't detach this AWS Managed Policy.")
	}
	info := policyTypes[p.Type]
	if info.minPerTarget > 0 && c.st.policyStatus(p.Type) == statusEnabled &&
		c.st.attachedOfType(target, p.Type) <= info.minPerTarget {
		return nil, constraintViolation("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
			"You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of that type required.")
	}
	c.st.detach(target, p.ID)
	return &empty{}, nil
}

func listPoliciesForTarget(c *call, in *listPoliciesInput) (*listPoliciesOut, *sandbox.Error) {
	var v sandbox.Validator
	v.Enum("Filter", in.Filter, true, policyTypeNames)
	in.check(&v)
	if e := c.checkTarget(&v, in.TargetId); e != nil {
		return nil, e
	}
	var ps []*policy
	for _, id := range c.st.Attachments[*in.TargetId] {
		if p := c.st.findPolicy(id); p != nil && p.Type == *in.Filter {
			ps = append(ps, p)
		}
	}
	return c.pagePolicies(in.listInput, *in.TargetId+"|"+*in.Filter, ps)
}

type targetsInput struct {
	PolicyId *string `json:"PolicyId"`
	listInput
}

type targetOut struct {
	TargetId string `json:"TargetId"`
	Arn      string `json:"Arn"`
	Name     string `json:"Name"`
	Type     string `json:"Type"`
}

type listTargetsOut struct {
	Targets   []targetOut `json:"Targets"`
	NextToken *string     `json:"NextToken,omitempty"`
}

// listTargetsForPolicy lists the root, then OUs, then accounts the policy
// is attached to, each group in creation order.
func listTargetsForPolicy(c *call, in *targetsInput) (*listTargetsOut, *sandbox.Error) {
	var v sandbox.Validator
	in.check(&v)
	p, e := c.lookupPolicy(&v, in.PolicyId)
	if e != nil {
		return nil, e
	}
	st := c.st
	var targets []targetOut
	if st.attached(st.Root.ID, p.ID) {
		targets = append(targets, targetOut{st.Root.ID, c.rootArn(), st.Root.Name, "ROOT"})
	}
	for _, ou := range st.sortedOUs(func(ou *orgUnit) bool { return st.attached(ou.ID, p.ID) }) {
		targets = append(targets, targetOut{ou.ID, c.ouArn(ou.ID), ou.Name, "ORGANIZATIONAL_UNIT"})
	}
	for _, a := range st.sortedAccounts(func(a *account) bool { return st.attached(a.ID, p.ID) }) {
		targets = append(targets, targetOut{a.ID, c.accountArn(a.ID), a.Name, "ACCOUNT"})
	}
	start, end, next, e := c.pageOf(in.listInput, p.ID, len(targets))
	if e != nil {
		return nil, e
	}
	return &listTargetsOut{Targets: append([]targetOut{}, targets[start:end]...), NextToken: next}, nil
}
