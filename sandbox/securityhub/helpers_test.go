package securityhub

import (
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/sts" // the member accounts' roles
)

// sh is a Security Hub client of the given credentials in region.
func sh(e *sandboxtest.Env, creds aws.CredentialsProvider, region string) *securityhub.Client {
	return securityhub.NewFromConfig(e.Config(region, creds))
}

// designate designates account as the administrator in region.
func designate(e *sandboxtest.Env, account, region string) error {
	_, err := sh(e, e.Admin(), region).EnableOrganizationAdminAccount(e.Ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	return err
}

// isErr expects Security Hub's error code with exactly the message.
func isErr(code, msg string) func(error) string {
	return func(err error) string {
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != code || ae.ErrorMessage() != msg {
			return "error " + expect.ErrString(err) + ", want " + code + ": " + msg
		}
		return ""
	}
}

// central is a sandbox whose account "security" administers Security Hub
// in us-east-1 and eu-west-1, aggregates in us-east-1 and has central
// configuration enabled; the clock has passed every delay.
func central(e *sandboxtest.Env) (secID string, security aws.CredentialsProvider) {
	e.T.Helper()
	secID, security = e.NewMember("security", time.Minute)
	e.TrustedAccess(principal)
	for _, r := range []string{"us-east-1", "eu-west-1"} {
		if err := designate(e, secID, r); err != nil {
			e.T.Fatal(err)
		}
	}
	e.Clock.Advance(time.Minute)
	admin := sh(e, security, "us-east-1")
	if _, err := admin.CreateFindingAggregator(e.Ctx, &securityhub.CreateFindingAggregatorInput{
		RegionLinkingMode: aws.String("SPECIFIED_REGIONS"), Regions: []string{"eu-west-1"}}); err != nil {
		e.T.Fatal(err)
	}
	if _, err := admin.UpdateOrganizationConfiguration(e.Ctx, centralInput()); err != nil {
		e.T.Fatal(err)
	}
	e.Clock.Advance(time.Minute)
	return secID, security
}

func centralInput() *securityhub.UpdateOrganizationConfigurationInput {
	return &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false), AutoEnableStandards: types.AutoEnableStandardsNone,
		OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: types.OrganizationConfigurationConfigurationTypeCentral}}
}

// baseline is a policy document: FSBP on, IAM.6 off, IAM.7's maximum
// password age 90 days.
func baseline(region string) types.Policy {
	return &types.PolicyMemberSecurityHub{Value: types.SecurityHubPolicy{
		ServiceEnabled:             aws.Bool(true),
		EnabledStandardIdentifiers: []string{"arn:aws:securityhub:" + region + "::standards/aws-foundational-security-best-practices/v/1.0.0"},
		SecurityControlsConfiguration: &types.SecurityControlsConfiguration{
			DisabledSecurityControlIdentifiers: []string{"IAM.6"},
			SecurityControlCustomParameters: []types.SecurityControlCustomParameter{{SecurityControlId: aws.String("IAM.7"),
				Parameters: map[string]types.ParameterConfiguration{"MaxPasswordAge": {ValueType: types.ParameterValueTypeCustom,
					Value: &types.ParameterValueMemberInteger{Value: 90}}}}},
		},
	}}
}
