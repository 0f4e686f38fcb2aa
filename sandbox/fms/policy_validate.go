package fms

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/sandbox"
	"github.com/orgctl/orgctl/sandbox/organizations"
)

// Firewall Manager's validation of a policy (the API reference's Policy,
// SecurityServicePolicyData and ManagedServiceData), for the policy types
// the sandbox emulates.

var resourceTypes = map[string][]string{
	"WAFV2":                         {"AWS::ApiGateway::Stage", "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::CloudFront::Distribution"},
	"SECURITY_GROUPS_COMMON":        {"AWS::EC2::Instance", "AWS::EC2::NetworkInterface"},
	"SECURITY_GROUPS_CONTENT_AUDIT": {"AWS::EC2::SecurityGroup", "AWS::EC2::NetworkInterface", "AWS::EC2::Instance"},
	"SECURITY_GROUPS_USAGE_AUDIT":   {"AWS::EC2::SecurityGroup"},
	"NETWORK_FIREWALL":              {"AWS::EC2::VPC"},
	"DNS_FIREWALL":                  {"AWS::EC2::VPC"},
}

// serviceTypes is the model's SecurityServiceType enum.
var serviceTypes = []string{"WAF", "WAFV2", "SHIELD_ADVANCED", "SECURITY_GROUPS_COMMON", "SECURITY_GROUPS_CONTENT_AUDIT",
	"SECURITY_GROUPS_USAGE_AUDIT", "NETWORK_FIREWALL", "DNS_FIREWALL", "THIRD_PARTY_FIREWALL", "IMPORT_NETWORK_FIREWALL", "NETWORK_ACL_COMMON"}

// required are the keys each type's managed service data must have.
var required = map[string][]string{
	"WAFV2":                         {"preProcessRuleGroups", "postProcessRuleGroups", "defaultAction"},
	"SECURITY_GROUPS_COMMON":        {"securityGroups"},
	"SECURITY_GROUPS_CONTENT_AUDIT": {"securityGroups"},
	"NETWORK_FIREWALL":              {"networkFirewallStatelessDefaultActions", "networkFirewallStatelessFragmentDefaultActions"},
	"DNS_FIREWALL":                  {"preProcessRuleGroups", "postProcessRuleGroups"},
}

// defaults are what Firewall Manager adds to managed service data left
// without them, as peers see it read back.
var defaults = map[string]map[string]any{
	"WAFV2": {"overrideCustomerWebACLAssociation": false, "sampledRequestsEnabledForDefaultActions": false, "loggingConfiguration": nil},
	"SECURITY_GROUPS_COMMON": {"revertManualSecurityGroupChanges": false, "exclusiveResourceSecurityGroupManagement": false,
		"applyToAllEC2InstanceENIs": false, "includeSharedVPC": false},
	"SECURITY_GROUPS_USAGE_AUDIT": {"deleteUnusedSecurityGroups": false, "coalesceRedundantSecurityGroups": false},
}

var rePolicyName = regexp.MustCompile(`^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`)

// cloudFront is protected from us-east-1 only, and only as a policy's
// one ResourceType.
const cloudFront = "AWS::CloudFront::Distribution"

func invalid(format string, args ...any) *sandbox.Error {
	return fmsError("InvalidInputException", format, args...)
}

// validatePolicy checks a policy as PutPolicy receives it.
func validatePolicy(c *call, w *policyWire) *sandbox.Error {
	switch {
	case w.PolicyName == nil:
		return invalid("1 validation error detected: Value null at 'policy.policyName' failed to satisfy constraint: Member must not be null")
	case len(*w.PolicyName) < 1 || len(*w.PolicyName) > 1024:
		return invalid("1 validation error detected: Value '%s' at 'policy.policyName' failed to satisfy constraint: Member must have length between 1 and 1024", *w.PolicyName)
	case !rePolicyName.MatchString(*w.PolicyName):
		return invalid("1 validation error detected: Value '%s' at 'policy.policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$", *w.PolicyName)
	case w.SecurityServicePolicyData == nil || w.SecurityServicePolicyData.Type == nil:
		return invalid("1 validation error detected: Value null at 'policy.securityServicePolicyData.type' failed to satisfy constraint: Member must not be null")
	case !slices.Contains(serviceTypes, *w.SecurityServicePolicyData.Type):
		return invalid("1 validation error detected: Value '%s' at 'policy.securityServicePolicyData.type' failed to satisfy constraint: Member must satisfy enum value set: [%s]",
			*w.SecurityServicePolicyData.Type, strings.Join(serviceTypes, ", "))
	case w.ResourceType == nil:
		return invalid("1 validation error detected: Value null at 'policy.resourceType' failed to satisfy constraint: Member must not be null")
	case w.ExcludeResourceTags == nil:
		return invalid("1 validation error detected: Value null at 'policy.excludeResourceTags' failed to satisfy constraint: Member must not be null")
	case w.RemediationEnabled == nil:
		return invalid("1 validation error detected: Value null at 'policy.remediationEnabled' failed to satisfy constraint: Member must not be null")
	case len(w.ResourceTags) > 8:
		return invalid("1 validation error detected: Value at 'policy.resourceTags' failed to satisfy constraint: Member must have length less than or equal to 8")
	case w.PolicyDescription != nil && len(*w.PolicyDescription) > 256:
		return invalid("1 validation error detected: Value at 'policy.policyDescription' failed to satisfy constraint: Member must have length less than or equal to 256")
	}
	typ := *w.SecurityServicePolicyData.Type
	allowed, emulated := resourceTypes[typ]
	if !emulated {
		return invalid("The sandbox does not emulate %s policies.", typ)
	}
	rts := []string{*w.ResourceType}
	if *w.ResourceType == "ResourceTypeList" {
		if len(w.ResourceTypeList) == 0 {
			return invalid("ResourceTypeList must not be empty when ResourceType is ResourceTypeList.")
		}
		rts = w.ResourceTypeList
	}
	for _, rt := range rts {
		if rt == cloudFront && *w.ResourceType == "ResourceTypeList" {
			return invalid(`Resource ["%s"] can not be in the CoralResourceTypeList, use CoralResourceType instead.`, rt)
		}
		if !slices.Contains(allowed, rt) {
			return invalid("Resource type %s is not supported for policy type %s.", rt, typ)
		}
		if rt == cloudFront && c.Region != homeRegion {
			return invalid("Resource type %s is supported only in the %s Region.", rt, homeRegion)
		}
	}
	for _, m := range []map[string][]string{w.IncludeMap, w.ExcludeMap} {
		if e := checkMap(c, m); e != nil {
			return e
		}
	}
	if w.SecurityServicePolicyData.ManagedServiceData == nil {
		return invalid("ManagedServiceData is required for policy type %s.", typ)
	}
	return checkData(typ, *w.SecurityServicePolicyData.ManagedServiceData)
}

// checkMap checks an include or exclude map: ACCOUNT and ORG_UNIT keys
// naming accounts and OUs of the organization.
func checkMap(c *call, m map[string][]string) *sandbox.Error {
	org := organizations.Of(c.Call)
	for k, ids := range m {
		switch k {
		case "ACCOUNT":
			for _, id := range ids {
				if !reAccountID.MatchString(id) || !org.IsMember(id) {
					return invalid("Account %s is not a member of your AWS Organization.", id)
				}
			}
		case "ORG_UNIT":
			for _, id := range ids {
				if !org.IsOU(id) {
					return invalid("Organizational unit %s is not in your AWS Organization.", id)
				}
			}
		default:
			return invalid("1 validation error detected: Value '%s' at 'policy.includeMap/excludeMap' failed to satisfy constraint: Member must satisfy enum value set: [ACCOUNT, ORG_UNIT]", k)
		}
	}
	return nil
}

// checkData checks managed service data: a JSON object of the policy's
// type, with the keys the type needs.
func checkData(typ, data string) *sandbox.Error {
	var m map[string]any
	if err := json.Unmarshal([]byte(data), &m); err != nil || m == nil {
		return invalid("Invalid ManagedServiceData: it is not a valid JSON object.")
	}
	if t, _ := m["type"].(string); t != typ {
		return invalid("Invalid ManagedServiceData: its type %v does not match the policy's security service type %s.", m["type"], typ)
	}
	for _, k := range required[typ] {
		if _, ok := m[k]; !ok {
			return invalid("Invalid ManagedServiceData for %s: %s is required.", typ, k)
		}
	}
	if typ == "WAFV2" {
		a, _ := m["defaultAction"].(map[string]any)
		if t, _ := a["type"].(string); t != "ALLOW" && t != "BLOCK" {
			return invalid("Invalid ManagedServiceData for WAFV2: defaultAction.type must be ALLOW or BLOCK.")
		}
		for _, k := range []string{"preProcessRuleGroups", "postProcessRuleGroups"} {
			if _, ok := m[k].([]any); !ok {
				return invalid("Invalid ManagedServiceData for WAFV2: %s must be a list.", k)
			}
		}
	}
	return nil
}

// fillData is managed service data as Firewall Manager stores it: its
// defaults added, and each WAFv2 rule group's blank fields written out.
func fillData(typ, data string) (string, *sandbox.Error) {
	d := json.NewDecoder(strings.NewReader(data))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return "", invalid("Invalid ManagedServiceData: it is not a valid JSON object.")
	}
	for k, v := range defaults[typ] {
		if _, ok := m[k]; !ok {
			m[k] = v
		}
	}
	if typ == "WAFV2" {
		for _, k := range []string{"preProcessRuleGroups", "postProcessRuleGroups"} {
			groups, _ := m[k].([]any)
			for _, g := range groups {
				if g, ok := g.(map[string]any); ok {
					for f, v := range map[string]any{"ruleGroupArn": nil, "excludeRules": []any{}, "managedRuleGroupIdentifier": nil} {
						if _, ok := g[f]; !ok {
							g[f] = v
						}
					}
				}
			}
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(m)
	return strings.TrimSpace(b.String()), nil
}
