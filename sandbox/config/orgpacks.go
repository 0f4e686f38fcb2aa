package config

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/sandbox"
)

// Organization conformance packs: PutOrganizationConformancePack,
// DescribeOrganizationConformancePacks, DeleteOrganizationConformancePack,
// DescribeOrganizationConformancePackStatuses and
// GetOrganizationConformancePackDetailedStatus. A pack is its caller's
// (the management account's and the administrator's do not see each
// other's), in the caller's Region.

// maxOrgPacks is AWS Config's quota of organization conformance packs
// (configlimits: 50 per organization).
const (
	maxOrgPacks     = 50
	maxTemplateBody = 51200
)

var rePackName = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]*$`)

type orgPack struct {
	Name       string      `json:"name"`
	Account    string      `json:"account"`
	Region     string      `json:"region"`
	Arn        string      `json:"arn"`
	Template   string      `json:"template"`
	Parameters []packParam `json:"parameters,omitempty"`
	Bucket     string      `json:"bucket,omitempty"`
	Prefix     string      `json:"prefix,omitempty"`
	Excluded   []string    `json:"excluded,omitempty"`
	Tags       []tag       `json:"tags,omitempty"`
	UpdatedAt  time.Time   `json:"updatedAt"`
	Seq        int64       `json:"seq"`
	Deploy     deployment  `json:"deploy"`
}

type packParam struct {
	ParameterName  string `json:"ParameterName"`
	ParameterValue string `json:"ParameterValue"`
}

type putPackInput struct {
	OrganizationConformancePackName *string     `json:"OrganizationConformancePackName"`
	TemplateBody                    *string     `json:"TemplateBody"`
	TemplateS3Uri                   *string     `json:"TemplateS3Uri"`
	DeliveryS3Bucket                *string     `json:"DeliveryS3Bucket"`
	DeliveryS3KeyPrefix             *string     `json:"DeliveryS3KeyPrefix"`
	ConformancePackInputParameters  []packParam `json:"ConformancePackInputParameters"`
	ExcludedAccounts                []string    `json:"ExcludedAccounts"`
	Tags                            []tag       `json:"Tags"`
}

func checkPackName(name *string, member string) *sandbox.Error {
	switch {
	case name == nil:
		return validation("null", member, "Member must not be null")
	case len(*name) < 1 || len(*name) > 128:
		return validation(*name, member, "Member must have length less than or equal to 128")
	case !rePackName.MatchString(*name):
		return validation(*name, member, "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*")
	}
	return nil
}

// packsOf returns the caller's live packs in its region, oldest first.
func (c *call) packsOf() []*orgPack {
	var out []*orgPack
	for _, p := range c.st.OrgPacks {
		if p.Account == c.Caller.AccountID && p.Region == c.Region && !c.purged(p.Deploy) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// purged reports whether a deletion has finished: the pack or rule is
// gone.
func (c *call) purged(d deployment) bool { return d.Op == "DELETE" && d.done(c) }

func (c *call) pack(name string) *orgPack {
	p := c.st.OrgPacks[key(c.Caller.AccountID, c.Region, name)]
	if p == nil || c.purged(p.Deploy) {
		return nil
	}
	return p
}

func putOrgPack(c *call, in *putPackInput) (*struct {
	OrganizationConformancePackArn string `json:"OrganizationConformancePackArn"`
}, *sandbox.Error) {
	if e := checkPackName(in.OrganizationConformancePackName, "organizationConformancePackName"); e != nil {
		return nil, e
	}
	switch {
	case in.TemplateS3Uri != nil:
		return nil, cfgError("ValidationException", "The sandbox does not read templates from S3: send the TemplateBody.")
	case in.TemplateBody == nil:
		return nil, cfgError("ValidationException", "Template body is invalid. Provide either TemplateBody or TemplateS3Uri.")
	case len(*in.TemplateBody) < 1 || len(*in.TemplateBody) > maxTemplateBody:
		return nil, validation("...", "templateBody", "Member must have length less than or equal to 51200")
	case in.DeliveryS3Bucket != nil && len(*in.DeliveryS3Bucket) > 63:
		return nil, validation(*in.DeliveryS3Bucket, "deliveryS3Bucket", "Member must have length less than or equal to 63")
	case in.DeliveryS3Bucket != nil && *in.DeliveryS3Bucket != "" && !strings.HasPrefix(*in.DeliveryS3Bucket, "awsconfigconforms"):
		return nil, cfgError("ValidationException", "The delivery S3 bucket name must start with 'awsconfigconforms'.")
	case len(in.ConformancePackInputParameters) > 60:
		return nil, validation("[...]", "conformancePackInputParameters", "Member must have length less than or equal to 60")
	}
	if e := checkExcluded(in.ExcludedAccounts); e != nil {
		return nil, e
	}
	if e := checkTemplate(*in.TemplateBody); e != nil {
		return nil, e
	}
	if e := c.orgOwner(); e != nil {
		return nil, e
	}
	name := *in.OrganizationConformancePackName
	p := c.pack(name)
	op := "UPDATE"
	switch {
	case p != nil && p.Deploy.busy(c):
		return nil, cfgError("ResourceInUseException", "The organization conformance pack %s is being deployed or deleted. Try your request again later.", name)
	case p == nil:
		if len(c.packsOf()) >= maxOrgPacks {
			return nil, cfgError("MaxNumberOfOrganizationConformancePacksExceededException",
				"You have reached the limit (%d) of the number of organization conformance packs in an organization.", maxOrgPacks)
		}
		c.st.Seq++
		op = "CREATE"
		p = &orgPack{Name: name, Account: c.Caller.AccountID, Region: c.Region, Seq: c.st.Seq, Tags: in.Tags,
			Arn: "arn:aws:config:" + c.Region + ":" + c.Caller.AccountID + ":organization-conformance-pack/" + name + "-" + sandbox.RandString(sandbox.LowerAlnum, 8)}
		c.st.OrgPacks[key(c.Caller.AccountID, c.Region, name)] = p
	}
	p.Template, p.Parameters, p.Excluded, p.UpdatedAt = *in.TemplateBody, in.ConformancePackInputParameters, in.ExcludedAccounts, c.Now
	p.Bucket, p.Prefix = deref(in.DeliveryS3Bucket), deref(in.DeliveryS3KeyPrefix)
	p.Deploy = c.start(op, in.ExcludedAccounts)
	return &struct {
		OrganizationConformancePackArn string `json:"OrganizationConformancePackArn"`
	}{p.Arn}, nil
}

// checkTemplate: AWS refuses a body that is not a YAML (or JSON) mapping
// with Resources, with the modelled exception in the words AWS Config
// uses for a conformance pack template, around CloudFormation's own.
func checkTemplate(body string) *sandbox.Error {
	var t map[string]any
	reason := ""
	switch err := yaml.Unmarshal([]byte(body), &t); {
	case err != nil:
		reason = "Template format error: YAML not well-formed."
	case t["Resources"] == nil:
		reason = "Template format error: At least one Resources member must be defined."
	default:
		return nil
	}
	return cfgError("OrganizationConformancePackTemplateValidationException",
		"Invalid conformance pack template provided. Errors found: [%s]. Fix your template and try again.", reason)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

type namesInput struct {
	OrganizationConformancePackNames []string `json:"OrganizationConformancePackNames"`
	OrganizationConfigRuleNames      []string `json:"OrganizationConfigRuleNames"`
	Limit                            *int     `json:"Limit"`
	NextToken                        *string  `json:"NextToken"`
}

type packOut struct {
	OrganizationConformancePackName string         `json:"OrganizationConformancePackName"`
	OrganizationConformancePackArn  string         `json:"OrganizationConformancePackArn"`
	ConformancePackInputParameters  []packParam    `json:"ConformancePackInputParameters,omitempty"`
	DeliveryS3Bucket                string         `json:"DeliveryS3Bucket,omitempty"`
	DeliveryS3KeyPrefix             string         `json:"DeliveryS3KeyPrefix,omitempty"`
	ExcludedAccounts                []string       `json:"ExcludedAccounts,omitempty"`
	LastUpdateTime                  *sandbox.Epoch `json:"LastUpdateTime"`
}

// namedPacks are the caller's packs, or those named (each must exist).
func (c *call) namedPacks(names []string) ([]*orgPack, *sandbox.Error) {
	if len(names) > 25 {
		return nil, validation("[...]", "organizationConformancePackNames", "Member must have length less than or equal to 25")
	}
	if len(names) == 0 {
		return c.packsOf(), nil
	}
	var out []*orgPack
	for _, n := range names {
		if e := checkPackName(&n, "organizationConformancePackNames.member"); e != nil {
			return nil, e
		}
		p := c.pack(n)
		if p == nil {
			return nil, cfgError("NoSuchOrganizationConformancePackException", "One or more organization conformance packs with specified names are not present. Ensure your names are correct and try your request again later.")
		}
		out = append(out, p)
	}
	return out, nil
}

// pagePacks is pageNamed for conformance packs.
func (c *call) pagePacks(in *namesInput, scope string) ([]*orgPack, *string, *sandbox.Error) {
	return pageNamed(c, in, scope, func() ([]*orgPack, *sandbox.Error) { return c.namedPacks(in.OrganizationConformancePackNames) })
}

func describeOrgPacks(c *call, in *namesInput) (*struct {
	OrganizationConformancePacks []packOut `json:"OrganizationConformancePacks"`
	NextToken                    *string   `json:"NextToken,omitempty"`
}, *sandbox.Error) {
	packs, next, e := c.pagePacks(in, "orgpacks")
	if e != nil {
		return nil, e
	}
	out := &struct {
		OrganizationConformancePacks []packOut `json:"OrganizationConformancePacks"`
		NextToken                    *string   `json:"NextToken,omitempty"`
	}{OrganizationConformancePacks: []packOut{}, NextToken: next}
	for _, p := range packs {
		out.OrganizationConformancePacks = append(out.OrganizationConformancePacks, packOut{
			OrganizationConformancePackName: p.Name, OrganizationConformancePackArn: p.Arn,
			ConformancePackInputParameters: p.Parameters, DeliveryS3Bucket: p.Bucket, DeliveryS3KeyPrefix: p.Prefix,
			ExcludedAccounts: p.Excluded, LastUpdateTime: sandbox.EpochOf(p.UpdatedAt)})
	}
	return out, nil
}

type statusOut struct {
	OrganizationConformancePackName string         `json:"OrganizationConformancePackName,omitempty"`
	OrganizationConfigRuleName      string         `json:"OrganizationConfigRuleName,omitempty"`
	Status                          string         `json:"Status,omitempty"`
	OrganizationRuleStatus          string         `json:"OrganizationRuleStatus,omitempty"`
	ErrorCode                       string         `json:"ErrorCode,omitempty"`
	ErrorMessage                    string         `json:"ErrorMessage,omitempty"`
	LastUpdateTime                  *sandbox.Epoch `json:"LastUpdateTime"`
}

func describeOrgPackStatuses(c *call, in *namesInput) (*struct {
	OrganizationConformancePackStatuses []statusOut `json:"OrganizationConformancePackStatuses"`
	NextToken                           *string     `json:"NextToken,omitempty"`
}, *sandbox.Error) {
	packs, next, e := c.pagePacks(in, "orgpackstatus")
	if e != nil {
		return nil, e
	}
	out := &struct {
		OrganizationConformancePackStatuses []statusOut `json:"OrganizationConformancePackStatuses"`
		NextToken                           *string     `json:"NextToken,omitempty"`
	}{OrganizationConformancePackStatuses: []statusOut{}, NextToken: next}
	for _, p := range packs {
		st, code, msg := p.Deploy.status(c)
		out.OrganizationConformancePackStatuses = append(out.OrganizationConformancePackStatuses, statusOut{
			OrganizationConformancePackName: p.Name, Status: st, ErrorCode: code, ErrorMessage: msg, LastUpdateTime: sandbox.EpochOf(p.UpdatedAt)})
	}
	return out, nil
}

type detailedInput struct {
	OrganizationConformancePackName *string `json:"OrganizationConformancePackName"`
	OrganizationConfigRuleName      *string `json:"OrganizationConfigRuleName"`
	Filters                         *struct {
		AccountId               *string `json:"AccountId"`
		MemberAccountRuleStatus *string `json:"MemberAccountRuleStatus"`
		Status                  *string `json:"Status"`
	} `json:"Filters"`
	Limit     *int    `json:"Limit"`
	NextToken *string `json:"NextToken"`
}

type packMemberOut struct {
	AccountId           string         `json:"AccountId"`
	ConformancePackName string         `json:"ConformancePackName"`
	Status              string         `json:"Status"`
	ErrorCode           string         `json:"ErrorCode,omitempty"`
	ErrorMessage        string         `json:"ErrorMessage,omitempty"`
	LastUpdateTime      *sandbox.Epoch `json:"LastUpdateTime"`
}

func packDetailedStatus(c *call, in *detailedInput) (*struct {
	OrganizationConformancePackDetailedStatuses []packMemberOut `json:"OrganizationConformancePackDetailedStatuses"`
	NextToken                                   *string         `json:"NextToken,omitempty"`
}, *sandbox.Error) {
	if e := checkPackName(in.OrganizationConformancePackName, "organizationConformancePackName"); e != nil {
		return nil, e
	}
	packs, _, e := c.pagePacks(&namesInput{OrganizationConformancePackNames: []string{*in.OrganizationConformancePackName}, Limit: in.Limit}, "packdetail")
	if e != nil {
		return nil, e
	}
	p := packs[0]
	member := fmt.Sprintf("OrgConformsPack-%s-%s", p.Name, p.Arn[len(p.Arn)-8:])
	members, next, e := p.Deploy.pageMembers(c, in, p.Arn)
	if e != nil {
		return nil, e
	}
	out := &struct {
		OrganizationConformancePackDetailedStatuses []packMemberOut `json:"OrganizationConformancePackDetailedStatuses"`
		NextToken                                   *string         `json:"NextToken,omitempty"`
	}{OrganizationConformancePackDetailedStatuses: []packMemberOut{}, NextToken: next}
	for _, m := range members {
		out.OrganizationConformancePackDetailedStatuses = append(out.OrganizationConformancePackDetailedStatuses, packMemberOut{
			AccountId: m.Account, ConformancePackName: member, Status: m.Status, ErrorCode: m.ErrorCode, ErrorMessage: m.ErrorMessage,
			LastUpdateTime: sandbox.EpochOf(p.UpdatedAt)})
	}
	return out, nil
}

type deletePackInput struct {
	OrganizationConformancePackName *string `json:"OrganizationConformancePackName"`
}

func deleteOrgPack(c *call, in *deletePackInput) (*struct{}, *sandbox.Error) {
	if e := checkPackName(in.OrganizationConformancePackName, "organizationConformancePackName"); e != nil {
		return nil, e
	}
	if e := c.orgOwner(); e != nil {
		return nil, e
	}
	p := c.pack(*in.OrganizationConformancePackName)
	switch {
	case p == nil:
		return nil, cfgError("NoSuchOrganizationConformancePackException", "Could not find an OrganizationConformancePack for given name %s", *in.OrganizationConformancePackName)
	case p.Deploy.busy(c):
		return nil, cfgError("ResourceInUseException", "The organization conformance pack %s is being deployed or deleted. Try your request again later.", p.Name)
	}
	p.Deploy = c.start("DELETE", p.Excluded)
	p.UpdatedAt = c.Now
	return &struct{}{}, nil
}
