package cloudtrail

import (
	"testing"

	"github.com/orgctl/orgctl/providers/providertest"
)

func TestPermissionsCoverCalls(t *testing.T) {
	calls := providertest.Calls(t, ".", map[string]string{"api": "cloudtrail", "cloudtrail": "cloudtrail"})
	providertest.CheckPermissions(t, Service.Permissions, calls)
}
