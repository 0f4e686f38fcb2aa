package inspector

import (
	"testing"

	"github.com/orgctl/orgctl/providers/providertest"
)

func TestPermissionsCoverCalls(t *testing.T) {
	calls := providertest.Calls(t, ".", map[string]string{"api": "inspector2", "inspector2": "inspector2"})
	// members.Active, the shared enrolment toolkit, lists the accounts.
	calls["organizations:ListAccounts"] = []string{"providers/internal/members.Active"}
	providertest.CheckPermissions(t, Service.Permissions, calls)
}
