package guardduty

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	gd "github.com/orgctl/orgctl/services/guardduty"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: gd.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: []string{
			"guardduty:ListOrganizationAdminAccounts",
			"guardduty:ListDetectors",
			"guardduty:DescribeOrganizationConfiguration",
		},
		Write: []string{
			"guardduty:EnableOrganizationAdminAccount",
			"guardduty:DisableOrganizationAdminAccount",
			"guardduty:UpdateOrganizationConfiguration",
		},
		// As the administrator, through settings.crossAccountRole.
		CrossAccount: []string{
			"guardduty:ListDetectors",
			"guardduty:DescribeOrganizationConfiguration",
			"guardduty:UpdateOrganizationConfiguration",
		},
		// GuardDuty registers its administrator with Organizations, and
		// makes its service-linked role, as the caller.
		Implied: map[string][]providers.Implied{
			"guardduty:EnableOrganizationAdminAccount": {
				{Action: "organizations:RegisterDelegatedAdministrator", Resource: "*"},
				{Action: "organizations:ListDelegatedAdministrators", Resource: "*"},
				{Action: "organizations:EnableAWSServiceAccess", Resource: "*"},
				{Action: "organizations:ListAWSServiceAccessForOrganization", Resource: "*"},
				{Action: "organizations:DescribeOrganization", Resource: "*"},
				{
					Action:    "iam:CreateServiceLinkedRole",
					Resource:  "arn:aws:iam::*:role/aws-service-role/guardduty.amazonaws.com/*",
					Condition: map[string]map[string]string{"StringEquals": {"iam:AWSServiceName": "guardduty.amazonaws.com"}},
				},
			},
			"guardduty:DisableOrganizationAdminAccount": {
				{Action: "organizations:DeregisterDelegatedAdministrator", Resource: "*"},
			},
		},
	},
}
