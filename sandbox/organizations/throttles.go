package organizations

import "github.com/orgctl/orgctl/sandbox"

// throttles are the per-account token buckets AWS publishes for
// Organizations operations, in the "Throttling limits" section of its
// quotas page; a request takes a token from its operation's bucket and
// from the service's. The organization-wide buckets AWS keeps for some of
// them are never tighter than the account's, so a single caller meets
// these first. A test pins this copy to orgctl's (facts).
var throttles = map[string]sandbox.Rate{
	"DescribeAccount":                     {RPS: 20, Burst: 30},
	"ListAccounts":                        {RPS: 8, Burst: 12},
	"ListChildren":                        {RPS: 6, Burst: 10},
	"ListParents":                         {RPS: 5, Burst: 8},
	"ListAccountsForParent":               {RPS: 5, Burst: 8},
	"ListOrganizationalUnitsForParent":    {RPS: 5, Burst: 8},
	"ListRoots":                           {RPS: 1, Burst: 2},
	"DescribeOrganization":                {RPS: 1, Burst: 2},
	"CreateOrganizationalUnit":            {RPS: 1, Burst: 2},
	"MoveAccount":                         {RPS: 2, Burst: 3},
	"UpdateOrganizationalUnit":            {RPS: 2, Burst: 3},
	"DeleteOrganizationalUnit":            {RPS: 2, Burst: 3},
	"DescribeOrganizationalUnit":          {RPS: 2, Burst: 2},
	"CreatePolicy":                        {RPS: 2, Burst: 3},
	"DeletePolicy":                        {RPS: 2, Burst: 3},
	"AttachPolicy":                        {RPS: 2, Burst: 3},
	"DetachPolicy":                        {RPS: 2, Burst: 3},
	"UpdatePolicy":                        {RPS: 2, Burst: 3},
	"DescribePolicy":                      {RPS: 2, Burst: 2},
	"ListPolicies":                        {RPS: 5, Burst: 8},
	"ListPoliciesForTarget":               {RPS: 5, Burst: 8},
	"ListTargetsForPolicy":                {RPS: 5, Burst: 8},
	"EnablePolicyType":                    {RPS: 1, Burst: 1},
	"DisablePolicyType":                   {RPS: 1, Burst: 1},
	"EnableAWSServiceAccess":              {RPS: 1, Burst: 2},
	"DisableAWSServiceAccess":             {RPS: 1, Burst: 2},
	"RegisterDelegatedAdministrator":      {RPS: 1, Burst: 2},
	"DeregisterDelegatedAdministrator":    {RPS: 1, Burst: 2},
	"ListDelegatedAdministrators":         {RPS: 5, Burst: 8},
	"ListAWSServiceAccessForOrganization": {RPS: 1, Burst: 3},
	"TagResource":                         {RPS: 4, Burst: 6},
	"UntagResource":                       {RPS: 4, Burst: 6},
	"ListTagsForResource":                 {RPS: 10, Burst: 15},
	"CreateAccount":                       {RPS: 0.1, Burst: 3},
	"CloseAccount":                        {RPS: 0.05, Burst: 1},
	"DescribeCreateAccountStatus":         {RPS: 2, Burst: 2},
}
