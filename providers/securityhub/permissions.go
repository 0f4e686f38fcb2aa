package securityhub

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	sh "github.com/orgctl/orgctl/services/securityhub"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: sh.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: []string{
			"securityhub:ListOrganizationAdminAccounts",
			"securityhub:ListFindingAggregators",
			"securityhub:GetFindingAggregator",
			"securityhub:DescribeOrganizationConfiguration",
			"securityhub:ListConfigurationPolicies",
			"securityhub:GetConfigurationPolicy",
			"securityhub:ListTagsForResource",
			"securityhub:ListConfigurationPolicyAssociations",
		},
		Write: []string{
			"securityhub:EnableOrganizationAdminAccount",
			"securityhub:DisableOrganizationAdminAccount",
			"securityhub:CreateFindingAggregator",
			"securityhub:UpdateFindingAggregator",
			"securityhub:DeleteFindingAggregator",
			"securityhub:UpdateOrganizationConfiguration",
			"securityhub:CreateConfigurationPolicy",
			"securityhub:UpdateConfigurationPolicy",
			"securityhub:DeleteConfigurationPolicy",
			"securityhub:TagResource",
			"securityhub:StartConfigurationPolicyAssociation",
			"securityhub:StartConfigurationPolicyDisassociation",
		},
		// As the administrator, through settings.crossAccountRole.
		CrossAccount: []string{
			"securityhub:ListFindingAggregators",
			"securityhub:GetFindingAggregator",
			"securityhub:DescribeOrganizationConfiguration",
			"securityhub:ListConfigurationPolicies",
			"securityhub:GetConfigurationPolicy",
			"securityhub:ListTagsForResource",
			"securityhub:ListConfigurationPolicyAssociations",
			"securityhub:CreateFindingAggregator",
			"securityhub:UpdateFindingAggregator",
			"securityhub:DeleteFindingAggregator",
			"securityhub:UpdateOrganizationConfiguration",
			"securityhub:CreateConfigurationPolicy",
			"securityhub:UpdateConfigurationPolicy",
			"securityhub:DeleteConfigurationPolicy",
			"securityhub:TagResource",
			"securityhub:StartConfigurationPolicyAssociation",
			"securityhub:StartConfigurationPolicyDisassociation",
		},
		// Security Hub registers its administrator with Organizations, and
		// makes its service-linked role, as the caller.
		Implied: map[string][]providers.Implied{
			"securityhub:EnableOrganizationAdminAccount": {
				{Action: "organizations:RegisterDelegatedAdministrator", Resource: "*"},
				{Action: "organizations:ListDelegatedAdministrators", Resource: "*"},
				{Action: "organizations:EnableAWSServiceAccess", Resource: "*"},
				{Action: "organizations:ListAWSServiceAccessForOrganization", Resource: "*"},
				{Action: "organizations:DescribeOrganization", Resource: "*"},
				{
					Action:    "iam:CreateServiceLinkedRole",
					Resource:  "arn:aws:iam::*:role/aws-service-role/securityhub.amazonaws.com/*",
					Condition: map[string]map[string]string{"StringEquals": {"iam:AWSServiceName": "securityhub.amazonaws.com"}},
				},
			},
			"securityhub:DisableOrganizationAdminAccount": {
				{Action: "organizations:DeregisterDelegatedAdministrator", Resource: "*"},
			},
		},
	},
}
