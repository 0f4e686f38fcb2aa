package fmspolicies

import (
	"testing"

	"github.com/orgctl/orgctl/providers/providertest"
)

func TestPermissionsCoverCalls(t *testing.T) {
	calls := providertest.Calls(t, ".", map[string]string{"api": "fms", "fms": "fms", "org": "organizations"})
	providertest.CheckPermissions(t, Service.Permissions, calls)
}
