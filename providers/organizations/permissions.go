package organizations

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// The IAM actions this provider's requests need, for `orgctl iam-policy`.
// They are kept here, in one place, so that a change to the calls the
// provider makes and a change to the permissions it asks for are made
// together: TestPermissionsCoverCalls fails on a call this file does not
// declare, and the end-to-end least-privilege test in cmd/orgctl fails on
// an action declared here that no scenario makes, or made but not declared.

// Service declares the provider to the catalogue.
var Service = providers.Service{
	Name: orgs.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: readActions, ApplyRead: applyReadActions, Write: writeActions,
		Unplanned: unplannedActions, Implied: impliedActions,
	},
}

// readActions are the requests Read makes: everything plan and drift do,
// and how apply starts. None changes anything.
var readActions = []string{
	"organizations:DescribeOrganization",
	"organizations:ListRoots",
	"organizations:ListOrganizationalUnitsForParent",
	"organizations:ListAccounts",
	"organizations:ListAccountsForParent",
	"organizations:ListParents",
	"organizations:ListPolicies",
	"organizations:DescribePolicy",
	"organizations:ListTargetsForPolicy",
	"organizations:ListPoliciesForTarget",
	"organizations:ListTagsForResource",
	"organizations:ListAWSServiceAccessForOrganization",
	"organizations:ListDelegatedAdministrators",
	"organizations:ListDelegatedServicesForAccount",
	"organizations:ListHandshakesForOrganization",
}

// applyReadActions are the reads only Apply makes: finding the account
// requests of an interrupted run and following a request to its account.
var applyReadActions = []string{
	"organizations:ListCreateAccountStatus",
	"organizations:DescribeCreateAccountStatus",
	"organizations:DescribeAccount",
}

// writeActions are the changes Apply makes.
var writeActions = []string{
	"organizations:EnablePolicyType",
	"organizations:DisablePolicyType",
	"organizations:EnableAWSServiceAccess",
	"organizations:CreateOrganizationalUnit",
	"organizations:UpdateOrganizationalUnit",
	"organizations:DeleteOrganizationalUnit",
	"organizations:CreatePolicy",
	"organizations:UpdatePolicy",
	"organizations:DeletePolicy",
	"organizations:AttachPolicy",
	"organizations:DetachPolicy",
	"organizations:CreateAccount",
	"organizations:MoveAccount",
	"organizations:CloseAccount",
	"organizations:TagResource",
	"organizations:UntagResource",
	"organizations:RegisterDelegatedAdministrator",
	"organizations:DeregisterDelegatedAdministrator",
}

// unplannedActions are requests the provider has code for but that no
// plan can contain yet, so orgctl does not ask for them: trusted access
// not in the spec is reported, never disabled. Move an action to
// writeActions when the engine starts planning it.
var unplannedActions = []string{
	"organizations:DisableAWSServiceAccess",
}

// tagOnCreate: creating a resource with tags needs TagResource too.
var tagOnCreate = providers.Implied{Action: "organizations:TagResource", Resource: "*"}

// impliedActions maps an action to the permissions it implies.
var impliedActions = map[string][]providers.Implied{
	// With all features enabled, Organizations creates its service-linked
	// role when an account is created, as the caller.
	"organizations:CreateAccount": {
		tagOnCreate,
		providers.Implied{
			Action:    "iam:CreateServiceLinkedRole",
			Resource:  "arn:aws:iam::*:role/aws-service-role/organizations.amazonaws.com/*",
			Condition: map[string]map[string]string{"StringEquals": {"iam:AWSServiceName": "organizations.amazonaws.com"}},
		},
	},
	"organizations:CreateOrganizationalUnit": {tagOnCreate},
	"organizations:CreatePolicy":             {tagOnCreate},
}
