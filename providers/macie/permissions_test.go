package macie

import (
	"testing"

	"github.com/orgctl/orgctl/providers/providertest"
)

func TestPermissionsCoverCalls(t *testing.T) {
	calls := providertest.Calls(t, ".", map[string]string{"api": "macie2", "macie2": "macie2"})
	// members.Active lists the organization's accounts for this provider;
	// the scan sees only this package's own calls.
	calls["organizations:ListAccounts"] = []string{"members.Active (provider.go)"}
	providertest.CheckPermissions(t, Service.Permissions, calls)
}
