package auditmanager

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
)

// TestAWSCLI reads Audit Manager's administrator with Debian's AWS CLI 2.9.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithAdminSettleDelay(0))
	secID, _ := e.NewMember("security", time.Minute)
	e.TrustedAccess(principal)
	if _, err := am(e, e.Admin(), "us-east-1").RegisterOrganizationAdminAccount(e.Ctx, &auditmanager.RegisterOrganizationAdminAccountInput{AdminAccountId: aws.String(secID)}); err != nil {
		t.Fatal(err)
	}
	got := e.AdminCLI().Must("auditmanager", "get-organization-admin-account")
	if got["adminAccountId"] != secID || got["organizationId"] == "" {
		t.Errorf("get-organization-admin-account: %v", got)
	}
}
