package account_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	acctp "github.com/orgctl/orgctl/providers/account"
	gdp "github.com/orgctl/orgctl/providers/guardduty"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	sbacct "github.com/orgctl/orgctl/sandbox/account"
	sbgd "github.com/orgctl/orgctl/sandbox/guardduty"
	acct "github.com/orgctl/orgctl/services/account"
	"github.com/orgctl/orgctl/services/regional"
)

// settle is how long enabling a Region takes in these sandboxes.
const settle = 100 * time.Millisecond

func newSandbox(t *testing.T, enabled ...string) *providertest.Sandbox {
	return providertest.NewSandbox(t, sbgd.WithAdminSettleDelay(0), sbacct.WithSettleDelays(settle, settle), sbacct.WithEnabledRegions(enabled...))
}

// slowSandbox enables Regions slowly enough for a plan to see ENABLING.
const slowSettle = 1500 * time.Millisecond

func slowSandbox(t *testing.T) *providertest.Sandbox {
	return providertest.NewSandbox(t, sbgd.WithAdminSettleDelay(0), sbacct.WithSettleDelays(slowSettle, slowSettle))
}

func newProviders(sb *providertest.Sandbox, regions ...string) func() []engine.Provider {
	return func() []engine.Provider {
		env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: regions})
		return []engine.Provider{orgp.New(env), gdp.New(env), acctp.New(env)}
	}
}

// spec governs regions with GuardDuty administered by the security
// account; a third account administers nothing.
func spec(regions string) map[string]string {
	return map[string]string{"org.yaml": `version: 1
settings:
  homeRegion: us-east-1
  regions: [` + regions + `]
accounts:
  - {name: security, email: aws+security@example.com}
  - {name: workload, email: aws+workload@example.com}
  - {name: management, email: management@sandbox.example}
security:
  admin: security
  guardDuty: {members: all}
`}
}

const (
	security = "aws+security@example.com"
	workload = "aws+workload@example.com"
	mgmt     = "management@sandbox.example"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, "ap-east-2", "me-central-1")
	providertest.Conformance{
		Service:      acct.Name,
		NewProviders: newProviders(sb, "us-east-1", "ap-east-2", "me-central-1"),
		Exempt: map[string]string{
			"create region-opt-in": "orgctl reads a Region's status and never changes it: no spec asks for one",
			"update region-opt-in": "orgctl reads a Region's status and never changes it: no spec asks for one",
			"delete region-opt-in": "orgctl reads a Region's status and never changes it: no spec asks for one",
		},
	}.Run(t,
		providertest.Step{Name: "GuardDuty in two opt-in Regions", Files: spec("us-east-1, ap-east-2, me-central-1")},
	)
}

// An opt-in Region the security account or the management account has
// not enabled refuses the plan, naming the Region and the accounts, at
// security.admin's line; enabling it (and waiting until it is ENABLED)
// lets the plan and apply through.
func TestPlanRefusesAnOptInRegionNotEnabled(t *testing.T) {
	t.Parallel()
	sb := slowSandbox(t)
	ctx := context.Background()
	regions := []string{"us-east-1", "ap-east-2"}
	files := spec("us-east-1, ap-east-2")
	// The accounts exist first (GuardDuty out of the spec), so that their
	// Regions can be read.
	run := providertest.Runner{T: t, NewProviders: newProviders(sb, regions...)}
	run.Apply(map[string]string{"org.yaml": strings.Split(files["org.yaml"], "security:")[0]}, false)

	plan := func() error {
		_, err := engine.MakePlan(ctx, providertest.Load(t, files), newProviders(sb, regions...)())
		return err
	}
	err := plan()
	if err == nil || !strings.Contains(err.Error(), "org.yaml:10:10") ||
		!strings.Contains(err.Error(), "ap-east-2 is an opt-in Region not enabled in "+mgmt+" (disabled), "+security+" (disabled), so GuardDuty cannot be configured there") {
		t.Fatalf("plan with ap-east-2 disabled: %v", err)
	}
	if strings.Contains(err.Error(), "us-east-1 is") || strings.Contains(err.Error(), workload) {
		t.Errorf("the refusal names more than ap-east-2 in the accounts that call there: %v", err)
	}
	ids := providertest.LiveIDs(t, newProviders(sb, regions...)())
	secID, _ := ids.ID(engine.Ref{Kind: "account", Key: security})
	enable := func(cfg aws.Config) {
		t.Helper()
		if _, err := account.NewFromConfig(cfg).EnableRegion(ctx, &account.EnableRegionInput{RegionName: aws.String("ap-east-2")}); err != nil {
			t.Fatal(err)
		}
	}
	enable(sb.Cfg)
	enable(sb.As(t, secID, "OrganizationAccountAccessRole", "us-east-1"))
	if err := plan(); err == nil || !strings.Contains(err.Error(), mgmt+" (enabling), "+security+" (enabling)") {
		t.Fatalf("plan while ap-east-2 is enabling: %v", err)
	}
	time.Sleep(slowSettle)
	p := run.Apply(files, false)
	if got := providertest.Brief(p); !strings.Contains(got, "create guardduty-admin:ap-east-2/"+security) {
		t.Errorf("apply once enabled: %s", got)
	}
	if p := run.Plan(files); !p.Empty() {
		t.Errorf("not converged: %s", providertest.Brief(p))
	}
}

// A spec that governs no opt-in Region costs no call at all; one that
// governs some costs, per plan, one ListAccounts, a GetRegionOptStatus
// per opt-in Region from the management account, and one ListRegions
// from each other account that calls there (the security account).
func TestReadCalls(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, "ap-east-2", "me-central-1")
	providertest.Runner{T: t, NewProviders: newProviders(sb, "us-east-1", "ap-east-2", "me-central-1")}.Apply(spec("us-east-1, ap-east-2, me-central-1"), false)
	for _, tt := range []struct {
		name    string
		regions []string
		want    map[string]int
	}{
		{"no opt-in Region", []string{"us-east-1", "eu-west-1"}, map[string]int{}},
		{"two opt-in Regions", []string{"us-east-1", "ap-east-2", "me-central-1"}, map[string]int{
			"organizations:ListAccounts": 1, "account:GetRegionOptStatus": 2, "account:ListRegions": 1, "sts:GetCallerIdentity": 1, "sts:AssumeRole": 1}},
	} {
		s := providertest.Load(t, spec(strings.Join(tt.regions, ", ")))
		env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: tt.regions})
		before := sb.SB.Calls()
		live, err := acctp.New(env).Read(context.Background(), engine.ScopeOf(engine.Desired(s)))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for op, n := range sb.SB.Calls() {
			if n > before[op] {
				got[op] = n - before[op]
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: calls %v, want %v", tt.name, got, tt.want)
		}
		for op, n := range tt.want {
			if got[op] != n {
				t.Errorf("%s: %s: %d calls, want %d", tt.name, op, got[op], n)
			}
		}
		detailed := 0
		for _, r := range live {
			if !r.Shallow {
				detailed++
			}
		}
		if want := 2 * (len(tt.regions) - 1); len(tt.want) > 0 && detailed != want {
			t.Errorf("%s: %d statuses read, want %d (2 accounts, 2 Regions)", tt.name, detailed, want)
		}
	}
}

// A saved plan is checked reading what its plan read: the same accounts'
// statuses, the others shallow. A Region changed in an account the plan
// did not read leaves it fresh; one changed in the security account makes
// it stale.
func TestSavedPlanFreshness(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, "ap-east-2")
	ctx := context.Background()
	regions := []string{"us-east-1", "ap-east-2"}
	files := spec("us-east-1, ap-east-2")
	run := providertest.Runner{T: t, NewProviders: newProviders(sb, regions...)}
	run.Apply(files, false)
	ids := providertest.LiveIDs(t, newProviders(sb, regions...)())
	disable := func(key string) {
		t.Helper()
		id, _ := ids.ID(engine.Ref{Kind: "account", Key: key})
		if _, err := account.NewFromConfig(sb.As(t, id, "OrganizationAccountAccessRole", "us-east-1")).DisableRegion(ctx,
			&account.DisableRegionInput{RegionName: aws.String("ap-east-2")}); err != nil {
			t.Fatal(err)
		}
	}
	p := run.Plan(files)
	shallow := 0
	for _, r := range p.Shallow {
		if r.Kind == regional.KindRegion {
			shallow++
		}
	}
	if shallow != 1 {
		t.Errorf("the plan read %d Regions shallow, want 1 (the workload account's ap-east-2): %v", shallow, p.Shallow)
	}
	disable(workload)
	if err := engine.CheckFresh(ctx, p, newProviders(sb, regions...)()); err != nil {
		t.Errorf("a Region changed where the plan did not look: %v", err)
	}
	disable(security)
	if err := engine.CheckFresh(ctx, p, newProviders(sb, regions...)()); !errors.Is(err, engine.ErrStale) {
		t.Errorf("a Region changed in the security account: %v, want stale", err)
	}
}

// Apply changes nothing, and says why.
func TestApplyRefuses(t *testing.T) {
	t.Parallel()
	p := acctp.New(providers.Env{})
	_, err := p.Apply(context.Background(), &engine.Change{Action: engine.Update, Kind: regional.KindRegion, Key: security + "/ap-east-2"}, nil)
	if err == nil || !strings.Contains(err.Error(), "orgctl does not enable or disable Regions") {
		t.Errorf("Apply: %v", err)
	}
}
