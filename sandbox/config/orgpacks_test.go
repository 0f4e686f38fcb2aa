package config

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
)

const packTemplate = "Resources:\n  S3Public:\n    Type: AWS::Config::ConfigRule\n    Properties:\n      Source: {Owner: AWS, SourceIdentifier: S3_BUCKET_PUBLIC_READ_PROHIBITED}\n"

func putPack(e *sandboxtest.Env, creds aws.CredentialsProvider, in configservice.PutOrganizationConformancePackInput) error {
	if in.OrganizationConformancePackName == nil {
		in.OrganizationConformancePackName = aws.String("baseline")
	}
	if in.TemplateBody == nil {
		in.TemplateBody = aws.String(packTemplate)
	}
	_, err := client(e, creds, "eu-west-1").PutOrganizationConformancePack(e.Ctx, &in)
	return err
}

// Only the management account and the administrator for
// config-multiaccountsetup make packs, each seeing only its own; AWS's
// validation comes first.
func TestOrganizationConformancePackRules(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	secID, security := e.NewMember("security", time.Minute)
	_, audit := e.NewMember("audit", time.Minute)
	many := make([]string, 1001)
	for i := range many {
		many[i] = fmt.Sprintf("%012d", i)
	}
	for _, tt := range []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"bad name", func() error {
			return putPack(e, e.Admin(), configservice.PutOrganizationConformancePackInput{OrganizationConformancePackName: aws.String("my_pack")})
		}, is("ValidationException", "1 validation error detected: Value 'my_pack' at 'organizationConformancePackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*")},
		{"template too big", func() error {
			return putPack(e, e.Admin(), configservice.PutOrganizationConformancePackInput{TemplateBody: aws.String(packTemplate + "#" + strings.Repeat("x", 51200))})
		}, is("ValidationException", "1 validation error detected: Value '...' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200")},
		{"not a template", func() error {
			return putPack(e, e.Admin(), configservice.PutOrganizationConformancePackInput{TemplateBody: aws.String("Parameters: {}")})
		}, is("OrganizationConformancePackTemplateValidationException",
			"Invalid conformance pack template provided. Errors found: [Template format error: At least one Resources member must be defined.]. Fix your template and try again.")},
		{"not YAML", func() error {
			return putPack(e, e.Admin(), configservice.PutOrganizationConformancePackInput{TemplateBody: aws.String("Resources: [")})
		}, is("OrganizationConformancePackTemplateValidationException",
			"Invalid conformance pack template provided. Errors found: [Template format error: YAML not well-formed.]. Fix your template and try again.")},
		{"bucket prefix", func() error {
			return putPack(e, e.Admin(), configservice.PutOrganizationConformancePackInput{DeliveryS3Bucket: aws.String("my-bucket")})
		}, is("ValidationException", "The delivery S3 bucket name must start with 'awsconfigconforms'.")},
		{"too many excluded", func() error {
			return putPack(e, e.Admin(), configservice.PutOrganizationConformancePackInput{ExcludedAccounts: many})
		}, is("ValidationException", "1 validation error detected: Value '[...]' at 'excludedAccounts' failed to satisfy constraint: Member must have length less than or equal to 1000")},
		{"without trusted access", func() error { return putPack(e, e.Admin(), configservice.PutOrganizationConformancePackInput{}) },
			is("OrganizationAccessDeniedException", msgNoServiceAccess)},
		{"trusted access given", func() error { e.TrustedAccess(multiAccountPrincipal); return nil }, expect.OK},
		{"a member, not the administrator", func() error { return putPack(e, security, configservice.PutOrganizationConformancePackInput{}) },
			is("OrganizationAccessDeniedException", msgNotOrgAdmin)},
		{"the aggregators' administrator is not enough", func() error {
			e.TrustedAccess(principal)
			e.Delegate(secID, principal)
			return putPack(e, security, configservice.PutOrganizationConformancePackInput{})
		}, is("OrganizationAccessDeniedException", msgNotOrgAdmin)},
		{"the administrator", func() error {
			e.Delegate(secID, multiAccountPrincipal)
			return putPack(e, security, configservice.PutOrganizationConformancePackInput{})
		}, expect.OK},
		{"the management account's own", func() error { return putPack(e, e.Admin(), configservice.PutOrganizationConformancePackInput{}) }, expect.OK},
		{"another member still refused", func() error {
			_, err := client(e, audit, "eu-west-1").DescribeOrganizationConformancePacks(e.Ctx, &configservice.DescribeOrganizationConformancePacksInput{})
			return err
		}, is("OrganizationAccessDeniedException", msgNotOrgAdmin)},
		{"busy while it deploys", func() error { return putPack(e, security, configservice.PutOrganizationConformancePackInput{}) },
			is("ResourceInUseException", "The organization conformance pack baseline is being deployed or deleted. Try your request again later.")},
		{"unknown by name", func() error {
			_, err := client(e, security, "eu-west-1").DescribeOrganizationConformancePacks(e.Ctx, &configservice.DescribeOrganizationConformancePacksInput{OrganizationConformancePackNames: []string{"nope"}})
			return err
		}, expect.Code("NoSuchOrganizationConformancePackException")},
	} {
		expect.Check(t, tt.name, tt.call(), tt.want)
	}
	// The administrator sees its own pack only, in its Region only.
	out, err := client(e, security, "eu-west-1").DescribeOrganizationConformancePacks(e.Ctx, &configservice.DescribeOrganizationConformancePacksInput{})
	if err != nil || len(out.OrganizationConformancePacks) != 1 || !strings.Contains(aws.ToString(out.OrganizationConformancePacks[0].OrganizationConformancePackArn), ":"+secID+":organization-conformance-pack/baseline-") {
		t.Fatalf("the administrator's packs: %+v %v", out, err)
	}
	if out, err := client(e, security, "us-east-1").DescribeOrganizationConformancePacks(e.Ctx, &configservice.DescribeOrganizationConformancePacksInput{}); err != nil || len(out.OrganizationConformancePacks) != 0 {
		t.Errorf("another Region: %+v %v", out, err)
	}
}

// A pack deploys to every account not excluded: in progress for the
// delay, then successful, or failed where there is no recorder; a delete
// takes the same time.
func TestOrganizationDeployment(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithDeployDelay(time.Minute))
	secID, security := e.NewMember("security", time.Minute)
	badID, _ := e.NewMember("no-recorder", time.Minute)
	skipID, _ := e.NewMember("skipped", time.Minute)
	e.Reopen(WithoutRecorders(badID), WithDeployDelay(time.Minute))
	e.TrustedAccess(multiAccountPrincipal)
	e.Delegate(secID, multiAccountPrincipal)
	api := client(e, security, "eu-west-1")
	if err := putPack(e, security, configservice.PutOrganizationConformancePackInput{ExcludedAccounts: []string{skipID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.PutOrganizationConfigRule(e.Ctx, &configservice.PutOrganizationConfigRuleInput{OrganizationConfigRuleName: aws.String("s3-public"),
		OrganizationManagedRuleMetadata: &types.OrganizationManagedRuleMetadata{RuleIdentifier: aws.String("S3_BUCKET_PUBLIC_READ_PROHIBITED"), InputParameters: aws.String(`{"a":"1"}`)}}); err != nil {
		t.Fatal(err)
	}
	status := func() (string, string) {
		p, err := api.DescribeOrganizationConformancePackStatuses(e.Ctx, &configservice.DescribeOrganizationConformancePackStatusesInput{})
		r, err2 := api.DescribeOrganizationConfigRuleStatuses(e.Ctx, &configservice.DescribeOrganizationConfigRuleStatusesInput{})
		if err != nil || err2 != nil || len(p.OrganizationConformancePackStatuses) != 1 || len(r.OrganizationConfigRuleStatuses) != 1 {
			t.Fatalf("statuses: %+v %v %+v %v", p, err, r, err2)
		}
		return string(p.OrganizationConformancePackStatuses[0].Status), string(r.OrganizationConfigRuleStatuses[0].OrganizationRuleStatus)
	}
	if p, r := status(); p != "CREATE_IN_PROGRESS" || r != "CREATE_IN_PROGRESS" {
		t.Errorf("right after the puts: %s, %s", p, r)
	}
	e.Clock.Advance(time.Minute)
	if p, r := status(); p != "CREATE_FAILED" || r != "CREATE_FAILED" {
		t.Errorf("after the delay: %s, %s", p, r)
	}
	d, err := api.GetOrganizationConformancePackDetailedStatus(e.Ctx, &configservice.GetOrganizationConformancePackDetailedStatusInput{OrganizationConformancePackName: aws.String("baseline")})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range d.OrganizationConformancePackDetailedStatuses {
		got[aws.ToString(s.AccountId)] = string(s.Status) + " " + aws.ToString(s.ErrorCode)
	}
	if len(got) != 3 || got[badID] != "CREATE_FAILED NoAvailableConfigurationRecorderException" || got[secID] != "CREATE_SUCCESSFUL " || got[skipID] != "" {
		t.Errorf("per account (management, security, no-recorder; skipped excluded): %v", got)
	}
	rd, err := api.GetOrganizationConfigRuleDetailedStatus(e.Ctx, &configservice.GetOrganizationConfigRuleDetailedStatusInput{OrganizationConfigRuleName: aws.String("s3-public"),
		Filters: &types.StatusDetailFilters{MemberAccountRuleStatus: types.MemberAccountRuleStatusCreateFailed}})
	if err != nil || len(rd.OrganizationConfigRuleDetailedStatus) != 1 || aws.ToString(rd.OrganizationConfigRuleDetailedStatus[0].AccountId) != badID ||
		aws.ToString(rd.OrganizationConfigRuleDetailedStatus[0].ErrorMessage) != "You must create a configuration recorder before you can create or update a Config rule." {
		t.Errorf("the rule's failed accounts: %+v %v", rd, err)
	}
	// Deleting takes the delay too; then the pack is gone.
	if _, err := api.DeleteOrganizationConformancePack(e.Ctx, &configservice.DeleteOrganizationConformancePackInput{OrganizationConformancePackName: aws.String("baseline")}); err != nil {
		t.Fatal(err)
	}
	if p, _ := status(); p != "DELETE_IN_PROGRESS" {
		t.Errorf("deleting: %s", p)
	}
	e.Clock.Advance(time.Minute)
	_, err = api.DescribeOrganizationConformancePackStatuses(e.Ctx, &configservice.DescribeOrganizationConformancePackStatusesInput{OrganizationConformancePackNames: []string{"baseline"}})
	expect.Check(t, "deleted", err, expect.Code("NoSuchOrganizationConformancePackException"))
	// Tags: given at creation, added by TagResource.
	rules, _ := api.DescribeOrganizationConfigRules(e.Ctx, &configservice.DescribeOrganizationConfigRulesInput{})
	arn := rules.OrganizationConfigRules[0].OrganizationConfigRuleArn
	if _, err := api.TagResource(e.Ctx, &configservice.TagResourceInput{ResourceArn: arn, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}); err != nil {
		t.Fatal(err)
	}
	tags, err := api.ListTagsForResource(e.Ctx, &configservice.ListTagsForResourceInput{ResourceArn: arn})
	if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Value) != "v" {
		t.Errorf("tags: %+v %v", tags, err)
	}
}

// An account that joins after the Put is deployed to when it joins: in
// progress for the delay, then failed where it has no recorder (named by
// email before it exists).
func TestOrganizationDeploymentToAJoiningAccount(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithDeployDelay(time.Minute), WithoutRecorders("late@example.org"))
	secID, security := e.NewMember("security", time.Minute)
	e.TrustedAccess(multiAccountPrincipal)
	e.Delegate(secID, multiAccountPrincipal)
	if err := putPack(e, security, configservice.PutOrganizationConformancePackInput{}); err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(time.Minute)
	api := client(e, security, "eu-west-1")
	status := func() string {
		out, err := api.DescribeOrganizationConformancePackStatuses(e.Ctx, &configservice.DescribeOrganizationConformancePackStatusesInput{})
		if err != nil || len(out.OrganizationConformancePackStatuses) != 1 {
			t.Fatalf("statuses: %+v %v", out, err)
		}
		return string(out.OrganizationConformancePackStatuses[0].Status)
	}
	if got := status(); got != "CREATE_SUCCESSFUL" {
		t.Fatalf("before the account joins: %s", got)
	}
	lateID, _ := e.NewMember("late", time.Minute) // its email is late@example.org
	if got := status(); got != "CREATE_IN_PROGRESS" {
		t.Errorf("as the account joins: %s", got)
	}
	e.Clock.Advance(time.Minute)
	if got := status(); got != "CREATE_FAILED" {
		t.Errorf("after the delay: %s", got)
	}
	d, err := api.GetOrganizationConformancePackDetailedStatus(e.Ctx, &configservice.GetOrganizationConformancePackDetailedStatusInput{
		OrganizationConformancePackName: aws.String("baseline"), Filters: &types.OrganizationResourceDetailedStatusFilters{Status: types.OrganizationResourceDetailedStatusCreateFailed}})
	if err != nil || len(d.OrganizationConformancePackDetailedStatuses) != 1 || aws.ToString(d.OrganizationConformancePackDetailedStatuses[0].AccountId) != lateID {
		t.Errorf("failed accounts: %+v %v", d, err)
	}
}
