package config

import (
	"testing"

	"github.com/orgctl/orgctl/providers/providertest"
)

func TestPermissionsCoverCalls(t *testing.T) {
	calls := providertest.Calls(t, ".", map[string]string{
		"api": "config", "configservice": "config", "organizations": "organizations",
	})
	providertest.CheckPermissions(t, Service.Permissions, calls)
}
