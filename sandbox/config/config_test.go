package config

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest"
	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/expect"
	_ "github.com/orgctl/orgctl/sandbox/sts" // the member accounts' roles
)

func client(e *sandboxtest.Env, creds aws.CredentialsProvider, region string) *configservice.Client {
	return configservice.NewFromConfig(e.Config(region, creds))
}

func orgSourceOf(account string, regions ...string) *types.OrganizationAggregationSource {
	src := &types.OrganizationAggregationSource{RoleArn: aws.String("arn:aws:iam::" + account + ":role/" + DefaultRole)}
	if len(regions) == 0 {
		src.AllAwsRegions = true
	}
	src.AwsRegions = regions
	return src
}

func put(e *sandboxtest.Env, creds aws.CredentialsProvider, name string, src *types.OrganizationAggregationSource) error {
	_, err := client(e, creds, "us-east-1").PutConfigurationAggregator(e.Ctx, &configservice.PutConfigurationAggregatorInput{
		ConfigurationAggregatorName: aws.String(name), OrganizationAggregationSource: src})
	return err
}

// is expects AWS Config's error code with exactly the message.
func is(code, msg string) func(error) string {
	return func(err error) string {
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != code || (msg != "" && ae.ErrorMessage() != msg) {
			return "error " + expect.ErrString(err) + ", want " + code + ": " + msg
		}
		return ""
	}
}

func TestOrganizationAggregator(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	secID, security := e.NewMember("security", time.Minute)
	auditID, audit := e.NewMember("audit", time.Minute)
	cases := []struct {
		name string
		call func() error
		want func(error) string
	}{
		{"the management account, without trusted access", func() error { return put(e, e.Admin(), "org", orgSourceOf(e.SB.ManagementAccountID())) },
			is("OrganizationAccessDeniedException", msgNoServiceAccess)},
		{"a member, not the delegated administrator", func() error { return put(e, security, "org", orgSourceOf(secID)) },
			is("OrganizationAccessDeniedException", msgNotDelegated)},
		{"register", func() error { e.TrustedAccess(principal); e.Delegate(secID, principal); return nil }, expect.OK},
		{"another member", func() error { return put(e, audit, "org", orgSourceOf(auditID)) }, is("OrganizationAccessDeniedException", msgNotDelegated)},
		{"a name AWS refuses", func() error { return put(e, security, "org agg", orgSourceOf(secID)) },
			is("ValidationException", `1 validation error detected: Value 'org agg' at 'configurationAggregatorName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\-]+`)},
		{"a role that does not exist", func() error {
			src := orgSourceOf(secID)
			src.RoleArn = aws.String("arn:aws:iam::" + secID + ":role/Missing")
			return put(e, security, "org", src)
		}, is("InvalidRoleException", "The role arn passed 'arn:aws:iam::"+secID+":role/Missing' is not valid.")},
		{"not a role", func() error {
			src := orgSourceOf(secID)
			src.RoleArn = aws.String("arn:aws:iam::" + secID + ":user/" + DefaultRole)
			return put(e, security, "org", src)
		}, expect.Code("InvalidRoleException")},
		{"both regions and all regions", func() error {
			src := orgSourceOf(secID, "eu-west-1")
			src.AllAwsRegions = true
			return put(e, security, "org", src)
		}, expect.Code("InvalidParameterValueException")},
		{"neither", func() error {
			return put(e, security, "org", &types.OrganizationAggregationSource{RoleArn: aws.String("arn:aws:iam::" + secID + ":role/" + DefaultRole)})
		}, expect.Code("InvalidParameterValueException")},
		{"not a region", func() error { return put(e, security, "org", orgSourceOf(secID, "eu-west-9")) }, expect.Code("InvalidParameterValueException")},
		{"an account source", func() error {
			_, err := client(e, security, "us-east-1").PutConfigurationAggregator(e.Ctx, &configservice.PutConfigurationAggregatorInput{
				ConfigurationAggregatorName: aws.String("org"),
				AccountAggregationSources:   []types.AccountAggregationSource{{AccountIds: []string{auditID}, AllAwsRegions: true}}})
			return err
		}, expect.Code("InvalidParameterValueException")},
		{"create", func() error {
			_, err := client(e, security, "us-east-1").PutConfigurationAggregator(e.Ctx, &configservice.PutConfigurationAggregatorInput{
				ConfigurationAggregatorName: aws.String("org"), OrganizationAggregationSource: orgSourceOf(secID, "us-east-1", "eu-west-1"),
				Tags: []types.Tag{{Key: aws.String("owner"), Value: aws.String("secops")}}})
			return err
		}, expect.OK},
		{"update", func() error { return put(e, security, "org", orgSourceOf(secID)) }, expect.OK},
		{"a name not there", func() error {
			_, err := client(e, security, "us-east-1").DescribeConfigurationAggregators(e.Ctx, &configservice.DescribeConfigurationAggregatorsInput{ConfigurationAggregatorNames: []string{"other"}})
			return err
		}, is("NoSuchConfigurationAggregatorException", msgNoAggregator)},
		{"a limit out of range", func() error {
			_, err := client(e, security, "us-east-1").DescribeConfigurationAggregators(e.Ctx, &configservice.DescribeConfigurationAggregatorsInput{Limit: 11})
			return err
		}, expect.Code("InvalidLimitException")},
		{"delete one not there", func() error {
			_, err := client(e, security, "us-east-1").DeleteConfigurationAggregator(e.Ctx, &configservice.DeleteConfigurationAggregatorInput{ConfigurationAggregatorName: aws.String("other")})
			return err
		}, is("NoSuchConfigurationAggregatorException", msgNoAggregator)},
	}
	for _, c := range cases {
		expect.Check(t, c.name, c.call(), c.want)
	}
	// The aggregator is the security account's, in us-east-1 only, and
	// survives a restart.
	e.Reopen()
	out, err := client(e, security, "us-east-1").DescribeConfigurationAggregators(e.Ctx, &configservice.DescribeConfigurationAggregatorsInput{})
	if err != nil || len(out.ConfigurationAggregators) != 1 {
		t.Fatalf("DescribeConfigurationAggregators = %+v, %v", out, err)
	}
	a := out.ConfigurationAggregators[0]
	src := a.OrganizationAggregationSource
	if aws.ToString(a.ConfigurationAggregatorName) != "org" || !src.AllAwsRegions || len(src.AwsRegions) != 0 ||
		aws.ToString(src.RoleArn) != "arn:aws:iam::"+secID+":role/"+DefaultRole || a.CreationTime == nil || a.LastUpdatedTime == nil {
		t.Errorf("aggregator after update: %+v %+v", a, src)
	}
	for _, other := range []struct {
		creds  aws.CredentialsProvider
		region string
	}{{security, "eu-west-1"}, {e.Admin(), "us-east-1"}} {
		out, err := client(e, other.creds, other.region).DescribeConfigurationAggregators(e.Ctx, &configservice.DescribeConfigurationAggregatorsInput{})
		if err != nil || len(out.ConfigurationAggregators) != 0 {
			t.Errorf("aggregators elsewhere: %+v, %v", out, err)
		}
	}
	// Tags are taken at creation, not on update.
	tags, err := client(e, security, "us-east-1").ListTagsForResource(e.Ctx, &configservice.ListTagsForResourceInput{ResourceArn: a.ConfigurationAggregatorArn})
	if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "owner" {
		t.Errorf("ListTagsForResource = %+v, %v", tags, err)
	}
	_, err = client(e, audit, "us-east-1").ListTagsForResource(e.Ctx, &configservice.ListTagsForResourceInput{ResourceArn: a.ConfigurationAggregatorArn})
	expect.Check(t, "another account's aggregator's tags", err, expect.Code("ResourceNotFoundException"))
	// Once no longer the delegated administrator, the account cannot
	// change its aggregator, yet can delete it.
	if _, err := e.Org.DeregisterDelegatedAdministrator(e.Ctx, &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(secID), ServicePrincipal: aws.String(principal)}); err != nil {
		t.Fatal(err)
	}
	expect.Check(t, "update after deregistration", put(e, security, "org", orgSourceOf(secID)), is("OrganizationAccessDeniedException", msgNotDelegated))
	_, err = client(e, security, "us-east-1").DeleteConfigurationAggregator(e.Ctx, &configservice.DeleteConfigurationAggregatorInput{ConfigurationAggregatorName: aws.String("org")})
	expect.Check(t, "delete", err, expect.OK)
}

// Roles come from the settings: an account's own, or every account's.
func TestRoles(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t, WithRoles(map[string][]string{"*": {"service-role/Agg"}}))
	secID, security := e.NewMember("security", time.Minute)
	e.TrustedAccess(principal)
	e.Delegate(secID, principal)
	expect.Check(t, "the default role, replaced", put(e, security, "org", orgSourceOf(secID)), expect.Code("InvalidRoleException"))
	src := orgSourceOf(secID)
	src.RoleArn = aws.String("arn:aws:iam::" + secID + ":role/service-role/Agg")
	expect.Check(t, "the role with its path", put(e, security, "org", src), expect.OK)
	src.RoleArn = aws.String("arn:aws:iam::" + secID + ":role/Agg")
	expect.Check(t, "the role without its path", put(e, security, "org", src), expect.Code("InvalidRoleException"))
}

func TestPages(t *testing.T) {
	t.Parallel()
	e := sandboxtest.New(t)
	secID, security := e.NewMember("security", time.Minute)
	e.TrustedAccess(principal)
	e.Delegate(secID, principal)
	for _, n := range []string{"a", "b", "c"} {
		if err := put(e, security, n, orgSourceOf(secID)); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	p := configservice.NewDescribeConfigurationAggregatorsPaginator(client(e, security, "us-east-1"), &configservice.DescribeConfigurationAggregatorsInput{Limit: 2})
	for p.HasMorePages() {
		out, err := p.NextPage(e.Ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range out.ConfigurationAggregators {
			names = append(names, *a.ConfigurationAggregatorName)
		}
	}
	if len(names) != 3 || names[0] != "a" || names[2] != "c" {
		t.Errorf("pages: %v", names)
	}
}
