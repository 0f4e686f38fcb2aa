package securityhub_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	shp "github.com/orgctl/orgctl/providers/securityhub"
	sbsh "github.com/orgctl/orgctl/sandbox/securityhub"
	sh "github.com/orgctl/orgctl/services/securityhub"
)

var regions = []string{"us-east-1", "eu-west-1"}

func newProviders(sb *providertest.Sandbox) func() []engine.Provider {
	return func() []engine.Provider {
		env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: regions})
		return []engine.Provider{orgp.New(env), shp.New(env)}
	}
}

// spec is an organization with two candidate security accounts and an
// application account in Workloads/Prod, the administrator named, and
// the securityHub section given (indented by four).
func spec(admin, securityHub string) map[string]string {
	return map[string]string{"org.yaml": `version: 1
settings: {homeRegion: us-east-1, regions: [us-east-1, eu-west-1]}
organizationalUnits:
  - name: Workloads
    children: [{name: Prod}]
accounts:
  - {name: security, email: aws+security@example.com}
  - {name: security-2, email: aws+security-2@example.com}
  - {name: app, email: aws+app@example.com, ou: Workloads/Prod}
  - {name: management, email: management@sandbox.example}
security:
  admin: ` + admin + `
  securityHub:
` + securityHub}
}

const (
	created = `    policies:
      - name: baseline
        description: every account
        standards: [aws-foundational-security-best-practices/v/1.0.0]
        disabledControls: [IAM.6]
        controlParameters: {IAM.7: {MaxPasswordAge: 90}}
        targets: [Root]
      - name: prod
        standards: [aws-foundational-security-best-practices/v/1.0.0, cis-aws-foundations-benchmark/v/3.0.0]
        targets: [Workloads/Prod]
`
	updated = `    aggregation: {regions: all}
    policies:
      - name: baseline
        standards: [aws-foundational-security-best-practices/v/1.0.0, nist-800-53/v/5.0.0]
        disabledControls: [IAM.6, EC2.10]
        controlParameters: {IAM.7: {MaxPasswordAge: 60, RequireSymbols: true}}
        targets: [Root, Workloads/Prod]
`
)

func TestConformance(t *testing.T) {
	t.Parallel()
	// Delays make designation, central configuration and associations
	// wait, as on AWS.
	sb := providertest.NewSandbox(t, sbsh.WithDelays(200*time.Millisecond))
	providertest.Conformance{
		Service:      sh.Name,
		NewProviders: newProviders(sb),
		Exempt: map[string]string{
			"update securityhub-admin":      "an administrator's region and account are its key: moving it is a delete and a create",
			"update securityhub-org-config": "the spec's configuration is always CENTRAL: LOCAL set by hand is drift, restored in TestDriftIsRestored",
		},
	}.Run(t,
		providertest.Step{Name: "create", Files: spec("security", created)},
		providertest.Step{Name: "update", AllowDestroy: true, Files: spec("security", updated)},
		providertest.Step{Name: "drop the policies", AllowDestroy: true, Files: spec("security", "    {}\n")},
		providertest.Step{Name: "move the administrator", AllowDestroy: true, Files: spec("security-2", "    aggregation: {regions: [eu-west-1]}\n")},
	)
}

// admin is a Security Hub client of the security account in region.
func admin(t *testing.T, sb *providertest.Sandbox, run providertest.Runner, region string) *securityhub.Client {
	security, _ := providertest.LiveIDs(t, run.NewProviders()).ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	return securityhub.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", region))
}

// After apply, the security account (through the cross-account role, as
// a user would) sees central configuration and the policies; switching
// back to LOCAL, or changing a policy, out of band is drift that apply
// restores.
func TestDriftIsRestored(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbsh.WithDelays(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security", created)
	run.Apply(files, false)
	api := admin(t, sb, run, "us-east-1")
	ctx := context.Background()
	policies, err := api.ListConfigurationPolicies(ctx, &securityhub.ListConfigurationPoliciesInput{})
	if err != nil || len(policies.ConfigurationPolicySummaries) != 2 {
		t.Fatalf("ListConfigurationPolicies = %+v, %v", policies, err)
	}
	// A policy changed by hand: its standard off.
	var baseline string
	for _, s := range policies.ConfigurationPolicySummaries {
		if *s.Name == "baseline" {
			baseline = *s.Id
		}
	}
	if _, err := api.UpdateConfigurationPolicy(ctx, &securityhub.UpdateConfigurationPolicyInput{Identifier: aws.String(baseline),
		ConfigurationPolicy: &types.PolicyMemberSecurityHub{Value: types.SecurityHubPolicy{ServiceEnabled: aws.Bool(true),
			EnabledStandardIdentifiers: []string{},
			SecurityControlsConfiguration: &types.SecurityControlsConfiguration{DisabledSecurityControlIdentifiers: []string{"IAM.6"},
				SecurityControlCustomParameters: []types.SecurityControlCustomParameter{{SecurityControlId: aws.String("IAM.7"),
					Parameters: map[string]types.ParameterConfiguration{"MaxPasswordAge": {ValueType: types.ParameterValueTypeCustom, Value: &types.ParameterValueMemberInteger{Value: 90}}}}}}}}}); err != nil {
		t.Fatal(err)
	}
	if p := run.Plan(files); providertest.Brief(p) != "update securityhub-policy:baseline" || p.Summary.Destructive != 0 {
		t.Errorf("after a policy changed by hand, plan: %s (%d destructive)", providertest.Brief(p), p.Summary.Destructive)
	}
	run.Apply(files, false)
	// Back to LOCAL by hand.
	if _, err := api.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false),
		OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: types.OrganizationConfigurationConfigurationTypeLocal}}); err != nil {
		t.Fatal(err)
	}
	// With LOCAL, the policies are out of sight: the plan makes them
	// again, which finds and keeps them.
	p := run.Plan(files)
	if got := providertest.Brief(p); !strings.HasPrefix(got, "update securityhub-org-config:us-east-1/aws+security@example.com") || p.Summary.Destructive != 0 {
		t.Errorf("after LOCAL by hand, plan: %s (%d destructive)", got, p.Summary.Destructive)
	}
	run.Apply(files, false)
	if p := run.Plan(files); !p.Empty() {
		t.Errorf("not converged: %s", providertest.Brief(p))
	}
	out, err := api.DescribeOrganizationConfiguration(ctx, &securityhub.DescribeOrganizationConfigurationInput{})
	if err != nil || out.OrganizationConfiguration.ConfigurationType != types.OrganizationConfigurationConfigurationTypeCentral {
		t.Errorf("DescribeOrganizationConfiguration = %+v, %v", out, err)
	}
	// The root applies baseline, and the application account inherits
	// prod from Workloads/Prod.
	app, _ := providertest.LiveIDs(t, run.NewProviders()).ID(engine.Ref{Kind: "account", Key: "aws+app@example.com"})
	a, err := api.GetConfigurationPolicyAssociation(ctx, &securityhub.GetConfigurationPolicyAssociationInput{Target: &types.TargetMemberAccountId{Value: app}})
	if err != nil || a.AssociationType != types.AssociationTypeInherited || a.AssociationStatus != types.ConfigurationPolicyAssociationStatusSuccess || *a.ConfigurationPolicyId == baseline {
		t.Errorf("the application account's configuration: %+v, %v", a, err)
	}
}

// A policy not tagged as orgctl's and not in the spec is left alone and
// shown unmanaged; one tagged as orgctl's is deleted only with
// --allow-destroy.
func TestOwnership(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbsh.WithDelays(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	run.Apply(spec("security", created), false)
	api := admin(t, sb, run, "us-east-1")
	if _, err := api.CreateConfigurationPolicy(context.Background(), &securityhub.CreateConfigurationPolicyInput{Name: aws.String("by-hand"),
		ConfigurationPolicy: &types.PolicyMemberSecurityHub{Value: types.SecurityHubPolicy{ServiceEnabled: aws.Bool(false)}}}); err != nil {
		t.Fatal(err)
	}
	files := spec("security", strings.Replace(created, "      - name: prod\n        standards: [aws-foundational-security-best-practices/v/1.0.0, cis-aws-foundations-benchmark/v/3.0.0]\n        targets: [Workloads/Prod]\n", "", 1))
	p := run.Plan(files)
	if got := providertest.Brief(p); got != "delete securityhub-association:ou:Workloads/Prod, delete securityhub-policy:prod" || p.Summary.Destructive != 2 {
		t.Errorf("plan: %s (%d destructive)", got, p.Summary.Destructive)
	}
	var unmanaged []string
	for _, u := range p.Unmanaged {
		unmanaged = append(unmanaged, string(u.Kind)+":"+u.Key)
	}
	if !strings.Contains(strings.Join(unmanaged, " "), "securityhub-policy:by-hand") {
		t.Errorf("unmanaged: %v, want the policy made by hand", unmanaged)
	}
	res, err := engine.Apply(context.Background(), p, run.NewProviders(), engine.ApplyOptions{Parallelism: 4})
	if err == nil && !res.Failed() {
		t.Error("apply deleted orgctl's policy without --allow-destroy")
	}
}

// The management account cannot administer Security Hub: the plan says so
// at security.admin's line, and nothing is changed.
func TestManagementAccountAsAdministratorIsRefused(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	_, err := engine.MakePlan(context.Background(), providertest.Load(t, spec("management", "    {}\n")), newProviders(sb)())
	if err == nil || !strings.Contains(err.Error(), "org.yaml:12:10") || !strings.Contains(err.Error(), "the management account cannot be Security Hub's delegated administrator") {
		t.Fatalf("want the refusal at org.yaml:12:10, got %v", err)
	}
}

// An association Security Hub fails is an apply error with AWS's reason:
// here the application account was closed after the plan.
func TestFailedAssociationIsReported(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbsh.WithDelays(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	run.Apply(spec("security", "    {}\n"), false)
	files := spec("security", "    policies: [{name: app, standards: [nist-800-53/v/5.0.0], targets: [app]}]\n")
	p := run.Plan(files)
	appID, _ := providertest.LiveIDs(t, run.NewProviders()).ID(engine.Ref{Kind: "account", Key: "aws+app@example.com"})
	if _, err := organizations.NewFromConfig(sb.Cfg).CloseAccount(context.Background(), &organizations.CloseAccountInput{AccountId: aws.String(appID)}); err != nil {
		t.Fatal(err)
	}
	res, err := engine.Apply(context.Background(), p, run.NewProviders(), engine.ApplyOptions{Parallelism: 4})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range res.Errors {
		if e != nil {
			msgs = append(msgs, e.Error())
		}
	}
	want := "Security Hub could not associate account:aws+app@example.com with configuration policy app: Account " + appID + " is not an active member of the organization."
	if len(msgs) != 1 || !strings.Contains(msgs[0], want) {
		t.Errorf("apply errors %q, want %q", msgs, want)
	}
}

// A no-change plan costs, per region, one call from the management
// account; in the aggregation Region, as the administrator, three calls,
// two for each policy and one for the associations; and one AssumeRole.
func TestNoChangePlanCalls(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbsh.WithDelays(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security", created)
	run.Apply(files, false)
	before := sb.SB.Calls()
	if p := run.Plan(files); !p.Empty() {
		t.Fatalf("not converged: %s", providertest.Brief(p))
	}
	got := map[string]int{}
	for op, n := range sb.SB.Calls() {
		if (strings.HasPrefix(op, "securityhub:") || op == "sts:AssumeRole") && n > before[op] {
			got[op] = n - before[op]
		}
	}
	want := map[string]int{"securityhub:ListOrganizationAdminAccounts": len(regions), "securityhub:ListFindingAggregators": 1,
		"securityhub:GetFindingAggregator": 1, "securityhub:DescribeOrganizationConfiguration": 1, "securityhub:ListConfigurationPolicies": 1,
		"securityhub:GetConfigurationPolicy": 2, "securityhub:ListTagsForResource": 2, "securityhub:ListConfigurationPolicyAssociations": 1,
		"sts:AssumeRole": 1}
	if len(got) != len(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	for op, c := range want {
		if got[op] != c {
			t.Errorf("%s: %d calls, want %d", op, got[op], c)
		}
	}
}

// Central configuration is the administrator's, in the aggregation
// Region: the same change made as the management account, or in another
// region, is refused with AWS's errors, which orgctl reports as they are.
func TestCentralConfigurationRefusals(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbsh.WithDelays(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security", created)
	run.Apply(files, false)
	live, ids, err := engine.ReadLive(context.Background(), run.NewProviders(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var policy engine.Resource
	for _, r := range live {
		if r.Kind == sh.KindPolicy && r.Key == "baseline" {
			policy = r
		}
	}
	for _, tt := range []struct{ name, account, region, want string }{
		{"from the management account", "management@sandbox.example", "us-east-1",
			"AWS said AccessDeniedException: Must be a Security Hub delegated administrator with Central Configuration enabled"},
		{"from another region", "aws+security@example.com", "eu-west-1",
			"AWS said AccessDeniedException: Central Configuration APIs can only be called from the aggregation region"},
	} {
		after := engine.Attrs{}
		for k, v := range policy.Attrs {
			after[k] = v
		}
		after[sh.AttrAccount], after[sh.AttrRegion] = tt.account, tt.region
		after[sh.AttrDisabledControls] = []string{"IAM.6", "IAM.7"}
		c := &engine.Change{Action: engine.Update, Kind: sh.KindPolicy, Key: "baseline", Before: policy.Attrs, After: after}
		_, err := shp.New(providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: regions})).Apply(context.Background(), c, ids)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// Policies are their administrator's: moving the administrator with
// policies in the spec is refused at plan, at the policy, with what to
// do instead.
func TestMovingTheAdministratorWithPoliciesIsRefused(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbsh.WithDelays(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	run.Apply(spec("security", created), false)
	_, err := engine.MakePlan(context.Background(), providertest.Load(t, spec("security-2", created)), newProviders(sb)())
	if err == nil || !strings.Contains(err.Error(), "org.yaml:15:9") || !strings.Contains(err.Error(), "first apply the spec with no policies") {
		t.Fatalf("want the refusal at the first policy, org.yaml:15:9; got %v", err)
	}
}

// A create whose answer was lost is retried by the SDK, and the retry
// meets the aggregator the first attempt made (ResourceConflictException):
// apply takes that aggregator as its own.
func TestAggregatorMadeByALostCreateIsTaken(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbsh.WithDelays(0))
	lossy := *sb
	lossy.Cfg = providertest.LoseFirstAnswers(sb.Cfg, "CreateFindingAggregator")
	run := providertest.Runner{T: t, NewProviders: newProviders(&lossy)}
	files := spec("security", "    aggregation: {regions: [eu-west-1]}\n")
	run.Apply(files, false)
	if p := run.Plan(files); !p.Empty() {
		t.Errorf("the aggregator taken is not as the spec says: %s", providertest.Brief(p))
	}
	aggs, err := admin(t, sb, run, "us-east-1").ListFindingAggregators(context.Background(), &securityhub.ListFindingAggregatorsInput{})
	if err != nil || len(aggs.FindingAggregators) != 1 {
		t.Fatalf("ListFindingAggregators = %+v, %v", aggs, err)
	}
}
