package config_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	cfgp "github.com/orgctl/orgctl/providers/config"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	sbcfg "github.com/orgctl/orgctl/sandbox/config"
	cfg "github.com/orgctl/orgctl/services/config"
)

var regions = []string{"us-east-1", "eu-west-1"}

func newProviders(sb *providertest.Sandbox) func() []engine.Provider {
	return func() []engine.Provider {
		env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: regions})
		return []engine.Provider{orgp.New(env), cfgp.New(env)}
	}
}

// spec is an organization with two candidate security accounts, the
// administrator named, and the config section given.
func spec(admin, config string) map[string]string {
	return map[string]string{"org.yaml": `version: 1
settings: {homeRegion: us-east-1, regions: [us-east-1, eu-west-1]}
accounts:
  - {name: security, email: aws+security@example.com}
  - {name: security-2, email: aws+security-2@example.com}
  - {name: management, email: management@sandbox.example}
security:
  admin: ` + admin + `
  config: ` + config + "\n"}
}

// roles: the default one in every account, and another with a path.
var roles = sbcfg.WithRoles(map[string][]string{"*": {"OrgConfigAggregator", "service-role/Aggregator"}})

func TestConformance(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, roles)
	providertest.Conformance{
		Service:      cfg.Name,
		NewProviders: newProviders(sb),
	}.Run(t,
		providertest.Step{Name: "create", Files: spec("security", "{aggregator: {name: org, roleName: OrgConfigAggregator}}")},
		providertest.Step{Name: "all regions, another role", Files: spec("security", "{aggregator: {name: org, roleName: service-role/Aggregator, regions: all}}")},
		providertest.Step{Name: "fewer regions", AllowDestroy: true, Files: spec("security", "{aggregator: {name: org, roleName: OrgConfigAggregator, regions: [eu-west-1]}}")},
		providertest.Step{Name: "renamed: the old one, orgctl's, goes", AllowDestroy: true, Files: spec("security", "{aggregator: {name: org-2, roleName: OrgConfigAggregator}}")},
	)
}

// After apply, the security account (as a user would with aws sts
// assume-role) sees the aggregator; changing its Regions out of band is
// drift that apply restores, and narrowing it needs --allow-destroy.
func TestDrift(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security", "{aggregator: {name: org, roleName: OrgConfigAggregator}}")
	run.Apply(files, false)
	security, _ := providertest.LiveIDs(t, newProviders(sb)()).ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	api := configservice.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", "us-east-1"))
	a := describe(t, api)
	if src := a.OrganizationAggregationSource; aws.ToString(src.RoleArn) != "arn:aws:iam::"+security+":role/OrgConfigAggregator" ||
		strings.Join(src.AwsRegions, ",") != "eu-west-1,us-east-1" || src.AllAwsRegions {
		t.Fatalf("aggregator after apply: %+v", src)
	}
	if _, err := api.PutConfigurationAggregator(context.Background(), &configservice.PutConfigurationAggregatorInput{
		ConfigurationAggregatorName: aws.String("org"),
		OrganizationAggregationSource: &types.OrganizationAggregationSource{
			RoleArn: a.OrganizationAggregationSource.RoleArn, AwsRegions: []string{"us-east-1"}},
	}); err != nil {
		t.Fatal(err)
	}
	p := run.Plan(files)
	if got := providertest.Brief(p); got != "update config-aggregator:us-east-1/aws+security@example.com/org" || p.Summary.Destructive != 0 {
		t.Fatalf("want one update, not destructive; got %s (%d destructive)", got, p.Summary.Destructive)
	}
	run.Apply(files, false)
	if got := strings.Join(describe(t, api).OrganizationAggregationSource.AwsRegions, ","); got != "eu-west-1,us-east-1" {
		t.Errorf("after apply: regions %s", got)
	}
	// One made by hand is reported and left alone.
	if _, err := api.PutConfigurationAggregator(context.Background(), &configservice.PutConfigurationAggregatorInput{
		ConfigurationAggregatorName:   aws.String("by-hand"),
		OrganizationAggregationSource: &types.OrganizationAggregationSource{RoleArn: a.OrganizationAggregationSource.RoleArn, AllAwsRegions: true},
	}); err != nil {
		t.Fatal(err)
	}
	p = run.Plan(files)
	if !p.Empty() || len(p.Unmanaged) != 1 || p.Unmanaged[0].Key != "us-east-1/aws+security@example.com/by-hand" {
		t.Errorf("an aggregator made by hand: changes %s, unmanaged %+v", providertest.Brief(p), p.Unmanaged)
	}
}

// The role does not exist in the administrator account: apply fails with
// AWS's InvalidRoleException and says what the role must be.
func TestMissingRole(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	providers := newProviders(sb)
	s := providertest.Load(t, spec("security", "{aggregator: {name: org, roleName: NoSuchRole}}"))
	p, err := engine.MakePlan(context.Background(), s, providers())
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Apply(context.Background(), p, providers(), engine.ApplyOptions{Parallelism: 4})
	if err != nil {
		t.Fatal(err)
	}
	var roleErr *cfgp.RoleError
	var invalid *types.InvalidRoleException
	for i, e := range res.Errors {
		if p.Changes[i].Kind != cfg.KindAggregator {
			t.Errorf("%s failed: %v", p.Changes[i].Address(), e)
			continue
		}
		if !errors.As(e, &roleErr) || !errors.As(e, &invalid) {
			t.Fatalf("want InvalidRoleException explained, got %v", e)
		}
		for _, want := range []string{"AWS said InvalidRoleException", "role/NoSuchRole", "orgctl does not create IAM roles",
			"config.amazonaws.com", "AWSConfigRoleForOrganizations", "security.config.aggregator.roleName"} {
			if !strings.Contains(e.Error(), want) {
				t.Errorf("the error does not say %q:\n%v", want, e)
			}
		}
	}
	if !res.Failed() || roleErr == nil {
		t.Fatal("apply did not fail on the aggregator")
	}
}

// The management account cannot administer AWS Config: the plan says so
// at security.admin's line, and nothing is changed.
func TestManagementAccountAsAdministratorIsRefused(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	_, err := engine.MakePlan(context.Background(), providertest.Load(t, spec("management", "{aggregator: {roleName: OrgConfigAggregator}}")), newProviders(sb)())
	if err == nil || !strings.Contains(err.Error(), "org.yaml:8:10") || !strings.Contains(err.Error(), "the management account cannot be AWS Config's delegated administrator") {
		t.Fatalf("want the refusal at org.yaml:8:10, got %v", err)
	}
}

// A no-change plan costs one call from the management account and one as
// the administrator, plus its AssumeRole.
func TestNoChangePlanCalls(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security", "{aggregator: {name: org, roleName: OrgConfigAggregator}}")
	run.Apply(files, false)
	before := sb.SB.Calls()
	if p := run.Plan(files); !p.Empty() {
		t.Fatalf("not converged: %s", providertest.Brief(p))
	}
	got := map[string]int{}
	for op, n := range sb.SB.Calls() {
		if (strings.HasPrefix(op, "config:") || op == "sts:AssumeRole" || op == "organizations:ListDelegatedAdministrators") && n > before[op] {
			got[op] = n - before[op]
		}
	}
	// The organizations provider lists delegated administrators too.
	want := map[string]int{"config:DescribeConfigurationAggregators": 1, "sts:AssumeRole": 1}
	if got["organizations:ListDelegatedAdministrators"] < 1 {
		t.Errorf("no ListDelegatedAdministrators: %v", got)
	}
	t.Logf("no-change plan calls: %v", got)
	delete(got, "organizations:ListDelegatedAdministrators")
	if len(got) != len(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	for op, c := range want {
		if got[op] != c {
			t.Errorf("%s: %d calls, want %d", op, got[op], c)
		}
	}
}

func describe(t *testing.T, api *configservice.Client) types.ConfigurationAggregator {
	t.Helper()
	out, err := api.DescribeConfigurationAggregators(context.Background(), &configservice.DescribeConfigurationAggregatorsInput{ConfigurationAggregatorNames: []string{"org"}})
	if err != nil || len(out.ConfigurationAggregators) != 1 {
		t.Fatalf("DescribeConfigurationAggregators: %+v %v", out, err)
	}
	return out.ConfigurationAggregators[0]
}
