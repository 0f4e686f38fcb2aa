package securityhub

import (
	"testing"

	"github.com/orgctl/orgctl/providers/providertest"
)

func TestPermissionsCoverCalls(t *testing.T) {
	calls := providertest.Calls(t, ".", map[string]string{"api": "securityhub", "securityhub": "securityhub"})
	providertest.CheckPermissions(t, Service.Permissions, calls)
}
