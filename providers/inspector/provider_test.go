package inspector_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	inp "github.com/orgctl/orgctl/providers/inspector"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	sbins "github.com/orgctl/orgctl/sandbox/inspector"
	ins "github.com/orgctl/orgctl/services/inspector"
)

var regions = []string{"us-east-1", "eu-west-1"}

func newProviders(sb *providertest.Sandbox, settings ...func(*providers.Settings)) func() []engine.Provider {
	return func() []engine.Provider {
		s := providers.Settings{HomeRegion: "us-east-1", Regions: regions}
		for _, f := range settings {
			f(&s)
		}
		env := providertest.Env(sb.Cfg, s)
		return []engine.Provider{orgp.New(env), inp.New(env)}
	}
}

func withMembers(s *providers.Settings) { s.Members = true }

// spec is an organization with two candidate security accounts and n
// more, the administrator named, and the inspector section given.
func spec(admin, inspector string, n int) map[string]string {
	var accounts strings.Builder
	for i := range n {
		accounts.WriteString("  - {name: workload-" + itoa(i) + ", email: aws+workload-" + itoa(i) + "@example.com}\n")
	}
	return map[string]string{"org.yaml": `version: 1
settings: {homeRegion: us-east-1, regions: [us-east-1, eu-west-1]}
accounts:
  - {name: security, email: aws+security@example.com}
  - {name: security-2, email: aws+security-2@example.com}
  - {name: management, email: management@sandbox.example}
` + accounts.String() + `security:
  admin: ` + admin + `
  inspector: ` + inspector + "\n"}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestConformance(t *testing.T) {
	t.Parallel()
	// A settle window makes the first configuration wait, as on AWS.
	sb := providertest.NewSandbox(t, sbins.WithAdminSettleDelay(300*time.Millisecond))
	providertest.Conformance{
		Service:      ins.Name,
		NewProviders: newProviders(sb),
		Exempt: map[string]string{
			"update inspector-admin":      "an administrator's region and account are its key: moving it is a delete and a create",
			"delete inspector-org-config": "it goes with its administrator (moving the administrator takes it), never on its own",
			"delete inspector-members":    "orgctl never removes members",
			"update inspector-members":    "a plan without --members trusts the organization configuration; TestMembers updates it",
		},
	}.Run(t,
		providertest.Step{Name: "create", Files: spec("security", "{members: all, scans: [EC2, ECR]}", 2)},
		providertest.Step{Name: "update", AllowDestroy: true, Files: spec("security", "{members: new, scans: [EC2, LAMBDA, LAMBDA_CODE]}", 2)},
		providertest.Step{Name: "move the administrator", AllowDestroy: true, Files: spec("security-2", "{members: all}", 2)},
	)
}

// securityID is the security account's ID, once the organization exists.
func securityID(t *testing.T, sb *providertest.Sandbox, email string) string {
	t.Helper()
	id, ok := providertest.LiveIDs(t, newProviders(sb)()).ID(engine.Ref{Kind: "account", Key: email})
	if !ok {
		t.Fatalf("no account %s", email)
	}
	return id
}

// After apply, the security account sees the spec's scan types
// auto-enabled in every governed region. Turning one off out of band is
// drift that apply restores, and restoring it is not destructive.
func TestDriftWhenAutoEnableIsTurnedOff(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbins.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security", "{members: new, scans: [EC2, ECR, LAMBDA]}", 0)
	run.Apply(files, false)
	security := securityID(t, sb, "aws+security@example.com")
	for _, region := range regions {
		api := inspector2.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", region))
		if got := describe(t, api); !*got.Ec2 || !*got.Ecr || !*got.Lambda || *got.LambdaCode || *got.CodeRepository {
			t.Errorf("%s: auto-enable %+v, want EC2, ECR and LAMBDA", region, got)
		}
	}
	api := inspector2.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", "eu-west-1"))
	if _, err := api.UpdateOrganizationConfiguration(context.Background(), &inspector2.UpdateOrganizationConfigurationInput{
		AutoEnable: &types.AutoEnable{Ec2: aws.Bool(true), Ecr: aws.Bool(false), Lambda: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	p := run.Plan(files)
	if got := providertest.Brief(p); got != "update inspector-org-config:eu-west-1/aws+security@example.com" || p.Summary.Destructive != 0 {
		t.Fatalf("want one update, not destructive, in eu-west-1; got %s (%d destructive)", got, p.Summary.Destructive)
	}
	run.Apply(files, false)
	if got := describe(t, api); !*got.Ecr {
		t.Errorf("after apply: ECR not auto-enabled")
	}
	// Turning a scan type off in the spec is destructive.
	p = run.Plan(spec("security", "{members: new, scans: [EC2, LAMBDA]}", 0))
	if p.Summary.Destructive != 2 {
		t.Errorf("turning ECR off: %d destructive changes, want 2 (one per region): %s", p.Summary.Destructive, providertest.Brief(p))
	}
}

// The management account cannot administer Inspector: the plan says so at
// security.admin's line, and nothing is changed.
func TestManagementAccountAsAdministratorIsRefused(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	_, err := engine.MakePlan(context.Background(), providertest.Load(t, spec("management", "{}", 0)), newProviders(sb)())
	if err == nil || !strings.Contains(err.Error(), "org.yaml:8:10") || !strings.Contains(err.Error(), "the management account cannot be Amazon Inspector's delegated administrator") {
		t.Fatalf("want the refusal at org.yaml:8:10, got %v", err)
	}
}

// Inspector's own refusal of configuration from the management account,
// as the AWS CLI or a mistaken role would send it.
func TestConfigurationFromTheManagementAccountIsRefused(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbins.WithAdminSettleDelay(0))
	providertest.Runner{T: t, NewProviders: newProviders(sb)}.Apply(spec("security", "{members: new}", 0), false)
	_, err := inspector2.NewFromConfig(sb.Cfg).UpdateOrganizationConfiguration(context.Background(), &inspector2.UpdateOrganizationConfigurationInput{
		AutoEnable: &types.AutoEnable{Ec2: aws.Bool(false), Ecr: aws.Bool(false)}})
	var denied *types.AccessDeniedException
	if !errorsAs(err, &denied) || !strings.Contains(denied.ErrorMessage(), "not the delegated administrator") {
		t.Errorf("UpdateOrganizationConfiguration from the management account: %v", err)
	}
}

// A no-change plan costs, per region, one call from the management
// account and one as the administrator, plus one AssumeRole: members
// are not listed.
func TestNoChangePlanCalls(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbins.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security", "{members: all}", 3)
	run.Apply(files, false)
	before := sb.SB.Calls()
	if p := run.Plan(files); !p.Empty() {
		t.Fatalf("not converged: %s %+v", providertest.Brief(p), p.Changes[0].Fields)
	}
	got := map[string]int{}
	for op, n := range sb.SB.Calls() {
		if (strings.HasPrefix(op, "inspector2:") || op == "sts:AssumeRole") && n > before[op] {
			got[op] = n - before[op]
		}
	}
	n := len(regions)
	want := map[string]int{"inspector2:ListDelegatedAdminAccounts": n, "inspector2:DescribeOrganizationConfiguration": n, "sts:AssumeRole": 1}
	if len(got) != len(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	for op, c := range want {
		if got[op] != c {
			t.Errorf("%s: %d calls, want %d", op, got[op], c)
		}
	}
}

func describe(t *testing.T, api *inspector2.Client) *types.AutoEnable {
	t.Helper()
	out, err := api.DescribeOrganizationConfiguration(context.Background(), &inspector2.DescribeOrganizationConfigurationInput{})
	if err != nil {
		t.Fatal(err)
	}
	return out.AutoEnable
}
