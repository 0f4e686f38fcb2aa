package securityhub

import (
	"time"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// The organization configuration, set by the Region's administrator:
// UpdateOrganizationConfiguration, DescribeOrganizationConfiguration.

// orgConfigOf returns the Region's organization configuration: LOCAL,
// with nothing auto-enabled, until the administrator changes it.
func (c *call) orgConfigOf(region string) *orgConfig {
	if oc := c.st.OrgConfigs[region]; oc != nil {
		return oc
	}
	return &orgConfig{AutoEnableStandards: "DEFAULT", Type: "LOCAL", Status: "ENABLED"}
}

// settle applies what is due: central configuration turning ENABLED,
// associations turning SUCCESS or FAILED.
func (c *call) settle() {
	for _, oc := range c.st.OrgConfigs {
		if oc.Status == "PENDING" && !c.Now.Before(oc.DueAt) {
			oc.Status, oc.DueAt = "ENABLED", time.Time{}
		}
	}
	var org *organizations.Org
	for _, a := range c.st.Associations {
		if a.Status != "PENDING" || c.Now.Before(a.DueAt) {
			continue
		}
		if org == nil {
			org = organizations.Of(c.Call)
		}
		a.Status, a.DueAt = "SUCCESS", time.Time{}
		// A closed or suspended account cannot be configured.
		if a.TargetType == "ACCOUNT" && !org.IsActiveMember(a.Target) {
			a.Status, a.Message = "FAILED", "Account "+a.Target+" is not an active member of the organization."
		}
	}
}

type updateOrgConfigInput struct {
	AutoEnable                *bool   `json:"AutoEnable"`
	AutoEnableStandards       *string `json:"AutoEnableStandards"`
	OrganizationConfiguration *struct {
		ConfigurationType *string `json:"ConfigurationType"`
	} `json:"OrganizationConfiguration"`
}

// updateOrgConfig sets auto-enable and the configuration type. CENTRAL
// needs auto-enable off and the caller's finding aggregator in this
// Region; it is PENDING for the central delay, then ENABLED.
func updateOrgConfig(c *call, in *updateOrgConfigInput) (*empty, *sandbox.Error) {
	if _, e := c.admin(); e != nil {
		return nil, e
	}
	if in.AutoEnable == nil {
		return nil, invalidInput("AutoEnable is required")
	}
	cur := c.orgConfigOf(c.Region)
	next := *cur
	next.AutoEnable = *in.AutoEnable
	if s := in.AutoEnableStandards; s != nil {
		if *s != "NONE" && *s != "DEFAULT" {
			return nil, invalidInput("Invalid AutoEnableStandards " + *s)
		}
		next.AutoEnableStandards = *s
	}
	if oc := in.OrganizationConfiguration; oc != nil && oc.ConfigurationType != nil {
		switch *oc.ConfigurationType {
		case "CENTRAL", "LOCAL":
			next.Type = *oc.ConfigurationType
		default:
			return nil, invalidInput("Invalid ConfigurationType " + *oc.ConfigurationType)
		}
	}
	if next.Type == "CENTRAL" {
		if next.AutoEnable || next.AutoEnableStandards != "NONE" {
			return nil, invalidInput(msgCentralAutoEnable)
		}
		if agg := c.st.Aggregators[c.Caller.AccountID]; agg == nil || agg.Region != c.Region {
			return nil, invalidInput(msgCentralNeedsAggregator)
		}
		if cur.Type != "CENTRAL" {
			next.Status, next.DueAt = "PENDING", c.Now.Add(time.Duration(c.set.CentralDelay))
			if next.DueAt.Equal(c.Now) {
				next.Status, next.DueAt = "ENABLED", time.Time{}
			}
		}
	} else {
		next.Status, next.DueAt = "ENABLED", time.Time{}
	}
	c.st.OrgConfigs[c.Region] = &next
	return &empty{}, nil
}

// msgCentralNeedsAggregator is the sandbox's wording (AWS's was not found
// in public material): central configuration is managed from the home
// Region, which the finding aggregator makes.
const msgCentralNeedsAggregator = "Central configuration requires cross-Region aggregation: create a finding aggregator in this Region, which becomes the home Region, and try again."

type orgConfigurationOut struct {
	ConfigurationType string  `json:"ConfigurationType"`
	Status            string  `json:"Status"`
	StatusMessage     *string `json:"StatusMessage,omitempty"`
}

type describeOrgConfigOut struct {
	AutoEnable                bool                `json:"AutoEnable"`
	AutoEnableStandards       string              `json:"AutoEnableStandards"`
	MemberAccountLimitReached bool                `json:"MemberAccountLimitReached"`
	OrganizationConfiguration orgConfigurationOut `json:"OrganizationConfiguration"`
}

func describeOrgConfig(c *call, _ *empty) (*describeOrgConfigOut, *sandbox.Error) {
	if _, e := c.admin(); e != nil {
		return nil, e
	}
	oc := c.orgConfigOf(c.Region)
	return &describeOrgConfigOut{AutoEnable: oc.AutoEnable, AutoEnableStandards: oc.AutoEnableStandards,
		OrganizationConfiguration: orgConfigurationOut{ConfigurationType: oc.Type, Status: oc.Status}}, nil
}

// central checks the caller may use central configuration here: the
// Region's settled administrator, with CENTRAL enabled, in the home Region.
func (c *call) central() *sandbox.Error {
	a := c.st.Admins[c.Region]
	if a == nil || a.Account != c.Caller.AccountID {
		return accessDenied(msgNotCentral)
	}
	agg := c.st.Aggregators[c.Caller.AccountID]
	if agg == nil {
		return accessDenied(msgNotCentral)
	}
	if oc := c.st.OrgConfigs[agg.Region]; oc == nil || oc.Type != "CENTRAL" || oc.Status != "ENABLED" {
		return accessDenied(msgNotCentral)
	}
	if agg.Region != c.Region {
		return accessDenied(msgNotHome)
	}
	return nil
}
