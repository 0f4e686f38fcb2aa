package account

import (
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	_ "github.com/orgctl/orgctl/sandbox/guardduty" // a restJson1 service to call
)

// A request signed for an opt-in Region the caller's account has not
// enabled fails as a security token the Region does not know, in each
// protocol's words: awsQuery InvalidClientTokenId (403), awsJson
// UnrecognizedClientException (400), restJson1 UnrecognizedClientException
// (403). ENABLING is not enough; ENABLED is. Other accounts' Regions and
// the Regions enabled by default are not affected.
func TestOptInRegionGate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, member := e.NewMember("member", settle)
	calls := map[string]func(region string) error{
		"sts GetCallerIdentity (awsQuery)": func(region string) error {
			_, err := sts.NewFromConfig(e.Config(region, member)).GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{})
			return err
		},
		"organizations DescribeOrganization (awsJson1_1)": func(region string) error {
			_, err := organizations.NewFromConfig(e.Config(region, member)).DescribeOrganization(e.Ctx, &organizations.DescribeOrganizationInput{})
			return err
		},
		"guardduty ListDetectors (restJson1)": func(region string) error {
			_, err := guardduty.NewFromConfig(e.Config(region, member)).ListDetectors(e.Ctx, &guardduty.ListDetectorsInput{})
			return err
		},
	}
	want := map[string]struct {
		code   string
		status int
	}{
		"sts GetCallerIdentity (awsQuery)":                {"InvalidClientTokenId", http.StatusForbidden},
		"organizations DescribeOrganization (awsJson1_1)": {"UnrecognizedClientException", http.StatusBadRequest},
		"guardduty ListDetectors (restJson1)":             {"UnrecognizedClientException", http.StatusForbidden},
	}
	refused := func(stage string) {
		t.Helper()
		for name, call := range calls {
			err := call("ap-east-2")
			var ae smithy.APIError
			var re *smithyhttp.ResponseError
			if !errors.As(err, &ae) || !errors.As(err, &re) || ae.ErrorCode() != want[name].code ||
				ae.ErrorMessage() != "The security token included in the request is invalid." || re.HTTPStatusCode() != want[name].status {
				t.Errorf("%s, %s in ap-east-2: %v; want %s (HTTP %d)", stage, name, err, want[name].code, want[name].status)
			}
			if err := call("us-east-1"); err != nil {
				t.Errorf("%s, %s in us-east-1: %v", stage, name, err)
			}
		}
	}
	refused("disabled")
	// The management account enabling the Region for itself opens it to
	// the management account only.
	if err := enable(e, acct(e, e.Admin()), "", "ap-east-2"); err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(settle)
	if _, err := sts.NewFromConfig(e.Config("ap-east-2", e.Admin())).GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("the management account in its enabled ap-east-2: %v", err)
	}
	refused("enabled in another account")
	if err := enable(e, acct(e, member), "", "ap-east-2"); err != nil {
		t.Fatal(err)
	}
	refused("enabling")
	e.Clock.Advance(settle)
	for name, call := range calls {
		if err := call("ap-east-2"); err != nil {
			t.Errorf("enabled, %s in ap-east-2: %v", name, err)
		}
	}
}

// The setting opens Regions in every account.
func TestGateFollowsTheSetting(t *testing.T) {
	t.Parallel()
	e := newEnv(t, WithEnabledRegions("ap-east-2"))
	for _, region := range []string{"ap-east-2", "us-east-1"} {
		if _, err := sts.NewFromConfig(e.Config(region, e.Admin())).GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{}); err != nil {
			t.Errorf("%s: %v", region, err)
		}
	}
	_, err := sts.NewFromConfig(e.Config("me-central-1", e.Admin())).GetCallerIdentity(e.Ctx, &sts.GetCallerIdentityInput{})
	if err == nil {
		t.Error("me-central-1, not enabled, answered")
	}
}
