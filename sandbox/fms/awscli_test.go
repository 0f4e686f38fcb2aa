package fms

import (
	"testing"
	"time"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// TestAWSCLI reads Firewall Manager's administrator with Debian's AWS CLI,
// as the management account.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(0))
	secID, _ := e.NewMember("security", time.Minute)
	e.TrustedAccess(principal)
	if err := associateIn(e, e.Admin(), homeRegion, secID); err != nil {
		t.Fatal(err)
	}
	out := e.AdminCLI().Must("fms", "get-admin-account")
	if out["AdminAccount"] != secID || out["RoleStatus"] != "READY" {
		t.Errorf("fms get-admin-account: %v", out)
	}
}
