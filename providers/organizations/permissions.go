package organizations

// The IAM actions this provider's requests need, for `orgctl iam-policy`.
// They are kept here, in one place, so that a change to the calls the
// provider makes and a change to the permissions it asks for are made
// together: TestPermissionsCoverCalls fails on a call this file does not
// declare, and the end-to-end least-privilege test in cmd/orgctl fails on
// an action declared here that no scenario makes, or made but not declared.

// ReadActions are the requests Read makes: everything plan and drift do,
// and how apply starts. None changes anything.
var ReadActions = []string{
	"sts:GetCallerIdentity",
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
}

// ApplyReadActions are the reads only Apply makes: finding the account
// requests of an interrupted run and following a request to its account.
var ApplyReadActions = []string{
	"organizations:ListCreateAccountStatus",
	"organizations:DescribeCreateAccountStatus",
	"organizations:DescribeAccount",
}

// WriteActions are the changes Apply makes.
var WriteActions = []string{
	"organizations:EnableAllFeatures",
	"organizations:EnablePolicyType",
	"organizations:DisablePolicyType",
	"organizations:EnableAWSServiceAccess",
	"organizations:CreateOrganizationalUnit",
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

// UnplannedActions are requests the provider has code for but that no
// plan can contain yet, so orgctl does not ask for them: trusted access
// not in the spec is reported, never disabled. Move an action to
// WriteActions when the engine starts planning it.
var UnplannedActions = []string{
	"organizations:DisableAWSServiceAccess",
}

// Implied is a permission AWS checks for what an action does on the
// caller's behalf. No request names it, so no request log shows it.
type Implied struct {
	Action    string
	Resource  string
	Condition map[string]map[string]string
}

// tagOnCreate: creating a resource with tags needs TagResource too.
var tagOnCreate = Implied{Action: "organizations:TagResource", Resource: "*"}

// ImpliedActions maps an action to the permissions it implies.
var ImpliedActions = map[string][]Implied{
	// With all features enabled, Organizations creates its service-linked
	// role when an account is created, as the caller.
	"organizations:CreateAccount": {
		tagOnCreate,
		{
			Action:    "iam:CreateServiceLinkedRole",
			Resource:  "arn:aws:iam::*:role/aws-service-role/organizations.amazonaws.com/*",
			Condition: map[string]map[string]string{"StringEquals": {"iam:AWSServiceName": "organizations.amazonaws.com"}},
		},
	},
	"organizations:CreateOrganizationalUnit": {tagOnCreate},
	"organizations:CreatePolicy":             {tagOnCreate},
}
