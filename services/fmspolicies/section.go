package fmspolicies

// FirewallPolicies are AWS Firewall Manager policies, made by Firewall Manager's
// administrator (security.firewallManager.admin, else security.admin) in
// every region of settings.regions, or of a policy's own regions. They
// need security.firewallManager. A policy orgctl did not make (tagged
// managed-by=orgctl) is left alone and shown as unmanaged.
type FirewallPolicies []FirewallPolicy

// FirewallPolicy is one Firewall Manager policy, named uniquely in the spec.
type FirewallPolicy struct {
	// Name of the policy, as Firewall Manager shows it; it identifies the
	// policy in each region.
	Name string `json:"name" jsonschema:"minLength=1,maxLength=1024"`
	// Description of the policy.
	Description string `json:"description,omitempty" jsonschema:"maxLength=256"`
	// Type is the security service the policy keeps in place.
	Type string `json:"type" jsonschema:"enum=WAFV2,enum=SECURITY_GROUPS_COMMON,enum=SECURITY_GROUPS_CONTENT_AUDIT,enum=SECURITY_GROUPS_USAGE_AUDIT,enum=NETWORK_FIREWALL,enum=DNS_FIREWALL"`
	// ResourceTypes the policy protects or audits, as CloudFormation names
	// them (AWS::ElasticLoadBalancingV2::LoadBalancer); which are allowed
	// depends on the type.
	ResourceTypes []string `json:"resourceTypes" jsonschema:"minItems=1"`
	// ManagedServiceData is the policy's settings for its security
	// service, written as YAML: orgctl sends it as Firewall Manager's JSON
	// string and compares it with what AWS returns once both are
	// normalised (nulls, empty lists and the defaults AWS fills in do not
	// count). Its type, when written, must be the policy's type.
	ManagedServiceData any `json:"managedServiceData" jsonschema:"type=object"`
	// Remediation has Firewall Manager fix non-compliant resources, not
	// only report them. Turning it off is destructive.
	Remediation bool `json:"remediation,omitempty"`
	// DeleteUnusedResources has Firewall Manager remove its protections
	// from resources that leave the policy's scope.
	DeleteUnusedResources bool `json:"deleteUnusedResources,omitempty"`
	// Include limits the policy to these OUs and accounts (and the
	// accounts below the OUs). Not with exclude.
	Include *PolicyScope `json:"include,omitempty"`
	// Exclude applies the policy to every account but these. Not with
	// include.
	Exclude *PolicyScope `json:"exclude,omitempty"`
	// ResourceTags limit the policy to resources with these tags (or,
	// with excludeResourceTags, to those without them). At most 8.
	ResourceTags map[string]string `json:"resourceTags,omitempty"`
	// ExcludeResourceTags makes resourceTags exclude the resources that
	// carry them.
	ExcludeResourceTags bool `json:"excludeResourceTags,omitempty"`
	// Regions where the policy is made, when not all of settings.regions;
	// each one of settings.regions.
	Regions []string `json:"regions,omitempty" jsonschema:"minItems=1"`
	// DeleteResourcesOnDelete has Firewall Manager, when orgctl deletes the
	// policy, also delete what the policy made in the accounts (web ACLs,
	// security groups, firewalls) and take its protections off resources.
	// orgctl records it on the policy as a tag, so a policy removed from
	// the spec keeps the choice.
	DeleteResourcesOnDelete bool `json:"deleteResourcesOnDelete,omitempty"`
	// Overrides change the policy in some of its regions, keyed by region
	// (eu-west-1: {managedServiceData: ...}): each field written there
	// replaces the policy's own in that region, whole (a managedServiceData
	// is not merged; include or exclude replaces the policy's scope).
	Overrides map[string]Override `json:"overrides,omitempty"`
}

// Override is what a policy is in one region where it differs. Its type,
// name and regions are the policy's.
type Override struct {
	// Description in this region.
	Description *string `json:"description,omitempty" jsonschema:"maxLength=256"`
	// ResourceTypes in this region.
	ResourceTypes []string `json:"resourceTypes,omitempty" jsonschema:"minItems=1"`
	// ManagedServiceData in this region, whole.
	ManagedServiceData any `json:"managedServiceData,omitempty" jsonschema:"type=object"`
	// Remediation in this region.
	Remediation *bool `json:"remediation,omitempty"`
	// DeleteUnusedResources in this region.
	DeleteUnusedResources *bool `json:"deleteUnusedResources,omitempty"`
	// Include in this region, instead of the policy's include or exclude.
	Include *PolicyScope `json:"include,omitempty"`
	// Exclude in this region, instead of the policy's include or exclude.
	Exclude *PolicyScope `json:"exclude,omitempty"`
	// ResourceTags in this region ({} for none).
	ResourceTags map[string]string `json:"resourceTags,omitempty"`
	// ExcludeResourceTags in this region.
	ExcludeResourceTags *bool `json:"excludeResourceTags,omitempty"`
}

// PolicyScope names OUs (by path: Workloads/Prod) and accounts (by name) of the
// spec; orgctl sends their IDs.
type PolicyScope struct {
	// OUs by path, as organizationalUnits nests them.
	OUs []string `json:"ous,omitempty"`
	// Accounts by name.
	Accounts []string `json:"accounts,omitempty"`
}
