package auditmanager

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	am "github.com/orgctl/orgctl/services/auditmanager"
)

// Service declares the provider to the catalogue. The IAM actions are
// kept here, next to the code that makes the requests:
// TestPermissionsCoverCalls fails on a call not declared, or declared and
// no longer made.
var Service = providers.Service{
	Name: am.Name,
	New:  func(env providers.Env) engine.Provider { return New(env) },
	Permissions: providers.Permissions{
		Read: []string{
			"auditmanager:GetOrganizationAdminAccount",
			"auditmanager:GetAccountStatus",
		},
		Write: []string{
			"auditmanager:RegisterOrganizationAdminAccount",
			"auditmanager:DeregisterOrganizationAdminAccount",
			"auditmanager:RegisterAccount",
		},
		// As the administrator, through settings.crossAccountRole.
		CrossAccount: []string{
			"auditmanager:GetAccountStatus",
			"auditmanager:RegisterAccount",
		},
		// Audit Manager registers its administrator with Organizations as
		// the caller.
		Implied: map[string][]providers.Implied{
			"auditmanager:RegisterOrganizationAdminAccount": {
				{Action: "organizations:RegisterDelegatedAdministrator", Resource: "*"},
				{Action: "organizations:ListDelegatedAdministrators", Resource: "*"},
				{Action: "organizations:DescribeOrganization", Resource: "*"},
				{Action: "organizations:DescribeAccount", Resource: "*"},
			},
			"auditmanager:DeregisterOrganizationAdminAccount": {
				{Action: "organizations:DeregisterDelegatedAdministrator", Resource: "*"},
			},
		},
	},
}
