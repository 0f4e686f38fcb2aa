package inspector

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	ins "github.com/orgctl/orgctl/services/inspector"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: ins.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: []string{
			"inspector2:ListDelegatedAdminAccounts",
			"inspector2:DescribeOrganizationConfiguration",
			// Who is enrolled: with --members, and before enrolling.
			"inspector2:ListMembers",
			"inspector2:BatchGetAccountStatus",
			"organizations:ListAccounts",
		},
		Write: []string{
			"inspector2:EnableDelegatedAdminAccount",
			"inspector2:DisableDelegatedAdminAccount",
			"inspector2:UpdateOrganizationConfiguration",
			"inspector2:Enable",
			"inspector2:AssociateMember",
		},
		// As the administrator, through settings.crossAccountRole.
		CrossAccount: []string{
			"inspector2:DescribeOrganizationConfiguration",
			"inspector2:UpdateOrganizationConfiguration",
			"inspector2:ListMembers",
			"inspector2:BatchGetAccountStatus",
			"inspector2:AssociateMember",
			"inspector2:Enable",
		},
		// Inspector registers its administrator with Organizations, and
		// makes its service-linked role, as the caller.
		Implied: map[string][]providers.Implied{
			"inspector2:EnableDelegatedAdminAccount": {
				{Action: "organizations:RegisterDelegatedAdministrator", Resource: "*"},
				{Action: "organizations:ListDelegatedAdministrators", Resource: "*"},
				{Action: "organizations:EnableAWSServiceAccess", Resource: "*"},
				{Action: "organizations:ListAWSServiceAccessForOrganization", Resource: "*"},
				{Action: "organizations:DescribeOrganization", Resource: "*"},
				{Action: "organizations:DescribeAccount", Resource: "*"},
				{
					Action:    "iam:CreateServiceLinkedRole",
					Resource:  "arn:aws:iam::*:role/aws-service-role/inspector2.amazonaws.com/*",
					Condition: map[string]map[string]string{"StringEquals": {"iam:AWSServiceName": "inspector2.amazonaws.com"}},
				},
			},
			"inspector2:DisableDelegatedAdminAccount": {
				{Action: "organizations:DeregisterDelegatedAdministrator", Resource: "*"},
			},
		},
	},
}
