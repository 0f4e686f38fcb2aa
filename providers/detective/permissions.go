package detective

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	dt "github.com/orgctl/orgctl/services/detective"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: dt.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: []string{
			"detective:ListOrganizationAdminAccounts",
			"detective:DescribeOrganizationConfiguration",
			// Who is enrolled: with --members, and before enrolling.
			"detective:ListMembers",
			"organizations:ListAccounts",
		},
		ApplyRead: []string{"detective:ListGraphs"},
		Write: []string{
			"detective:EnableOrganizationAdminAccount",
			"detective:DisableOrganizationAdminAccount",
			"detective:UpdateOrganizationConfiguration",
			"detective:CreateMembers",
		},
		// As the administrator, through settings.crossAccountRole.
		CrossAccount: []string{
			"detective:ListGraphs",
			"detective:DescribeOrganizationConfiguration",
			"detective:UpdateOrganizationConfiguration",
			"detective:ListMembers",
			"detective:CreateMembers",
		},
		// Detective registers its administrator with Organizations and
		// makes its service-linked role, as the caller (AWS's managed
		// policy AmazonDetectiveOrganizationsAccess grants these).
		Implied: map[string][]providers.Implied{
			"detective:EnableOrganizationAdminAccount": {
				{Action: "organizations:RegisterDelegatedAdministrator", Resource: "*"},
				{Action: "organizations:ListDelegatedAdministrators", Resource: "*"},
				{Action: "organizations:EnableAWSServiceAccess", Resource: "*"},
				{Action: "organizations:DescribeOrganization", Resource: "*"},
				{
					Action:    "iam:CreateServiceLinkedRole",
					Resource:  "arn:aws:iam::*:role/aws-service-role/detective.amazonaws.com/*",
					Condition: map[string]map[string]string{"StringEquals": {"iam:AWSServiceName": "detective.amazonaws.com"}},
				},
			},
			"detective:DisableOrganizationAdminAccount": {
				{Action: "organizations:DeregisterDelegatedAdministrator", Resource: "*"},
			},
		},
	},
}
