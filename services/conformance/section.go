package conformance

// ConformancePacks are AWS Config organization conformance packs, made by
// AWS Config's delegated administrator (security.config.admin, else
// security.admin) in every governed Region, or in a pack's own regions.
type ConformancePacks []ConformancePack

// ConfigRules are AWS Config organization rules of AWS managed rules,
// made by AWS Config's delegated administrator in every governed Region,
// or in a rule's own regions.
type ConfigRules []ConfigRule

// ConformancePack is an AWS Config organization conformance pack that
// AWS Config's delegated administrator (security.config.admin, else
// security.admin) deploys to every account of the organization, per
// Region. Member accounts need a configuration recorder already: orgctl
// does not create recorders, and an account without one fails the
// deployment (apply names it).
type ConformancePack struct {
	// Name of the pack: a letter, then letters, digits and hyphens (at
	// most 128).
	Name string `json:"name" jsonschema:"minLength=1,maxLength=128,pattern=^[a-zA-Z][-a-zA-Z0-9]*$"`
	// Template is the pack's CloudFormation-style YAML template, a file
	// path relative to the spec file; sent as the TemplateBody (at most
	// 51,200 bytes). AWS does not return it: orgctl tags the pack with the
	// template's hash, and the plan shows a different file as an update of
	// the pack's template.
	Template string `json:"template" jsonschema:"minLength=1"`
	// Regions to deploy to: all (every governed Region, settings.regions)
	// or a list of governed Regions. Default all.
	Regions any `json:"regions,omitempty" jsonschema:"oneof_type=string;array"`
	// Parameters are the template's input parameters, by name.
	Parameters map[string]string `json:"parameters,omitempty"`
	// Exclude leaves accounts out of the deployment.
	Exclude *Exclude `json:"exclude,omitempty"`
	// DeliveryBucket is the S3 bucket AWS Config stores the template in
	// (its name starts with awsconfigconforms); optional. orgctl does not
	// create it.
	DeliveryBucket string `json:"deliveryBucket,omitempty" jsonschema:"maxLength=63"`
	// DeliveryPrefix is the key prefix in DeliveryBucket.
	DeliveryPrefix string `json:"deliveryPrefix,omitempty" jsonschema:"maxLength=1024"`

	// body is the template's bytes, read when the spec is checked.
	body []byte
}

// ConfigRule is an AWS Config organization rule, an AWS managed rule that
// AWS Config's delegated administrator deploys to every account, per
// Region. Like conformance packs, it needs a configuration recorder in
// every member account.
type ConfigRule struct {
	// Name of the rule (at most 64 characters).
	Name string `json:"name" jsonschema:"minLength=1,maxLength=64"`
	// Identifier of the AWS managed rule: S3_BUCKET_PUBLIC_READ_PROHIBITED.
	Identifier string `json:"identifier" jsonschema:"minLength=1,maxLength=256"`
	// Description of the rule.
	Description string `json:"description,omitempty" jsonschema:"maxLength=256"`
	// Parameters are the managed rule's input parameters, sent as a JSON
	// object (at most 2,048 characters).
	Parameters map[string]any `json:"parameters,omitempty"`
	// MaximumExecutionFrequency of a periodic rule: One_Hour, Three_Hours,
	// Six_Hours, Twelve_Hours or TwentyFour_Hours.
	MaximumExecutionFrequency string `json:"maximumExecutionFrequency,omitempty" jsonschema:"enum=One_Hour,enum=Three_Hours,enum=Six_Hours,enum=Twelve_Hours,enum=TwentyFour_Hours"`
	// ResourceTypes the rule evaluates (AWS::S3::Bucket), at most 100;
	// default the managed rule's own.
	ResourceTypes []string `json:"resourceTypes,omitempty" jsonschema:"maxItems=100"`
	// Regions to deploy to: all (every governed Region) or a list of
	// governed Regions. Default all.
	Regions any `json:"regions,omitempty" jsonschema:"oneof_type=string;array"`
	// Exclude leaves accounts out of the deployment.
	Exclude *Exclude `json:"exclude,omitempty"`
}

// Exclude names accounts a deployment leaves out, by name or by the OU
// they are in (with the OUs below it). orgctl sends their IDs; AWS takes
// at most 1,000.
type Exclude struct {
	// Accounts by name.
	Accounts []string `json:"accounts,omitempty"`
	// OUs by path (Sandbox, Workloads/Dev).
	OUs []string `json:"ous,omitempty"`
}
