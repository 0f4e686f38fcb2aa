package guardduty_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	gdp "github.com/orgctl/orgctl/providers/guardduty"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	sbgd "github.com/orgctl/orgctl/sandbox/guardduty"
	gd "github.com/orgctl/orgctl/services/guardduty"
)

var regions = []string{"us-east-1", "eu-west-1"}

func newProviders(sb *providertest.Sandbox) func() []engine.Provider {
	return func() []engine.Provider {
		env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: regions})
		return []engine.Provider{orgp.New(env), gdp.New(env)}
	}
}

// spec is an organization with two candidate security accounts, the
// administrator named, and the guardDuty section given.
func spec(admin, guardDuty string) map[string]string {
	return map[string]string{"org.yaml": `version: 1
settings: {homeRegion: us-east-1, regions: [us-east-1, eu-west-1]}
accounts:
  - {name: security, email: aws+security@example.com}
  - {name: security-2, email: aws+security-2@example.com}
  - {name: management, email: management@sandbox.example}
security:
  admin: ` + admin + `
  guardDuty: ` + guardDuty + "\n"}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	// A settle window makes the first configuration wait, as on AWS.
	sb := providertest.NewSandbox(t, sbgd.WithAdminSettleDelay(300*time.Millisecond))
	providertest.Conformance{
		Service:      gd.Name,
		NewProviders: newProviders(sb),
		Exempt: map[string]string{
			"update guardduty-admin":      "an administrator's region and account are its key: moving it is a delete and a create",
			"delete guardduty-org-config": "it goes with its administrator (moving the administrator takes it), never on its own",
		},
	}.Run(t,
		providertest.Step{Name: "create", Files: spec("security", "{members: all, features: {S3_DATA_EVENTS: all}}")},
		providertest.Step{Name: "update", AllowDestroy: true, Files: spec("security", "{members: new, features: {S3_DATA_EVENTS: all, RUNTIME_MONITORING: all}}")},
		providertest.Step{Name: "move the administrator", AllowDestroy: true, Files: spec("security-2", "{members: new}")},
	)
}

// After apply, the security account (through the cross-account role, as a
// user would with aws sts assume-role) sees every member auto-enabled in
// every governed region. Turning that off out of band is drift that
// apply restores, and restoring it is not destructive.
func TestDriftWhenAutoEnableIsTurnedOff(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbgd.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security", "{members: all}")
	run.Apply(files, false)
	security, _ := providertest.LiveIDs(t, newProviders(sb)()).ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	for _, region := range regions {
		api := guardduty.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", region))
		cfg := describe(t, api)
		if cfg.AutoEnableOrganizationMembers != types.AutoEnableMembersAll {
			t.Errorf("%s: members %s, want ALL", region, cfg.AutoEnableOrganizationMembers)
		}
	}
	api := guardduty.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", "eu-west-1"))
	det := describeDetector(t, api)
	if _, err := api.UpdateOrganizationConfiguration(context.Background(), &guardduty.UpdateOrganizationConfigurationInput{
		DetectorId: aws.String(det), AutoEnableOrganizationMembers: types.AutoEnableMembersNone,
	}); err != nil {
		t.Fatal(err)
	}
	p := run.Plan(files)
	if got := providertest.Brief(p); got != "update guardduty-org-config:eu-west-1/aws+security@example.com" || p.Summary.Destructive != 0 {
		t.Fatalf("want one update, not destructive, in eu-west-1; got %s (%d destructive)", got, p.Summary.Destructive)
	}
	run.Apply(files, false)
	if cfg := describe(t, api); cfg.AutoEnableOrganizationMembers != types.AutoEnableMembersAll {
		t.Errorf("after apply: members %s, want ALL", cfg.AutoEnableOrganizationMembers)
	}
}

// The management account cannot administer GuardDuty: the plan says so at
// security.admin's line, and nothing is changed.
func TestManagementAccountAsAdministratorIsRefused(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	_, err := engine.MakePlan(context.Background(), providertest.Load(t, spec("management", "{}")), newProviders(sb)())
	if err == nil || !strings.Contains(err.Error(), "org.yaml:8:10") || !strings.Contains(err.Error(), "the management account cannot be GuardDuty's delegated administrator") {
		t.Fatalf("want the refusal at org.yaml:8:10, got %v", err)
	}
}

// A no-change plan costs, per region, one call from the management
// account and two as the administrator, plus one AssumeRole.
func TestNoChangePlanCalls(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbgd.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security", "{members: all, features: {S3_DATA_EVENTS: all}}")
	run.Apply(files, false)
	before := sb.SB.Calls()
	if p := run.Plan(files); !p.Empty() {
		t.Fatalf("not converged: %s", providertest.Brief(p))
	}
	got := map[string]int{}
	for op, n := range sb.SB.Calls() {
		if (strings.HasPrefix(op, "guardduty:") || op == "sts:AssumeRole") && n > before[op] {
			got[op] = n - before[op]
		}
	}
	n := len(regions)
	want := map[string]int{"guardduty:ListOrganizationAdminAccounts": n, "guardduty:ListDetectors": n,
		"guardduty:DescribeOrganizationConfiguration": n, "sts:AssumeRole": 1}
	if len(got) != len(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	for op, c := range want {
		if got[op] != c {
			t.Errorf("%s: %d calls, want %d", op, got[op], c)
		}
	}
}

func describeDetector(t *testing.T, api *guardduty.Client) string {
	t.Helper()
	out, err := api.ListDetectors(context.Background(), &guardduty.ListDetectorsInput{})
	if err != nil || len(out.DetectorIds) != 1 {
		t.Fatalf("ListDetectors: %v %v", out, err)
	}
	return out.DetectorIds[0]
}

func describe(t *testing.T, api *guardduty.Client) *guardduty.DescribeOrganizationConfigurationOutput {
	t.Helper()
	out, err := api.DescribeOrganizationConfiguration(context.Background(), &guardduty.DescribeOrganizationConfigurationInput{DetectorId: aws.String(describeDetector(t, api))})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// An apply stopped right after designating the administrator leaves one
// GuardDuty does not yet let read its configuration: the next plan must
// not fail on that, but set the whole configuration, which apply writes
// once GuardDuty takes it.
func TestPlanWhileTheNewAdministratorSettles(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbgd.WithAdminSettleDelay(3*time.Second))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security", "{members: all}")
	accountsOnly := map[string]string{"org.yaml": strings.Split(files["org.yaml"], "security:")[0] +
		"organization: {trustedAccess: [guardduty.amazonaws.com]}\n"}
	run.Apply(accountsOnly, false)
	security, _ := providertest.LiveIDs(t, newProviders(sb)()).ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	mgmt := sb.Cfg.Copy()
	mgmt.Region = "us-east-1"
	if _, err := guardduty.NewFromConfig(mgmt).EnableOrganizationAdminAccount(context.Background(),
		&guardduty.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(security)}); err != nil {
		t.Fatal(err)
	}
	p := run.Plan(files)
	if got := providertest.Brief(p); !strings.Contains(got, "create guardduty-org-config:us-east-1/aws+security@example.com") &&
		!strings.Contains(got, "update guardduty-org-config:us-east-1/aws+security@example.com") {
		t.Fatalf("while the administrator settles, the plan should set its configuration: %s", got)
	}
	run.Apply(files, false)
	if p := run.Plan(files); !p.Empty() {
		t.Errorf("not converged: %s", providertest.Brief(p))
	}
}
