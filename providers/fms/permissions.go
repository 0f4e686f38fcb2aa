package fms

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	fm "github.com/orgctl/orgctl/services/fms"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: fm.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read:  []string{"fms:GetAdminAccount"},
		Write: []string{"fms:AssociateAdminAccount", "fms:DisassociateAdminAccount"},
		// The administrator removes itself, through settings.crossAccountRole
		// (Firewall Manager then deregisters it from Organizations, which
		// Implied cannot yet say of a cross-account action).
		CrossAccount: []string{"fms:DisassociateAdminAccount"},
		// Firewall Manager registers its administrator with Organizations,
		// and makes its service-linked role, as the caller.
		Implied: map[string][]providers.Implied{
			"fms:AssociateAdminAccount": {
				{Action: "organizations:DescribeOrganization", Resource: "*"},
				{Action: "organizations:ListAccounts", Resource: "*"},
				{Action: "organizations:RegisterDelegatedAdministrator", Resource: "*"},
				{Action: "organizations:ListDelegatedAdministrators", Resource: "*"},
				{Action: "organizations:EnableAWSServiceAccess", Resource: "*"},
				{
					Action:    "iam:CreateServiceLinkedRole",
					Resource:  "arn:aws:iam::*:role/aws-service-role/fms.amazonaws.com/*",
					Condition: map[string]map[string]string{"StringEquals": {"iam:AWSServiceName": "fms.amazonaws.com"}},
				},
			},
		},
	},
}
