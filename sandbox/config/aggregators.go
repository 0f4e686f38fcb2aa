package config

import (
	"regexp"
	"slices"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// Aggregators: PutConfigurationAggregator, DescribeConfigurationAggregators,
// DeleteConfigurationAggregator. An aggregator lives in its account and
// region.

// principal is AWS Config's service principal for aggregators.
const principal = "config.amazonaws.com"

// maxAggregators is AWS Config's quota of aggregators per account and
// region (Service Quotas: "Maximum number of configuration aggregators").
const maxAggregators = 50

var (
	reName      = regexp.MustCompile(`^[\w\-]+$`)
	reAccountID = regexp.MustCompile(`^\d{12}$`)
	reRoleName  = regexp.MustCompile(`^([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$`)
	reRoleArn   = regexp.MustCompile(`^arn:aws:iam::(\d{12}):role/(.+)$`)
)

type orgSource struct {
	RoleArn       *string  `json:"RoleArn"`
	AwsRegions    []string `json:"AwsRegions"`
	AllAwsRegions *bool    `json:"AllAwsRegions"`
}

type putInput struct {
	ConfigurationAggregatorName   *string    `json:"ConfigurationAggregatorName"`
	AccountAggregationSources     []any      `json:"AccountAggregationSources"`
	OrganizationAggregationSource *orgSource `json:"OrganizationAggregationSource"`
	Tags                          []tag      `json:"Tags"`
	AggregatorFilters             any        `json:"AggregatorFilters"`
}

type aggregatorOut struct {
	ConfigurationAggregatorName   string         `json:"ConfigurationAggregatorName"`
	ConfigurationAggregatorArn    string         `json:"ConfigurationAggregatorArn"`
	OrganizationAggregationSource orgSourceOut   `json:"OrganizationAggregationSource"`
	CreationTime                  *sandbox.Epoch `json:"CreationTime"`
	LastUpdatedTime               *sandbox.Epoch `json:"LastUpdatedTime"`
}

type orgSourceOut struct {
	RoleArn       string   `json:"RoleArn"`
	AwsRegions    []string `json:"AwsRegions,omitempty"`
	AllAwsRegions bool     `json:"AllAwsRegions"`
}

func (a *aggregator) out() aggregatorOut {
	return aggregatorOut{
		ConfigurationAggregatorName: a.Name, ConfigurationAggregatorArn: a.Arn,
		OrganizationAggregationSource: orgSourceOut{RoleArn: a.RoleArn, AwsRegions: a.Regions, AllAwsRegions: a.AllRegions},
		CreationTime:                  sandbox.EpochOf(a.CreatedAt), LastUpdatedTime: sandbox.EpochOf(a.UpdatedAt),
	}
}

type putOut struct {
	ConfigurationAggregator aggregatorOut `json:"ConfigurationAggregator"`
}

// checkName checks an aggregator's name against the model.
func checkName(name *string, member string) *sandbox.Error {
	switch {
	case name == nil:
		return validation("null", member, "Member must not be null")
	case len(*name) < 1 || len(*name) > 256:
		return validation(*name, member, "Member must have length less than or equal to 256")
	case !reName.MatchString(*name):
		return validation(*name, member, `Member must satisfy regular expression pattern: [\w\-]+`)
	}
	return nil
}

// organizationCaller checks the caller may make an organization
// aggregator: the management account or Config's delegated administrator,
// in an organization with all features and trusted access for Config.
func (c *call) organizationCaller() *sandbox.Error {
	org := organizations.Of(c.Call)
	switch {
	case !org.IsActiveMember(c.Caller.AccountID):
		return cfgError("NoAvailableOrganizationException", msgNoOrganization)
	case org.FeatureSet() != "ALL":
		return cfgError("OrganizationAllFeaturesNotEnabledException", msgAllFeatures)
	case c.Caller.AccountID != org.ManagementAccountID() && !org.IsDelegatedAdministrator(c.Caller.AccountID, principal):
		return cfgError("OrganizationAccessDeniedException", msgNotDelegated)
	case !org.TrustedAccess(principal):
		return cfgError("OrganizationAccessDeniedException", msgNoServiceAccess)
	}
	return nil
}

// putAggregator creates or replaces the caller's organization aggregator
// of that name in its region. Tags are taken at creation only.
func putAggregator(c *call, in *putInput) (*putOut, *sandbox.Error) {
	if e := checkName(in.ConfigurationAggregatorName, "configurationAggregatorName"); e != nil {
		return nil, e
	}
	src := in.OrganizationAggregationSource
	switch {
	case len(in.AccountAggregationSources) > 1:
		return nil, validation("[...]", "accountAggregationSources", "Member must have length less than or equal to 1")
	case len(in.AccountAggregationSources) > 0 && src != nil:
		return nil, cfgError("InvalidParameterValueException", "Specify either an account aggregation source or an organization aggregation source, not both.")
	case len(in.AccountAggregationSources) > 0:
		return nil, cfgError("InvalidParameterValueException", "The sandbox emulates organization aggregators only: give an OrganizationAggregationSource.")
	case src == nil:
		return nil, cfgError("InvalidParameterValueException", "Specify an account aggregation source or an organization aggregation source.")
	case src.RoleArn == nil:
		return nil, validation("null", "organizationAggregationSource.roleArn", "Member must not be null")
	}
	all := src.AllAwsRegions != nil && *src.AllAwsRegions
	switch {
	case all && len(src.AwsRegions) > 0:
		return nil, cfgError("InvalidParameterValueException", "Your request contains both AwsRegions and AllAwsRegions. Specify only one of them.")
	case !all && len(src.AwsRegions) == 0:
		return nil, cfgError("InvalidParameterValueException", "Your request contains neither AwsRegions nor AllAwsRegions. Specify one of them.")
	}
	for _, r := range src.AwsRegions {
		if rg, ok := facts.LookupRegion(r); !ok || rg.Partition != "aws" {
			return nil, cfgError("InvalidParameterValueException", "The region %s is not a valid AWS Config region.", r)
		}
	}
	if e := c.organizationCaller(); e != nil {
		return nil, e
	}
	m := reRoleArn.FindStringSubmatch(*src.RoleArn)
	if m == nil || !reRoleName.MatchString(m[2]) || !stored.Get(c.Call).hasRole(m[1], m[2]) {
		return nil, errInvalidRole(*src.RoleArn)
	}
	k := key(c.Caller.AccountID, c.Region, *in.ConfigurationAggregatorName)
	a := c.st.Aggregators[k]
	if a == nil {
		if len(c.st.of(c.Caller.AccountID, c.Region)) >= maxAggregators {
			return nil, cfgError("LimitExceededException", msgLimit)
		}
		c.st.Seq++
		a = &aggregator{Name: *in.ConfigurationAggregatorName, Account: c.Caller.AccountID, Region: c.Region,
			Arn:       "arn:aws:config:" + c.Region + ":" + c.Caller.AccountID + ":config-aggregator/config-aggregator-" + sandbox.RandString(sandbox.LowerAlnum, 8),
			CreatedAt: c.Now, Seq: c.st.Seq, Tags: in.Tags}
		c.st.Aggregators[k] = a
	}
	a.RoleArn, a.AllRegions, a.UpdatedAt = *src.RoleArn, all, c.Now
	a.Regions = nil
	if !all {
		a.Regions = slices.Clone(src.AwsRegions)
	}
	return &putOut{ConfigurationAggregator: a.out()}, nil
}

type describeInput struct {
	ConfigurationAggregatorNames []string `json:"ConfigurationAggregatorNames"`
	NextToken                    *string  `json:"NextToken"`
	Limit                        *int     `json:"Limit"`
}

type describeOut struct {
	ConfigurationAggregators []aggregatorOut `json:"ConfigurationAggregators"`
	NextToken                *string         `json:"NextToken,omitempty"`
}

// describeAggregators lists the caller's aggregators in its region, or
// those named (every one must exist), a page of Limit (0-10, 0 meaning 10).
func describeAggregators(c *call, in *describeInput) (*describeOut, *sandbox.Error) {
	if len(in.ConfigurationAggregatorNames) > 10 {
		return nil, validation("[...]", "configurationAggregatorNames", "Member must have length less than or equal to 10")
	}
	size := 10
	if in.Limit != nil {
		if *in.Limit < 0 || *in.Limit > 10 {
			return nil, cfgError("InvalidLimitException", "The limit %d is outside the allowable range of 0 to 10.", *in.Limit)
		}
		if *in.Limit > 0 {
			size = *in.Limit
		}
	}
	all := c.st.of(c.Caller.AccountID, c.Region)
	if len(in.ConfigurationAggregatorNames) > 0 {
		var named []*aggregator
		for _, n := range in.ConfigurationAggregatorNames {
			if e := checkName(&n, "configurationAggregatorNames.member"); e != nil {
				return nil, e
			}
			a := c.st.Aggregators[key(c.Caller.AccountID, c.Region, n)]
			if a == nil {
				return nil, cfgError("NoSuchConfigurationAggregatorException", msgNoAggregator)
			}
			named = append(named, a)
		}
		all = named
	}
	start, end, next, ok := c.Page("aggregators|"+c.Caller.AccountID+"|"+c.Region, len(all), size, in.NextToken)
	if !ok {
		return nil, cfgError("InvalidNextTokenException", "The nextToken provided is invalid")
	}
	out := &describeOut{ConfigurationAggregators: []aggregatorOut{}, NextToken: next}
	for _, a := range all[start:end] {
		out.ConfigurationAggregators = append(out.ConfigurationAggregators, a.out())
	}
	return out, nil
}

type deleteInput struct {
	ConfigurationAggregatorName *string `json:"ConfigurationAggregatorName"`
}

// deleteAggregator deletes one of the caller's aggregators.
func deleteAggregator(c *call, in *deleteInput) (*struct{}, *sandbox.Error) {
	if e := checkName(in.ConfigurationAggregatorName, "configurationAggregatorName"); e != nil {
		return nil, e
	}
	k := key(c.Caller.AccountID, c.Region, *in.ConfigurationAggregatorName)
	if c.st.Aggregators[k] == nil {
		return nil, cfgError("NoSuchConfigurationAggregatorException", msgNoAggregator)
	}
	delete(c.st.Aggregators, k)
	return &struct{}{}, nil
}
