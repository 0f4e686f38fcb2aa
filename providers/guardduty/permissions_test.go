package guardduty

import (
	"testing"

	"github.com/orgctl/orgctl/providers/providertest"
)

func TestPermissionsCoverCalls(t *testing.T) {
	calls := providertest.Calls(t, ".", map[string]string{"api": "guardduty", "guardduty": "guardduty"})
	providertest.CheckPermissions(t, Service.Permissions, calls)
}
