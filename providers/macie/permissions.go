package macie

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	mc "github.com/orgctl/orgctl/services/macie"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: mc.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: []string{
			"macie2:ListOrganizationAdminAccounts",
			"macie2:DescribeOrganizationConfiguration",
			// Who is enrolled: with --members, and before enrolling.
			"macie2:ListMembers",
			"organizations:ListAccounts",
		},
		Write: []string{
			"macie2:EnableOrganizationAdminAccount",
			"macie2:DisableOrganizationAdminAccount",
			"macie2:UpdateOrganizationConfiguration",
			"macie2:CreateMember",
		},
		// As the administrator, through settings.crossAccountRole.
		CrossAccount: []string{
			"macie2:DescribeOrganizationConfiguration",
			"macie2:UpdateOrganizationConfiguration",
			"macie2:ListMembers",
			"macie2:CreateMember",
		},
		// Macie registers its administrator with Organizations and makes
		// its service-linked role, as the caller.
		Implied: map[string][]providers.Implied{
			"macie2:EnableOrganizationAdminAccount": {
				{Action: "organizations:RegisterDelegatedAdministrator", Resource: "*"},
				{Action: "organizations:ListDelegatedAdministrators", Resource: "*"},
				{Action: "organizations:EnableAWSServiceAccess", Resource: "*"},
				{Action: "organizations:DescribeOrganization", Resource: "*"},
				{
					Action:    "iam:CreateServiceLinkedRole",
					Resource:  "arn:aws:iam::*:role/aws-service-role/macie.amazonaws.com/*",
					Condition: map[string]map[string]string{"StringEquals": {"iam:AWSServiceName": "macie.amazonaws.com"}},
				},
			},
			"macie2:DisableOrganizationAdminAccount": {
				{Action: "organizations:DeregisterDelegatedAdministrator", Resource: "*"},
			},
		},
	},
}
