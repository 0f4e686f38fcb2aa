package fmspolicies

// Firewall Manager's policy types orgctl manages, and what each takes
// (the API reference's Policy.ResourceType and
// SecurityServicePolicyData.ManagedServiceData pages).

// Types lists the policy types, as Firewall Manager names them.
var Types = []string{"WAFV2", "SECURITY_GROUPS_COMMON", "SECURITY_GROUPS_CONTENT_AUDIT", "SECURITY_GROUPS_USAGE_AUDIT", "NETWORK_FIREWALL", "DNS_FIREWALL"}

// ResourceTypes lists, per policy type, the resource types it may protect.
var ResourceTypes = map[string][]string{
	"WAFV2":                         {"AWS::ApiGateway::Stage", "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::CloudFront::Distribution"},
	"SECURITY_GROUPS_COMMON":        {"AWS::EC2::Instance", "AWS::EC2::NetworkInterface"},
	"SECURITY_GROUPS_CONTENT_AUDIT": {"AWS::EC2::SecurityGroup", "AWS::EC2::NetworkInterface", "AWS::EC2::Instance"},
	"SECURITY_GROUPS_USAGE_AUDIT":   {"AWS::EC2::SecurityGroup"},
	"NETWORK_FIREWALL":              {"AWS::EC2::VPC"},
	"DNS_FIREWALL":                  {"AWS::EC2::VPC"},
}

// Required lists, per policy type, the keys its managed service data must
// have besides type.
var Required = map[string][]string{
	"WAFV2":                         {"preProcessRuleGroups", "postProcessRuleGroups", "defaultAction"},
	"SECURITY_GROUPS_COMMON":        {"securityGroups"},
	"SECURITY_GROUPS_CONTENT_AUDIT": {"securityGroups"},
	"SECURITY_GROUPS_USAGE_AUDIT":   nil,
	"NETWORK_FIREWALL":              {"networkFirewallStatelessDefaultActions", "networkFirewallStatelessFragmentDefaultActions"},
	"DNS_FIREWALL":                  {"preProcessRuleGroups", "postProcessRuleGroups"},
}

// Defaults are the top-level settings Firewall Manager adds to a policy's
// managed service data when they are left out, at their default value:
// normalising drops them where they hold it.
var Defaults = map[string]map[string]any{
	"WAFV2": {"overrideCustomerWebACLAssociation": false, "sampledRequestsEnabledForDefaultActions": false},
	"SECURITY_GROUPS_COMMON": {"revertManualSecurityGroupChanges": false, "exclusiveResourceSecurityGroupManagement": false,
		"applyToAllEC2InstanceENIs": false, "includeSharedVPC": false},
	"SECURITY_GROUPS_USAGE_AUDIT": {"deleteUnusedSecurityGroups": false, "coalesceRedundantSecurityGroups": false},
}

// CloudFront is the resource type Firewall Manager protects only from
// us-east-1 (CloudFront is global).
const CloudFront = "AWS::CloudFront::Distribution"
