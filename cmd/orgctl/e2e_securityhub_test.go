package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// securityHubSpec is a small organization whose security account
// administers Security Hub with central configuration in two regions.
const securityHubSpec = `version: 1
settings:
  homeRegion: us-east-1
  regions: [us-east-1, eu-west-1]
organizationalUnits:
  - name: Security
  - name: Workloads
    children: [{name: Prod}]
accounts:
  - {name: security-tooling, email: aws+security-tooling@acme.example, ou: Security}
  - {name: payments, email: aws+payments@acme.example, ou: Workloads/Prod}
security:
  admin: security-tooling
  securityHub:
    aggregation: {regions: all}
    policies:
      - name: baseline
        standards: [aws-foundational-security-best-practices/v/1.0.0, cis-aws-foundations-benchmark/v/3.0.0]
        disabledControls: [IAM.6]
        controlParameters: {IAM.7: {MaxPasswordAge: 90}}
        targets: [Root]
      - name: prod
        standards: [aws-foundational-security-best-practices/v/1.0.0, pci-dss/v/4.0.1]
        targets: [Workloads/Prod]
`

// TestE2ESecurityHub applies Security Hub's central configuration through
// 'sandbox serve', which makes the new administrator, central
// configuration and associations wait as AWS does; checks it from outside
// with the SDK as the security account; switches the organization back to
// LOCAL by hand, which is drift that apply restores.
func TestE2ESecurityHub(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	spec := filepath.Join(dir, "org.yaml")
	if err := os.WriteFile(spec, []byte(securityHubSpec), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := serve(t, filepath.Join(dir, "sandbox.json"), "--create-delay", "200ms", "--set", "securityhub.adminSettleDelay=1s",
		"--set", "securityhub.centralDelay=500ms", "--set", "securityhub.associationDelay=500ms")
	ep := func(args ...string) []string { return append([]string{"--endpoint-url", srv.url}, args...) }

	r := run(t, srv.env, ep("apply", "-f", spec, "--auto-approve")...)
	wantCode(t, r, 0, "first apply")
	r = run(t, srv.env, ep("plan", "-f", spec, "--detailed-exitcode")...)
	wantCode(t, r, 0, "plan after apply")

	ctx := context.Background()
	admin := srv.shAssume(t, "aws+security-tooling@acme.example")
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		out, err := securityhub.NewFromConfig(srv.shConfig(region, nil)).ListOrganizationAdminAccounts(ctx, &securityhub.ListOrganizationAdminAccountsInput{})
		if err != nil || len(out.AdminAccounts) != 1 || aws.ToString(out.AdminAccounts[0].AccountId) != admin.account {
			t.Errorf("%s: Security Hub's administrator %+v, %v; want %s", region, out, err, admin.account)
		}
	}
	api := securityhub.NewFromConfig(srv.shConfig("us-east-1", admin.creds))
	agg, err := api.ListFindingAggregators(ctx, &securityhub.ListFindingAggregatorsInput{})
	if err != nil || len(agg.FindingAggregators) != 1 {
		t.Fatalf("finding aggregators: %+v, %v", agg, err)
	}
	got, err := api.GetFindingAggregator(ctx, &securityhub.GetFindingAggregatorInput{FindingAggregatorArn: agg.FindingAggregators[0].FindingAggregatorArn})
	if err != nil || aws.ToString(got.RegionLinkingMode) != "ALL_REGIONS" {
		t.Errorf("finding aggregator: %+v, %v", got, err)
	}
	assocs, err := api.ListConfigurationPolicyAssociations(ctx, &securityhub.ListConfigurationPolicyAssociationsInput{
		Filters: &types.AssociationFilters{AssociationType: types.AssociationTypeApplied}})
	if err != nil || len(assocs.ConfigurationPolicyAssociationSummaries) != 2 {
		t.Fatalf("applied associations: %+v, %v", assocs, err)
	}
	for _, a := range assocs.ConfigurationPolicyAssociationSummaries {
		if a.AssociationStatus != types.ConfigurationPolicyAssociationStatusSuccess {
			t.Errorf("association of %s is %s", aws.ToString(a.TargetId), a.AssociationStatus)
		}
	}

	// Back to LOCAL by hand: drift, which apply restores.
	if _, err := api.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false),
		OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: types.OrganizationConfigurationConfigurationTypeLocal}}); err != nil {
		t.Fatal(err)
	}
	r = run(t, srv.env, ep("drift", "-f", spec)...)
	wantCode(t, r, 2, "drift after LOCAL by hand")
	if !strings.Contains(r.stdout, `securityhub-org-config "us-east-1/aws+security-tooling@acme.example"`) {
		t.Errorf("drift does not name the organization configuration:\n%s", r.stdout)
	}
	wantCode(t, run(t, srv.env, ep("apply", "-f", spec, "--auto-approve")...), 0, "apply after LOCAL by hand")
	wantCode(t, run(t, srv.env, ep("drift", "-f", spec)...), 0, "drift after apply")
	oc, err := api.DescribeOrganizationConfiguration(ctx, &securityhub.DescribeOrganizationConfigurationInput{})
	if err != nil || oc.OrganizationConfiguration.ConfigurationType != types.OrganizationConfigurationConfigurationTypeCentral ||
		oc.OrganizationConfiguration.Status != types.OrganizationConfigurationStatusEnabled {
		t.Errorf("organization configuration after apply: %+v, %v", oc, err)
	}
}

// shAccount is an account's ID and credentials.
type shAccount struct {
	account string
	creds   aws.CredentialsProvider
}

// shConfig is an SDK config for the sandbox in region, with creds or the
// management account's.
func (s *server) shConfig(region string, creds aws.CredentialsProvider) aws.Config {
	if creds == nil {
		var key, secret string
		for _, e := range s.env {
			if v, ok := strings.CutPrefix(e, "AWS_ACCESS_KEY_ID="); ok {
				key = v
			}
			if v, ok := strings.CutPrefix(e, "AWS_SECRET_ACCESS_KEY="); ok {
				secret = v
			}
		}
		creds = credentials.NewStaticCredentialsProvider(key, secret, "")
	}
	return aws.Config{Region: region, Credentials: creds, BaseEndpoint: aws.String(s.url)}
}

// shAssume finds the account with email and assumes the role
// orgctl made it with.
func (s *server) shAssume(t *testing.T, email string) shAccount {
	t.Helper()
	ctx := context.Background()
	accts, err := organizations.NewFromConfig(s.shConfig("us-east-1", nil)).ListAccounts(ctx, &organizations.ListAccountsInput{})
	if err != nil {
		t.Fatal(err)
	}
	id := ""
	for _, a := range accts.Accounts {
		if aws.ToString(a.Email) == email {
			id = aws.ToString(a.Id)
		}
	}
	out, err := sts.NewFromConfig(s.shConfig("us-east-1", nil)).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + id + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("e2e")})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	return shAccount{account: id, creds: credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))}
}
