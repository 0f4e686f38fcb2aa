package config

// AWSConfig registers the security account (security.admin) as AWS
// Config's delegated administrator for the organization, for
// aggregators and for organization rules and conformance packs, and
// keeps the organization aggregator that account holds in the home
// region.
type AWSConfig struct {
	// Admin names the account that administers AWS Config, when it is not
	// security.admin. Never the management account.
	Admin string `json:"admin,omitempty" jsonschema:"minLength=1,maxLength=50"`
	// Aggregator is the organization aggregator in the administrator
	// account's home region. Without it, orgctl registers the administrator
	// and leaves aggregators alone.
	Aggregator *ConfigAggregator `json:"aggregator,omitempty"`
}

// ConfigAggregator is an AWS Config aggregator over every account of the
// organization.
type ConfigAggregator struct {
	// Name of the aggregator: letters, digits, _ and -. Default
	// "organization".
	Name string `json:"name,omitempty" jsonschema:"pattern=^[A-Za-z0-9_-]{1\\,256}$"`
	// RoleName is the IAM role AWS Config assumes to read the
	// organization, in the administrator account (a path may lead it:
	// service-role/OrgConfigAggregator). orgctl does not create it: it
	// must trust config.amazonaws.com and have the AWS managed policy
	// AWSConfigRoleForOrganizations attached.
	RoleName string `json:"roleName" jsonschema:"minLength=1,maxLength=512"`
	// Regions the aggregator collects from: all (every Region AWS Config
	// has, those it opens later included) or a list of Regions. Default
	// the governed Regions (settings.regions).
	Regions any `json:"regions,omitempty" jsonschema:"oneof_type=string;array"`
}
