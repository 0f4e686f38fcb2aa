package inspector

import "github.com/orgctl/orgctl/sandbox"

// The organization configuration, kept by the region's administrator:
// DescribeOrganizationConfiguration, UpdateOrganizationConfiguration.

type autoEnableIO struct {
	Ec2            *bool `json:"ec2"`
	Ecr            *bool `json:"ecr"`
	Lambda         *bool `json:"lambda,omitempty"`
	LambdaCode     *bool `json:"lambdaCode,omitempty"`
	CodeRepository *bool `json:"codeRepository,omitempty"`
}

func (a autoEnable) out() *autoEnableIO {
	return &autoEnableIO{Ec2: &a.Ec2, Ecr: &a.Ecr, Lambda: &a.Lambda, LambdaCode: &a.LambdaCode, CodeRepository: &a.CodeRepository}
}

type describeOrgConfigOut struct {
	AutoEnable             *autoEnableIO `json:"autoEnable"`
	MaxAccountLimitReached bool          `json:"maxAccountLimitReached"`
}

func describeOrgConfig(c *call, _ *empty) (*describeOrgConfigOut, *sandbox.Error) {
	a, e := c.administrator(false)
	if e != nil {
		return nil, e
	}
	return &describeOrgConfigOut{AutoEnable: a.AutoEnable.out(), MaxAccountLimitReached: len(c.st.Members[c.Region]) >= maxMembers}, nil
}

type updateOrgConfigInput struct {
	AutoEnable *autoEnableIO `json:"autoEnable"`
}

type updateOrgConfigOut struct {
	AutoEnable *autoEnableIO `json:"autoEnable"`
}

// updateOrgConfig sets the scan types new members get. ec2 and ecr are
// required; lambda, lambdaCode and codeRepository, when left out, keep
// their value (older clients know only some of them). Lambda code
// scanning needs Lambda standard scanning. The administrator must have
// Inspector enabled for itself.
func updateOrgConfig(c *call, in *updateOrgConfigInput) (*updateOrgConfigOut, *sandbox.Error) {
	a, e := c.administrator(true)
	if e != nil {
		return nil, e
	}
	switch {
	case in.AutoEnable == nil:
		return nil, validation("FIELD_VALIDATION_FAILED", "You must specify a value for autoEnable.")
	case in.AutoEnable.Ec2 == nil:
		return nil, validation("FIELD_VALIDATION_FAILED", "You must specify a value for autoEnable.ec2.")
	case in.AutoEnable.Ecr == nil:
		return nil, validation("FIELD_VALIDATION_FAILED", "You must specify a value for autoEnable.ecr.")
	}
	next := a.AutoEnable
	next.Ec2, next.Ecr = *in.AutoEnable.Ec2, *in.AutoEnable.Ecr
	for _, f := range []struct {
		in  *bool
		out *bool
	}{{in.AutoEnable.Lambda, &next.Lambda}, {in.AutoEnable.LambdaCode, &next.LambdaCode}, {in.AutoEnable.CodeRepository, &next.CodeRepository}} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	if next.LambdaCode && !next.Lambda {
		return nil, invalid(msgLambdaCode)
	}
	a.AutoEnable = next
	return &updateOrgConfigOut{AutoEnable: next.out()}, nil
}
