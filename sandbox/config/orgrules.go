package config

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// Organization Config rules: PutOrganizationConfigRule (AWS managed
// rules), DescribeOrganizationConfigRules, DeleteOrganizationConfigRule,
// DescribeOrganizationConfigRuleStatuses and
// GetOrganizationConfigRuleDetailedStatus; the caller's, in its Region.

// maxOrgRules is AWS Config's quota of organization Config rules
// (configlimits: 150 per organization).
const maxOrgRules = 150

var (
	reRuleName  = regexp.MustCompile(`.*\S.*`)
	frequencies = []string{"One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"}
)

type managedMetadata struct {
	RuleIdentifier            *string  `json:"RuleIdentifier"`
	Description               string   `json:"Description,omitempty"`
	InputParameters           string   `json:"InputParameters,omitempty"`
	MaximumExecutionFrequency string   `json:"MaximumExecutionFrequency,omitempty"`
	ResourceTypesScope        []string `json:"ResourceTypesScope,omitempty"`
	ResourceIdScope           string   `json:"ResourceIdScope,omitempty"`
	TagKeyScope               string   `json:"TagKeyScope,omitempty"`
	TagValueScope             string   `json:"TagValueScope,omitempty"`
}

type orgRule struct {
	Name      string          `json:"name"`
	Account   string          `json:"account"`
	Region    string          `json:"region"`
	Arn       string          `json:"arn"`
	Managed   managedMetadata `json:"managed"`
	Excluded  []string        `json:"excluded,omitempty"`
	Tags      []tag           `json:"tags,omitempty"`
	UpdatedAt time.Time       `json:"updatedAt"`
	Seq       int64           `json:"seq"`
	Deploy    deployment      `json:"deploy"`
}

type putRuleInput struct {
	OrganizationConfigRuleName           *string          `json:"OrganizationConfigRuleName"`
	OrganizationManagedRuleMetadata      *managedMetadata `json:"OrganizationManagedRuleMetadata"`
	OrganizationCustomRuleMetadata       any              `json:"OrganizationCustomRuleMetadata"`
	OrganizationCustomPolicyRuleMetadata any              `json:"OrganizationCustomPolicyRuleMetadata"`
	ExcludedAccounts                     []string         `json:"ExcludedAccounts"`
	Tags                                 []tag            `json:"Tags"`
}

func checkRuleName(name *string, member string) *sandbox.Error {
	switch {
	case name == nil:
		return validation("null", member, "Member must not be null")
	case len(*name) < 1 || len(*name) > 64:
		return validation(*name, member, "Member must have length less than or equal to 64")
	case !reRuleName.MatchString(*name):
		return validation(*name, member, `Member must satisfy regular expression pattern: .*\S.*`)
	}
	return nil
}

// checkManaged checks a managed rule's metadata against the model.
func checkManaged(m *managedMetadata) *sandbox.Error {
	const at = "organizationManagedRuleMetadata."
	switch {
	case m.RuleIdentifier == nil:
		return validation("null", at+"ruleIdentifier", "Member must not be null")
	case len(*m.RuleIdentifier) < 1 || len(*m.RuleIdentifier) > 256:
		return validation(*m.RuleIdentifier, at+"ruleIdentifier", "Member must have length less than or equal to 256")
	case len(m.Description) > 256:
		return validation(m.Description, at+"description", "Member must have length less than or equal to 256")
	case len(m.InputParameters) > 2048:
		return validation("...", at+"inputParameters", "Member must have length less than or equal to 2048")
	case m.MaximumExecutionFrequency != "" && !slices.Contains(frequencies, m.MaximumExecutionFrequency):
		return validation(m.MaximumExecutionFrequency, at+"maximumExecutionFrequency", "Member must satisfy enum value set: [One_Hour, Six_Hours, Three_Hours, Twelve_Hours, TwentyFour_Hours]")
	case len(m.ResourceTypesScope) > 100:
		return validation("[...]", at+"resourceTypesScope", "Member must have length less than or equal to 100")
	}
	if m.InputParameters != "" {
		var doc map[string]any
		if json.Unmarshal([]byte(m.InputParameters), &doc) != nil {
			return cfgError("InvalidParameterValueException", "Invalid json %s passed in the InputParameters field", m.InputParameters)
		}
	}
	return nil
}

func (c *call) rulesOf() []*orgRule {
	var out []*orgRule
	for _, r := range c.st.OrgRules {
		if r.Account == c.Caller.AccountID && r.Region == c.Region && !c.purged(r.Deploy) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

func (c *call) rule(name string) *orgRule {
	r := c.st.OrgRules[key(c.Caller.AccountID, c.Region, name)]
	if r == nil || c.purged(r.Deploy) {
		return nil
	}
	return r
}

func putOrgRule(c *call, in *putRuleInput) (*struct {
	OrganizationConfigRuleArn string `json:"OrganizationConfigRuleArn"`
}, *sandbox.Error) {
	if e := checkRuleName(in.OrganizationConfigRuleName, "organizationConfigRuleName"); e != nil {
		return nil, e
	}
	switch {
	case in.OrganizationCustomRuleMetadata != nil || in.OrganizationCustomPolicyRuleMetadata != nil:
		if in.OrganizationManagedRuleMetadata != nil {
			return nil, cfgError("ValidationException", "Specify only one of OrganizationManagedRuleMetadata, OrganizationCustomRuleMetadata or OrganizationCustomPolicyRuleMetadata.")
		}
		return nil, cfgError("ValidationException", "The sandbox emulates organization rules of AWS managed rules only: give OrganizationManagedRuleMetadata.")
	case in.OrganizationManagedRuleMetadata == nil:
		return nil, cfgError("ValidationException", "Specify one of OrganizationManagedRuleMetadata, OrganizationCustomRuleMetadata or OrganizationCustomPolicyRuleMetadata.")
	}
	if e := checkManaged(in.OrganizationManagedRuleMetadata); e != nil {
		return nil, e
	}
	if e := checkExcluded(in.ExcludedAccounts); e != nil {
		return nil, e
	}
	if e := c.orgOwner(); e != nil {
		return nil, e
	}
	name := *in.OrganizationConfigRuleName
	r := c.rule(name)
	op := "UPDATE"
	switch {
	case r != nil && r.Deploy.busy(c):
		return nil, cfgError("ResourceInUseException", "The organization config rule %s is being deployed or deleted. Try your request again later.", name)
	case r == nil:
		if len(c.rulesOf()) >= maxOrgRules {
			return nil, cfgError("MaxNumberOfOrganizationConfigRulesExceededException",
				"You have reached the limit (%d) of the number of organization config rules in an organization.", maxOrgRules)
		}
		c.st.Seq++
		op = "CREATE"
		r = &orgRule{Name: name, Account: c.Caller.AccountID, Region: c.Region, Seq: c.st.Seq, Tags: in.Tags,
			Arn: "arn:aws:config:" + c.Region + ":" + c.Caller.AccountID + ":organization-config-rule/" + name + "-" + sandbox.RandString(sandbox.LowerAlnum, 8)}
		c.st.OrgRules[key(c.Caller.AccountID, c.Region, name)] = r
	}
	r.Managed, r.Excluded, r.UpdatedAt = *in.OrganizationManagedRuleMetadata, in.ExcludedAccounts, c.Now
	r.Deploy = c.start(op, in.ExcludedAccounts)
	return &struct {
		OrganizationConfigRuleArn string `json:"OrganizationConfigRuleArn"`
	}{r.Arn}, nil
}

func (c *call) namedRules(names []string) ([]*orgRule, *sandbox.Error) {
	if len(names) > 25 {
		return nil, validation("[...]", "organizationConfigRuleNames", "Member must have length less than or equal to 25")
	}
	if len(names) == 0 {
		return c.rulesOf(), nil
	}
	var out []*orgRule
	for _, n := range names {
		if e := checkRuleName(&n, "organizationConfigRuleNames.member"); e != nil {
			return nil, e
		}
		r := c.rule(n)
		if r == nil {
			return nil, cfgError("NoSuchOrganizationConfigRuleException", "The organization config rule %s does not exist. Check the rule name and try again.", n)
		}
		out = append(out, r)
	}
	return out, nil
}

type ruleOut struct {
	OrganizationConfigRuleName      string           `json:"OrganizationConfigRuleName"`
	OrganizationConfigRuleArn       string           `json:"OrganizationConfigRuleArn"`
	OrganizationManagedRuleMetadata *managedMetadata `json:"OrganizationManagedRuleMetadata"`
	ExcludedAccounts                []string         `json:"ExcludedAccounts,omitempty"`
	LastUpdateTime                  *sandbox.Epoch   `json:"LastUpdateTime"`
}

type rulesOut struct {
	OrganizationConfigRules []ruleOut `json:"OrganizationConfigRules"`
	NextToken               *string   `json:"NextToken,omitempty"`
}

func describeOrgRules(c *call, in *namesInput) (*rulesOut, *sandbox.Error) {
	rules, next, e := c.pageRules(in, "orgrules")
	if e != nil {
		return nil, e
	}
	out := &rulesOut{OrganizationConfigRules: []ruleOut{}, NextToken: next}
	for _, r := range rules {
		m := r.Managed
		out.OrganizationConfigRules = append(out.OrganizationConfigRules, ruleOut{OrganizationConfigRuleName: r.Name, OrganizationConfigRuleArn: r.Arn,
			OrganizationManagedRuleMetadata: &m, ExcludedAccounts: r.Excluded, LastUpdateTime: sandbox.EpochOf(r.UpdatedAt)})
	}
	return out, nil
}

// pageNamed checks a Describe of organization conformance packs or rules
// (limit, caller), finds those it names (named) and returns the page its
// token asks for. scope keeps each operation's tokens to itself.
func pageNamed[T any](c *call, in *namesInput, scope string, named func() ([]T, *sandbox.Error)) ([]T, *string, *sandbox.Error) {
	size, e := pageSize(in.Limit)
	if e == nil {
		e = c.orgOwner()
	}
	if e != nil {
		return nil, nil, e
	}
	all, e := named()
	if e != nil {
		return nil, nil, e
	}
	start, end, next, ok := c.Page(scope+"|"+c.Caller.AccountID+"|"+c.Region, len(all), size, in.NextToken)
	if !ok {
		return nil, nil, cfgError("InvalidNextTokenException", "The nextToken provided is invalid")
	}
	return all[start:end], next, nil
}

// pageRules is pageNamed for rules.
func (c *call) pageRules(in *namesInput, scope string) ([]*orgRule, *string, *sandbox.Error) {
	return pageNamed(c, in, scope, func() ([]*orgRule, *sandbox.Error) { return c.namedRules(in.OrganizationConfigRuleNames) })
}

type ruleStatusesOut struct {
	OrganizationConfigRuleStatuses []statusOut `json:"OrganizationConfigRuleStatuses"`
	NextToken                      *string     `json:"NextToken,omitempty"`
}

func describeOrgRuleStatuses(c *call, in *namesInput) (*ruleStatusesOut, *sandbox.Error) {
	rules, next, e := c.pageRules(in, "orgrulestatus")
	if e != nil {
		return nil, e
	}
	out := &ruleStatusesOut{OrganizationConfigRuleStatuses: []statusOut{}, NextToken: next}
	for _, r := range rules {
		st, code, msg := r.Deploy.status(c)
		out.OrganizationConfigRuleStatuses = append(out.OrganizationConfigRuleStatuses, statusOut{
			OrganizationConfigRuleName: r.Name, OrganizationRuleStatus: st, ErrorCode: code, ErrorMessage: msg, LastUpdateTime: sandbox.EpochOf(r.UpdatedAt)})
	}
	return out, nil
}

type ruleMemberOut struct {
	AccountId               string         `json:"AccountId"`
	ConfigRuleName          string         `json:"ConfigRuleName"`
	MemberAccountRuleStatus string         `json:"MemberAccountRuleStatus"`
	ErrorCode               string         `json:"ErrorCode,omitempty"`
	ErrorMessage            string         `json:"ErrorMessage,omitempty"`
	LastUpdateTime          *sandbox.Epoch `json:"LastUpdateTime"`
}

type ruleDetailOut struct {
	OrganizationConfigRuleDetailedStatus []ruleMemberOut `json:"OrganizationConfigRuleDetailedStatus"`
	NextToken                            *string         `json:"NextToken,omitempty"`
}

func ruleDetailedStatus(c *call, in *detailedInput) (*ruleDetailOut, *sandbox.Error) {
	if e := checkRuleName(in.OrganizationConfigRuleName, "organizationConfigRuleName"); e != nil {
		return nil, e
	}
	rules, _, e := c.pageRules(&namesInput{OrganizationConfigRuleNames: []string{*in.OrganizationConfigRuleName}, Limit: in.Limit}, "ruledetail")
	if e != nil {
		return nil, e
	}
	r := rules[0]
	member := fmt.Sprintf("OrgConfigRule-%s-%s", r.Name, r.Arn[len(r.Arn)-8:])
	members, next, e := r.Deploy.pageMembers(c, in, r.Arn)
	if e != nil {
		return nil, e
	}
	out := &ruleDetailOut{OrganizationConfigRuleDetailedStatus: []ruleMemberOut{}, NextToken: next}
	for _, m := range members {
		out.OrganizationConfigRuleDetailedStatus = append(out.OrganizationConfigRuleDetailedStatus, ruleMemberOut{
			AccountId: m.Account, ConfigRuleName: member, MemberAccountRuleStatus: m.Status, ErrorCode: m.ErrorCode, ErrorMessage: m.ErrorMessage,
			LastUpdateTime: sandbox.EpochOf(r.UpdatedAt)})
	}
	return out, nil
}

type deleteRuleInput struct {
	OrganizationConfigRuleName *string `json:"OrganizationConfigRuleName"`
}

func deleteOrgRule(c *call, in *deleteRuleInput) (*struct{}, *sandbox.Error) {
	if e := checkRuleName(in.OrganizationConfigRuleName, "organizationConfigRuleName"); e != nil {
		return nil, e
	}
	if e := c.orgOwner(); e != nil {
		return nil, e
	}
	r := c.rule(*in.OrganizationConfigRuleName)
	switch {
	case r == nil:
		return nil, cfgError("NoSuchOrganizationConfigRuleException", "The organization config rule %s does not exist. Check the rule name and try again.", *in.OrganizationConfigRuleName)
	case r.Deploy.busy(c):
		return nil, cfgError("ResourceInUseException", "The organization config rule %s is being deployed or deleted. Try your request again later.", r.Name)
	}
	r.Deploy = c.start("DELETE", r.Excluded)
	r.UpdatedAt = c.Now
	return &struct{}{}, nil
}
