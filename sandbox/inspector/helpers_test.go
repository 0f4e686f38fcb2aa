package inspector

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"
	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/sts" // the member accounts' roles
)

// in2 is an Inspector client of the given credentials in region.
func in2(e *sandboxtest.Env, creds aws.CredentialsProvider, region string) *inspector2.Client {
	return inspector2.NewFromConfig(e.Config(region, creds))
}

// designate designates account as the administrator in region.
func designate(e *sandboxtest.Env, account, region string) error {
	_, err := in2(e, e.Admin(), region).EnableDelegatedAdminAccount(e.Ctx, &inspector2.EnableDelegatedAdminAccountInput{DelegatedAdminAccountId: aws.String(account)})
	return err
}

// admins lists the region's administrators as "ID STATUS".
func admins(e *sandboxtest.Env, region string) []string {
	e.T.Helper()
	out, err := in2(e, e.Admin(), region).ListDelegatedAdminAccounts(e.Ctx, &inspector2.ListDelegatedAdminAccountsInput{})
	if err != nil {
		e.T.Fatal(err)
	}
	var ids []string
	for _, a := range out.DelegatedAdminAccounts {
		ids = append(ids, *a.AccountId+" "+string(a.Status))
	}
	return ids
}

// administered is a sandbox whose account "security" is Inspector's
// administrator in us-east-1, settled at once, with Inspector enabled for
// itself.
func administered(t *testing.T) (e *sandboxtest.Env, secID string, security aws.CredentialsProvider) {
	t.Helper()
	e = sandboxtest.New(t, WithAdminSettleDelay(0))
	secID, security = e.NewMember("security", time.Minute)
	e.TrustedAccess(principal)
	if err := designate(e, secID, "us-east-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := in2(e, security, "us-east-1").Enable(e.Ctx, &inspector2.EnableInput{ResourceTypes: []types.ResourceScanType{"EC2", "ECR"}}); err != nil {
		t.Fatal(err)
	}
	return e, secID, security
}

// is expects Inspector's error code with the message.
func is(code, msg string) func(error) string {
	return func(err error) string {
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != code || ae.ErrorMessage() != msg {
			return "error " + expect.ErrString(err) + ", want " + code + ": " + msg
		}
		return ""
	}
}
