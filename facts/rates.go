package facts

// Throttle is an operation's token bucket: RPS requests a second on
// average, Burst at once.
type Throttle struct {
	RPS   float64
	Burst int
}

// OrganizationsThrottles are the per-account token buckets of the
// Organizations operations orgctl calls, from the "Throttling limits"
// section of the Organizations quotas page. AWS also keeps an
// organization-wide bucket for some (DescribeAccount 24/36, ListAccounts
// 9/15, ListParents 6/10, ...), never tighter than the account's, so one
// caller meets the account's first. Operations not listed have no
// published limit.
var OrganizationsThrottles = map[string]Throttle{
	"DescribeAccount":                     {20, 30},
	"ListAccounts":                        {8, 12},
	"ListChildren":                        {6, 10},
	"ListParents":                         {5, 8},
	"ListAccountsForParent":               {5, 8},
	"ListOrganizationalUnitsForParent":    {5, 8},
	"ListRoots":                           {1, 2},
	"DescribeOrganization":                {1, 2},
	"CreateOrganizationalUnit":            {1, 2},
	"MoveAccount":                         {2, 3},
	"UpdateOrganizationalUnit":            {2, 3},
	"DeleteOrganizationalUnit":            {2, 3},
	"DescribeOrganizationalUnit":          {2, 2},
	"CreatePolicy":                        {2, 3},
	"DeletePolicy":                        {2, 3},
	"AttachPolicy":                        {2, 3},
	"DetachPolicy":                        {2, 3},
	"UpdatePolicy":                        {2, 3},
	"DescribePolicy":                      {2, 2},
	"ListPolicies":                        {5, 8},
	"ListPoliciesForTarget":               {5, 8},
	"ListTargetsForPolicy":                {5, 8},
	"EnablePolicyType":                    {1, 1},
	"DisablePolicyType":                   {1, 1},
	"EnableAWSServiceAccess":              {1, 2},
	"DisableAWSServiceAccess":             {1, 2},
	"RegisterDelegatedAdministrator":      {1, 2},
	"DeregisterDelegatedAdministrator":    {1, 2},
	"ListDelegatedAdministrators":         {5, 8},
	"ListAWSServiceAccessForOrganization": {1, 3},
	"TagResource":                         {4, 6},
	"UntagResource":                       {4, 6},
	"ListTagsForResource":                 {10, 15},
	"CreateAccount":                       {0.1, 3},
	"CloseAccount":                        {0.05, 1},
	"DescribeCreateAccountStatus":         {2, 2},
}

// AccountThrottles are the per-account token buckets of the Account
// Management operations on Regions, from the Account Management quotas
// page ("Rate of ... requests per account"). The page also allows 6
// Region opt-in changes in progress per account and 50 per organization;
// orgctl starts none.
var AccountThrottles = map[string]Throttle{
	"ListRegions":        {5, 5},
	"GetRegionOptStatus": {5, 5},
	"EnableRegion":       {1, 1},
	"DisableRegion":      {1, 1},
}
