package conformance

import (
	"testing"

	"github.com/orgctl/orgctl/providers/providertest"
)

func TestPermissionsCoverCalls(t *testing.T) {
	calls := providertest.Calls(t, ".", map[string]string{
		"api": "config", "d.api": "config", "configservice": "config", "organizations": "organizations",
	})
	calls["organizations:ListAccounts"] = []string{"members.Active (read.go)"}
	calls["organizations:ListDelegatedAdministrators"] = []string{"awsapi.DelegatedAdmin (read.go)"}
	providertest.CheckPermissions(t, Service.Permissions, calls)
}
