package auditmanager

import (
	"testing"

	"github.com/orgctl/orgctl/providers/providertest"
)

func TestPermissionsCoverCalls(t *testing.T) {
	calls := providertest.Calls(t, ".", map[string]string{"api": "auditmanager"})
	providertest.CheckPermissions(t, Service.Permissions, calls)
}
