package account

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	acct "github.com/orgctl/orgctl/services/account"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: acct.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: []string{
			"organizations:ListAccounts",
			"account:GetRegionOptStatus",
			"account:ListRegions",
		},
		// Each administrator reads its own Regions, through
		// settings.crossAccountRole.
		CrossAccount: []string{
			"account:ListRegions",
		},
	},
}
