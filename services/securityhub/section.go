package securityhub

// SecurityHub turns on AWS Security Hub CSPM for the whole organization
// with central configuration: the security account (security.admin)
// administers it in every region of settings.regions, aggregates findings
// in one Region, and configures every account from there through
// configuration policies.
type SecurityHub struct {
	// Aggregation is where findings are aggregated and the configuration
	// policies live (Security Hub's home Region), and which Regions are
	// linked to it.
	Aggregation Aggregation `json:"aggregation,omitempty"`
	// Policies are the configuration policies, each associated with the
	// targets it lists. A target that no policy lists keeps what it
	// inherits from its parent.
	Policies []ConfigurationPolicy `json:"policies,omitempty"`
}

// Aggregation is Security Hub's finding aggregator.
type Aggregation struct {
	// Region is the aggregation (home) Region, one of settings.regions.
	// Default settings.homeRegion.
	Region string `json:"region,omitempty" jsonschema:"pattern=^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$,example=us-east-1"`
	// Regions linked to it: all (every Region Security Hub supports,
	// future ones included) or a list of Regions of settings.regions.
	// Default: the other governed regions.
	Regions any `json:"regions,omitempty" jsonschema:"oneof_type=string;array"`
}

// ConfigurationPolicy is a Security Hub configuration policy: Security Hub enabled,
// with the standards listed, every control on but those disabled.
type ConfigurationPolicy struct {
	// Name of the policy, unique in the spec: letters, digits and - . ! * /
	// (1-128 characters).
	Name string `json:"name" jsonschema:"minLength=1,maxLength=128,pattern=^[A-Za-z0-9\\-.!*/]+$"`
	// Description of the policy (up to 512 characters).
	Description string `json:"description,omitempty" jsonschema:"maxLength=512"`
	// Standards enabled, by name and version as AWS writes them:
	// aws-foundational-security-best-practices/v/1.0.0,
	// cis-aws-foundations-benchmark/v/3.0.0, nist-800-53/v/5.0.0, ...
	Standards []string `json:"standards,omitempty" jsonschema:"uniqueItems=true"`
	// DisabledControls are the security controls turned off, by ID
	// (IAM.6); every other control, new ones included, is on.
	DisabledControls []string `json:"disabledControls,omitempty" jsonschema:"uniqueItems=true"`
	// ControlParameters set the parameters of controls that take them, by
	// control ID and parameter name: {IAM.7: {MaxPasswordAge: 90}}.
	ControlParameters map[string]map[string]any `json:"controlParameters,omitempty"`
	// Targets the policy is associated with: Root, OU paths
	// (Workloads/Prod) or account names. A target takes one policy.
	Targets []string `json:"targets,omitempty" jsonschema:"uniqueItems=true"`
}
