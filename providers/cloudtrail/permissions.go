package cloudtrail

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	ct "github.com/orgctl/orgctl/services/cloudtrail"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: ct.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: []string{
			"cloudtrail:DescribeTrails",
			"cloudtrail:GetTrailStatus",
			"cloudtrail:ListTags",
		},
		Write: []string{
			"cloudtrail:CreateTrail",
			"cloudtrail:UpdateTrail",
			"cloudtrail:StartLogging",
			"cloudtrail:AddTags",
			"cloudtrail:RemoveTags",
			"cloudtrail:DeleteTrail",
		},
		// An organization trail is checked against Organizations, and
		// CloudTrail makes its service-linked role, as the caller.
		Implied: map[string][]providers.Implied{
			"cloudtrail:CreateTrail": {
				{Action: "organizations:ListAWSServiceAccessForOrganization", Resource: "*"},
				{Action: "iam:GetRole", Resource: "arn:aws:iam::*:role/aws-service-role/cloudtrail.amazonaws.com/*"},
				{
					Action:    "iam:CreateServiceLinkedRole",
					Resource:  "arn:aws:iam::*:role/aws-service-role/cloudtrail.amazonaws.com/*",
					Condition: map[string]map[string]string{"StringEquals": {"iam:AWSServiceName": "cloudtrail.amazonaws.com"}},
				},
			},
		},
	},
}
