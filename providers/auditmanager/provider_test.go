package auditmanager_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	amp "github.com/orgctl/orgctl/providers/auditmanager"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	sbam "github.com/orgctl/orgctl/sandbox/auditmanager"
	am "github.com/orgctl/orgctl/services/auditmanager"
)

var regions = []string{"us-east-1", "eu-west-1"}

func newProviders(sb *providertest.Sandbox) func() []engine.Provider {
	return func() []engine.Provider {
		env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: regions})
		return []engine.Provider{orgp.New(env), amp.New(env)}
	}
}

func spec(admin string) map[string]string {
	return map[string]string{"org.yaml": `version: 1
settings: {homeRegion: us-east-1, regions: [us-east-1, eu-west-1]}
accounts:
  - {name: security, email: aws+security@example.com}
  - {name: security-2, email: aws+security-2@example.com}
  - {name: management, email: management@sandbox.example}
security:
  admin: ` + admin + `
  auditManager: {}
`}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbam.WithAdminSettleDelay(300*time.Millisecond))
	providertest.Conformance{
		Service:      am.Name,
		NewProviders: newProviders(sb),
		Exempt: map[string]string{
			"update auditmanager-admin":   "an administrator's region and account are its key: moving it is a delete and a create",
			"update auditmanager-account": "its only attribute is ACTIVE; TestDriftWhenDeregistered re-registers it",
			"delete auditmanager-account": "it stays with an old administrator (moving the administrator leaves it), never removed on its own",
		},
	}.Run(t,
		providertest.Step{Name: "create", Files: spec("security")},
		providertest.Step{Name: "move the administrator", AllowDestroy: true, Files: spec("security-2")},
	)
}

// Audit Manager deregistered by hand in the administrator's account is
// drift that apply restores.
func TestDriftWhenDeregistered(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbam.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security")
	run.Apply(files, false)
	security, _ := providertest.LiveIDs(t, newProviders(sb)()).ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	api := auditmanager.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", "eu-west-1"))
	if _, err := api.DeregisterAccount(context.Background(), &auditmanager.DeregisterAccountInput{}); err != nil {
		t.Fatal(err)
	}
	p := run.Plan(files)
	if got := providertest.Brief(p); got != "create auditmanager-account:eu-west-1/aws+security@example.com" {
		t.Fatalf("plan after deregistering: %s", got)
	}
	run.Apply(files, false)
	if st, err := api.GetAccountStatus(context.Background(), &auditmanager.GetAccountStatusInput{}); err != nil || st.Status != types.AccountStatusActive {
		t.Errorf("after apply: %v %v", st.Status, err)
	}
}

// The management account cannot administer Audit Manager: the plan says so
// at security.admin's line.
func TestManagementAccountAsAdministratorIsRefused(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	_, err := engine.MakePlan(context.Background(), providertest.Load(t, spec("management")), newProviders(sb)())
	if err == nil || !strings.Contains(err.Error(), "org.yaml:8:10") || !strings.Contains(err.Error(), "the management account cannot be AWS Audit Manager's delegated administrator") {
		t.Fatalf("want the refusal at org.yaml:8:10, got %v", err)
	}
}

// In maintenance mode AWS enables Audit Manager for no new account: apply
// fails with AWS's words, naming the call.
func TestMaintenanceMode(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbam.WithAdminSettleDelay(0), sbam.WithMaintenanceMode(true))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	p := run.Plan(spec("security"))
	res, err := engine.Apply(context.Background(), p, newProviders(sb)(), engine.ApplyOptions{Parallelism: 8})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range res.Errors {
		msgs = append(msgs, e.Error())
	}
	if got := strings.Join(msgs, "\n"); !strings.Contains(got, "RegisterOrganizationAdminAccount") || !strings.Contains(got, "maintenance mode") {
		t.Errorf("apply in maintenance mode: %s", got)
	}
}

// A no-change plan costs, per region, one call from the management
// account and one as the administrator, plus one AssumeRole.
func TestNoChangePlanCalls(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbam.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("security")
	run.Apply(files, false)
	before := sb.SB.Calls()
	if p := run.Plan(files); !p.Empty() {
		t.Fatalf("not converged: %s", providertest.Brief(p))
	}
	got := map[string]int{}
	for op, n := range sb.SB.Calls() {
		if (strings.HasPrefix(op, "auditmanager:") || op == "sts:AssumeRole") && n > before[op] {
			got[op] = n - before[op]
		}
	}
	want := map[string]int{"auditmanager:GetOrganizationAdminAccount": 2, "auditmanager:GetAccountStatus": 2, "sts:AssumeRole": 1}
	if len(got) != len(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	for op, c := range want {
		if got[op] != c {
			t.Errorf("%s: %d calls, want %d", op, got[op], c)
		}
	}
}
