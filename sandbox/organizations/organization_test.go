package organizations

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox"
)

// wireOf returns an error's code, HTTP status and message as sent.
func wireOf(t *testing.T, err error) (string, int, string) {
	t.Helper()
	var api smithy.APIError
	var resp *awshttp.ResponseError
	if !errors.As(err, &api) || !errors.As(err, &resp) {
		t.Fatalf("not an API error: %v", err)
	}
	return api.ErrorCode(), resp.HTTPStatusCode(), api.ErrorMessage()
}

// TestOrganizationless: a sandbox made with no organization answers every
// call but CreateOrganization as AWS answers an account in none.
func TestOrganizationless(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithOrganization("none"), sandbox.WithAccountID("111122223333"), WithManagementEmail("root@corp.example"))
	if got := e.SB.ManagementAccountID(); got != "111122223333" {
		t.Fatalf("account %s, want the one set at init", got)
	}
	calls := map[string]func() error{
		"DescribeOrganization": func() error { _, err := e.Org.DescribeOrganization(e.Ctx, nil); return err },
		"ListRoots":            func() error { _, err := e.Org.ListRoots(e.Ctx, nil); return err },
		"ListAccounts":         func() error { _, err := e.Org.ListAccounts(e.Ctx, nil); return err },
		"DeleteOrganization":   func() error { _, err := e.Org.DeleteOrganization(e.Ctx, nil); return err },
		"CreateAccount": func() error {
			_, err := e.Org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{AccountName: aws.String("a"), Email: aws.String("a@example.org")})
			return err
		},
	}
	for name, call := range calls {
		err := call()
		var notInUse *types.AWSOrganizationsNotInUseException
		if !errors.As(err, &notInUse) {
			t.Errorf("%s: %v, want AWSOrganizationsNotInUseException", name, err)
			continue
		}
		if _, status, msg := wireOf(t, err); status != 400 || msg != "Your account is not a member of an organization." {
			t.Errorf("%s: status %d, message %q", name, status, msg)
		}
	}

	if out, err := e.Org.ListHandshakesForAccount(e.Ctx, nil); err != nil || len(out.Handshakes) != 0 {
		t.Errorf("ListHandshakesForAccount without an organization: %v, %v", out, err)
	}

	out, err := e.Org.CreateOrganization(e.Ctx, &organizations.CreateOrganizationInput{})
	if err != nil {
		t.Fatalf("CreateOrganization: %v", err)
	}
	o := out.Organization
	if *o.MasterAccountId != "111122223333" || *o.MasterAccountEmail != "root@corp.example" || o.FeatureSet != types.OrganizationFeatureSetAll ||
		!strings.HasPrefix(*o.Arn, "arn:aws:organizations::111122223333:organization/o-") || len(o.AvailablePolicyTypes) != 1 {
		t.Errorf("CreateOrganization: %+v", o)
	}
	// All features: SCPs enabled in the root, FullAWSAccess on it and on the management account.
	roots, err := e.Org.ListRoots(e.Ctx, nil)
	if err != nil || len(roots.Roots[0].PolicyTypes) != 1 || roots.Roots[0].PolicyTypes[0].Status != types.PolicyTypeStatusEnabled {
		t.Fatalf("ListRoots after CreateOrganization: %+v, %v", roots, err)
	}
	for _, target := range []string{*roots.Roots[0].Id, "111122223333"} {
		if got := e.policiesFor(target, "SERVICE_CONTROL_POLICY"); !cmp.Equal(got, []string{"p-FullAWSAccess"}) {
			t.Errorf("SCPs of %s: %v", target, got)
		}
	}
	_, err = e.Org.CreateOrganization(e.Ctx, &organizations.CreateOrganizationInput{})
	if code, status, _ := wireOf(t, err); code != "AlreadyInOrganizationException" || status != 400 {
		t.Errorf("second CreateOrganization: %v", err)
	}

	// A member keeps the organization, even closed.
	member := e.createAccount("member")
	if _, err := e.Org.DeleteOrganization(e.Ctx, nil); !isCode(err, "OrganizationNotEmptyException") {
		t.Errorf("DeleteOrganization with a member: %v", err)
	}
	if _, err := e.Org.CloseAccount(e.Ctx, &organizations.CloseAccountInput{AccountId: aws.String(member)}); err != nil {
		t.Fatalf("CloseAccount: %v", err)
	}
	e.Clock.Advance(time.Hour)
	if _, err := e.Org.DeleteOrganization(e.Ctx, nil); !isCode(err, "OrganizationNotEmptyException") {
		t.Errorf("DeleteOrganization with a closed member: %v", err)
	}
}

// TestDeleteAndCreateConsolidatedBilling: an organization of the
// management account alone is deleted with everything in it, and a
// consolidated-billing one made in its place has no policy type.
func TestDeleteAndCreateConsolidatedBilling(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.createOU(e.RootID(), "Gone")
	old := orgState(e.SB).Org.ID
	if _, err := e.Org.DeleteOrganization(e.Ctx, nil); err != nil {
		t.Fatalf("DeleteOrganization: %v", err)
	}
	if _, err := e.Org.DescribeOrganization(e.Ctx, nil); !isCode(err, "AWSOrganizationsNotInUseException") {
		t.Fatalf("DescribeOrganization after delete: %v", err)
	}
	out, err := e.Org.CreateOrganization(e.Ctx, &organizations.CreateOrganizationInput{FeatureSet: types.OrganizationFeatureSetConsolidatedBilling})
	if err != nil {
		t.Fatalf("CreateOrganization: %v", err)
	}
	if o := out.Organization; o.FeatureSet != types.OrganizationFeatureSetConsolidatedBilling || len(o.AvailablePolicyTypes) != 0 || *o.Id == old {
		t.Errorf("CreateOrganization CONSOLIDATED_BILLING: %+v", o)
	}
	roots, err := e.Org.ListRoots(e.Ctx, nil)
	if err != nil || len(roots.Roots[0].PolicyTypes) != 0 {
		t.Fatalf("ListRoots: %+v, %v", roots, err)
	}
	ous, err := e.Org.ListOrganizationalUnitsForParent(e.Ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: roots.Roots[0].Id})
	if err != nil || len(ous.OrganizationalUnits) != 0 {
		t.Errorf("the new organization has OUs: %+v, %v", ous, err)
	}
	if _, err := e.Org.CreateOrganization(e.Ctx, &organizations.CreateOrganizationInput{FeatureSet: "SOME"}); !isCode(err, "AlreadyInOrganizationException") && !isCode(err, "InvalidInputException") {
		t.Errorf("CreateOrganization SOME: %v", err)
	}
}

// TestPartitionARNs: ARNs name the partition of the request's region.
func TestPartitionARNs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for region, want := range map[string]string{
		"us-east-1": "arn:aws:organizations::", "cn-north-1": "arn:aws-cn:organizations::",
		"us-gov-west-1": "arn:aws-us-gov:organizations::", "eu-west-1": "arn:aws:organizations::",
	} {
		org := organizations.NewFromConfig(e.Config(region, e.Admin()))
		out, err := org.DescribeOrganization(e.Ctx, nil)
		if err != nil {
			t.Fatalf("%s: %v", region, err)
		}
		roots, err := org.ListRoots(e.Ctx, nil)
		if err != nil {
			t.Fatalf("%s: %v", region, err)
		}
		for _, arn := range []string{*out.Organization.Arn, *out.Organization.MasterAccountArn, *roots.Roots[0].Arn} {
			if !strings.HasPrefix(arn, want) {
				t.Errorf("%s: ARN %s, want it to start %s", region, arn, want)
			}
		}
	}
}

// TestFinalizing: CreateAccount answers FinalizingOrganizationException
// for the finalize delay after the organization is created.
func TestFinalizing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithOrganization("none"), WithFinalizeDelay(10*time.Minute))
	if _, err := e.Org.CreateOrganization(e.Ctx, &organizations.CreateOrganizationInput{}); err != nil {
		t.Fatal(err)
	}
	create := func() error {
		_, err := e.Org.CreateAccount(e.Ctx, &organizations.CreateAccountInput{AccountName: aws.String("a"), Email: aws.String("a@example.org")})
		return err
	}
	e.Clock.Advance(9 * time.Minute)
	err := create()
	code, status, msg := wireOf(t, err)
	if code != "FinalizingOrganizationException" || status != 400 ||
		msg != "AWS Organizations could not finalize the creation of your organization. Try again later. If this persists, contact AWS customer support." {
		t.Fatalf("CreateAccount while finalising: %s %d %q", code, status, msg)
	}
	if _, err := e.Org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(e.RootID()), Name: aws.String("ok")}); err != nil {
		t.Errorf("CreateOrganizationalUnit while finalising: %v", err)
	}
	e.Clock.Advance(time.Minute)
	if err := create(); err != nil {
		t.Errorf("CreateAccount once finalised: %v", err)
	}
}

func isCode(err error, code string) bool {
	var api smithy.APIError
	return errors.As(err, &api) && api.ErrorCode() == code
}

// TestTrustedAccessDelay: a delegated administrator cannot be registered
// until trusted access has had the trusted-access delay to get there.
func TestTrustedAccessDelay(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithTrustedAccessDelay(time.Minute))
	member := e.createAccount("member")
	e.TrustedAccess("guardduty.amazonaws.com")
	register := func() error {
		_, err := e.Org.RegisterDelegatedAdministrator(e.Ctx, &organizations.RegisterDelegatedAdministratorInput{
			AccountId: aws.String(member), ServicePrincipal: aws.String("guardduty.amazonaws.com")})
		return err
	}
	e.Clock.Advance(59 * time.Second)
	if err := register(); !isConstraintReason(err, types.ConstraintViolationExceptionReasonServiceAccessNotEnabled) {
		t.Fatalf("RegisterDelegatedAdministrator before the delay: %v", err)
	}
	e.Clock.Advance(time.Second)
	if err := register(); err != nil {
		t.Fatalf("RegisterDelegatedAdministrator after the delay: %v", err)
	}
}

func isConstraintReason(err error, reason types.ConstraintViolationExceptionReason) bool {
	var cv *types.ConstraintViolationException
	return errors.As(err, &cv) && cv.Reason == reason
}

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }
