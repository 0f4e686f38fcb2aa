package fmspolicies

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	fp "github.com/orgctl/orgctl/services/fmspolicies"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: fp.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: []string{"fms:GetAdminAccount", "fms:ListPolicies", "fms:GetPolicy", "fms:ListTagsForResource",
			"organizations:DescribeOrganizationalUnit", "organizations:ListParents", "organizations:DescribeAccount"},
		Write: []string{"fms:PutPolicy", "fms:DeletePolicy", "fms:TagResource", "fms:UntagResource"},
		// The administrator makes and reads the policies, through
		// settings.crossAccountRole.
		CrossAccount: []string{"fms:ListPolicies", "fms:GetPolicy", "fms:ListTagsForResource",
			"fms:PutPolicy", "fms:DeletePolicy", "fms:TagResource", "fms:UntagResource"},
	},
}
