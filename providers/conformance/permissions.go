package conformance

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	cp "github.com/orgctl/orgctl/services/conformance"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: cp.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: []string{
			"organizations:ListDelegatedAdministrators",
			"organizations:ListAccounts",
			"config:DescribeOrganizationConformancePacks",
			"config:DescribeOrganizationConformancePackStatuses",
			"config:DescribeOrganizationConfigRules",
			"config:DescribeOrganizationConfigRuleStatuses",
			"config:ListTagsForResource",
			"config:DescribeConfigurationRecorderStatus",
		},
		// Apply follows each deployment account by account.
		ApplyRead: []string{
			"config:GetOrganizationConformancePackDetailedStatus",
			"config:GetOrganizationConfigRuleDetailedStatus",
		},
		Write: []string{
			"config:PutOrganizationConformancePack",
			"config:DeleteOrganizationConformancePack",
			"config:PutOrganizationConfigRule",
			"config:DeleteOrganizationConfigRule",
			"config:TagResource",
		},
		// As the administrator, through settings.crossAccountRole; and in
		// each target account, before a deployment, whether it records.
		CrossAccount: []string{
			"config:DescribeConfigurationRecorderStatus",
			"config:DescribeOrganizationConformancePacks",
			"config:DescribeOrganizationConformancePackStatuses",
			"config:DescribeOrganizationConfigRules",
			"config:DescribeOrganizationConfigRuleStatuses",
			"config:GetOrganizationConformancePackDetailedStatus",
			"config:GetOrganizationConfigRuleDetailedStatus",
			"config:ListTagsForResource",
			"config:PutOrganizationConformancePack",
			"config:DeleteOrganizationConformancePack",
			"config:PutOrganizationConfigRule",
			"config:DeleteOrganizationConfigRule",
			"config:TagResource",
		},
		// AWS Config also checks the administrator's permissions for what
		// it does on its behalf: organizations:ListDelegatedAdministrators,
		// DescribeOrganization, ListAWSServiceAccessForOrganization,
		// EnableAWSServiceAccess, and iam:CreateServiceLinkedRole for
		// AWSServiceRoleForConfigMultiAccountSetup. Implied cannot yet
		// name actions of the cross-account role.
	},
}
