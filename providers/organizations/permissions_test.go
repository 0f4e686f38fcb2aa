package organizations

import (
	"testing"

	"github.com/orgctl/orgctl/providers/providertest"
)

// TestPermissionsCoverCalls: every request the code makes is declared in
// permissions.go, and every declared action is still made somewhere.
func TestPermissionsCoverCalls(t *testing.T) {
	calls := providertest.Calls(t, ".", map[string]string{"org": "organizations", "organizations": "organizations"})
	if len(calls) < 20 {
		t.Fatalf("found only %d kinds of AWS calls in the code; the scan is broken: %v", len(calls), calls)
	}
	providertest.CheckPermissions(t, Service.Permissions, calls)
}
