package detective_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/detective"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	dtp "github.com/orgctl/orgctl/providers/detective"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	sbdt "github.com/orgctl/orgctl/sandbox/detective"
	sborgs "github.com/orgctl/orgctl/sandbox/organizations"
	dt "github.com/orgctl/orgctl/services/detective"
)

var regions = []string{"us-east-1", "eu-west-1"}

// newProviders builds the providers; deep asks Detective who is enrolled
// (plan --members).
func newProviders(sb *providertest.Sandbox, deep bool) func() []engine.Provider {
	return func() []engine.Provider {
		env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1", Regions: regions, Members: deep})
		return []engine.Provider{orgp.New(env), dtp.New(env)}
	}
}

// spec is an organization with two candidate security accounts and
// extra workload accounts, the administrator named, and the detective
// section given.
func spec(admin, section string, workloads int) map[string]string {
	var b strings.Builder
	for i := range workloads {
		fmt.Fprintf(&b, "  - {name: workload-%d, email: aws+workload-%d@example.com}\n", i, i)
	}
	yaml := `version: 1
settings: {homeRegion: us-east-1, regions: [us-east-1, eu-west-1]}
accounts:
  - {name: security, email: aws+security@example.com}
  - {name: security-2, email: aws+security-2@example.com}
  - {name: management, email: management@sandbox.example}
` + b.String()
	if section == "" {
		return map[string]string{"org.yaml": yaml} // the accounts alone
	}
	return map[string]string{"org.yaml": yaml + `security:
  admin: ` + admin + `
  detective: ` + section + "\n"}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	// A settle window makes the first configuration wait, as on AWS.
	sb := providertest.NewSandbox(t, sbdt.WithAdminSettleDelay(300*time.Millisecond))
	providertest.Conformance{
		Service:      dt.Name,
		NewProviders: newProviders(sb, true),
		Exempt: map[string]string{
			"update detective-admin":      "an administrator's region and account are its key: moving it is a delete and a create",
			"delete detective-org-config": "it goes with its administrator (moving the administrator takes it), never on its own",
			"delete detective-members":    "orgctl removes no member; members go with their administrator",
		},
	}.Run(t,
		providertest.Step{Name: "create", Files: spec("security", "{members: all}", 1)},
		// With auto-enable off, an account that joins is not enrolled.
		providertest.Step{Name: "enrol none", AllowDestroy: true, Files: spec("security", "{members: none}", 2)},
		// all again: auto-enable back on, and the account that joined
		// meanwhile enrolled (the members resource read 3 of 4).
		providertest.Step{Name: "update", Files: spec("security", "{members: all}", 2)},
		providertest.Step{Name: "move the administrator", AllowDestroy: true, Files: spec("security-2", "{members: new}", 2)},
	)
}

// progress records what apply reports of each change.
type progress struct {
	mu   sync.Mutex
	msgs []string
}

func (*progress) Started(*engine.Change)                 {}
func (*progress) Finished(*engine.Change, error)         {}
func (*progress) Skipped(*engine.Change, *engine.Change) {}
func (p *progress) Progress(c *engine.Change, msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.msgs = append(p.msgs, c.Address()+": "+msg)
}

func apply(t *testing.T, files map[string]string, provs func() []engine.Provider, hooks engine.Hooks) *engine.Result {
	t.Helper()
	p, err := engine.MakePlan(context.Background(), providertest.Load(t, files), provs())
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Apply(context.Background(), p, provs(), engine.ApplyOptions{Parallelism: 8, Hooks: hooks})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// graphOf returns the administrator's only behavior graph.
func graphOf(t *testing.T, api *detective.Client) string {
	t.Helper()
	out, err := api.ListGraphs(context.Background(), &detective.ListGraphsInput{})
	if err != nil || len(out.GraphList) != 1 {
		t.Fatalf("ListGraphs: %+v, %v", out, err)
	}
	return aws.ToString(out.GraphList[0].Arn)
}

// memberIDs lists the members of the administrator's graph.
func memberIDs(t *testing.T, api *detective.Client) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for pg := detective.NewListMembersPaginator(api, &detective.ListMembersInput{GraphArn: aws.String(graphOf(t, api)), MaxResults: aws.Int32(7)}); pg.HasMorePages(); {
		out, err := pg.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range out.MemberDetails {
			ids[aws.ToString(m.AccountId)] = true
		}
	}
	return ids
}

// An organization of 30 accounts gets members: all. The first apply
// enrols the 29 besides the administrator, with progress; a no-change
// plan lists no member. A member removed by hand is seen only when asked
// (--members), and apply enrols exactly it again.
func TestEnrolExistingAccounts(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbdt.WithAdminSettleDelay(0), sborgs.WithMaxAccounts(30))
	files := spec("security", "{members: all}", 27) // with security, security-2 and management: 30
	// The accounts first: those that join once auto-enable is on are
	// enrolled by the service itself.
	if res := apply(t, spec("security", "", 27), newProviders(sb, false), nil); res.Failed() {
		t.Fatalf("apply: %v", res.Errors)
	}
	hooks := &progress{}
	if res := apply(t, files, newProviders(sb, false), hooks); res.Failed() {
		t.Fatalf("apply: %v", res.Errors)
	}
	enrolled := 0
	for _, m := range hooks.msgs {
		if strings.Contains(m, "us-east-1/aws+security@example.com") && strings.Contains(m, "enrolled 29 of 29 accounts") {
			enrolled++
		}
	}
	if enrolled != 1 {
		t.Errorf("want apply to report 29 of 29 enrolled in us-east-1, got:\n%s", strings.Join(hooks.msgs, "\n"))
	}
	run := providertest.Runner{T: t, NewProviders: newProviders(sb, false)}
	before := sb.SB.Calls()
	if p := run.Plan(files); !p.Empty() {
		t.Fatalf("not converged: %s", providertest.Brief(p))
	}
	if n := sb.SB.Calls()["detective:ListMembers"] - before["detective:ListMembers"]; n != 0 {
		t.Errorf("a no-change plan listed members %d times", n)
	}

	ids := providertest.LiveIDs(t, newProviders(sb, false)())
	security, _ := ids.ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	gone, _ := ids.ID(engine.Ref{Kind: "account", Key: "aws+workload-3@example.com"})
	api := detective.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", "eu-west-1"))
	if got := len(memberIDs(t, api)); got != 29 {
		t.Fatalf("the administrator sees %d members in eu-west-1, want 29", got)
	}
	if _, err := api.DeleteMembers(context.Background(), &detective.DeleteMembersInput{GraphArn: aws.String(graphOf(t, api)), AccountIds: []string{gone}}); err != nil {
		t.Fatal(err)
	}
	if p := run.Plan(files); !p.Empty() {
		t.Errorf("without --members the plan trusts auto-enable, yet: %s", providertest.Brief(p))
	}
	deep := providertest.Runner{T: t, NewProviders: newProviders(sb, true)}
	p := deep.Plan(files)
	if got := providertest.Brief(p); got != "update detective-members:eu-west-1/aws+security@example.com" || p.Summary.Destructive != 0 {
		t.Fatalf("plan --members = %s (%d destructive), want the eu-west-1 members updated", got, p.Summary.Destructive)
	}
	if before := p.Changes[0].Before.String(dt.AttrMembers); before != "28 of 29 accounts enrolled" {
		t.Errorf("live members %q, want 28 of 29 accounts enrolled", before)
	}
	before = sb.SB.Calls()
	deep.Apply(files, false)
	if n := sb.SB.Calls()["detective:CreateMembers"] - before["detective:CreateMembers"]; n != 1 {
		t.Errorf("apply made %d CreateMembers calls, want 1 (only the account removed)", n)
	}
	if !memberIDs(t, api)[gone] {
		t.Errorf("workload-3 (%s) not enrolled again", gone)
	}
	if p := deep.Plan(files); !p.Empty() {
		t.Errorf("plan --members after apply: %s", providertest.Brief(p))
	}
}

// When Detective refuses an account (here the graph's quota of members is reached),
// apply names that account with AWS's reason and enrols all the others.
func TestRefusedAccountIsNamed(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbdt.WithAdminSettleDelay(0), sbdt.WithMemberLimit(8))
	// The accounts exist first, so that none joins after auto-enable is on
	// (which would enrol it by itself, racing the apply).
	if res := apply(t, spec("security", "", 7), newProviders(sb, false), nil); res.Failed() {
		t.Fatalf("creating the accounts: %v", res.Errors)
	}
	files := spec("security", "{members: all}", 7) // 10 accounts: 9 to enrol, one too many
	res := apply(t, files, newProviders(sb, false), nil)
	if !res.Failed() {
		t.Fatal("apply succeeded past Detective's member quota")
	}
	var msg string
	for _, e := range res.Errors {
		if e != nil {
			msg += e.Error() + "\n"
		}
	}
	named := regexp.MustCompile(`\(\d{12}\): Detective did not process it: The behavior graph has the maximum number of member accounts`).FindAllString(msg, -1)
	// Accounts that joined after auto-enable was on are Detective's own doing.
	if len(named) != 2 || strings.Count(msg, "1 of ") != 2 {
		t.Errorf("want one refused account named in each region, got:\n%s", msg)
	}
	ids := providertest.LiveIDs(t, newProviders(sb, false)())
	security, _ := ids.ID(engine.Ref{Kind: "account", Key: "aws+security@example.com"})
	for _, region := range regions {
		api := detective.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", region))
		if got := len(memberIDs(t, api)); got != 8 {
			t.Errorf("%s: %d members, want the 8 the quota allows", region, got)
		}
	}
}

// The management account is not made Detective's administrator: the plan
// says so at security.admin's line, and nothing is changed.
func TestManagementAccountAsAdministratorIsRefused(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	_, err := engine.MakePlan(context.Background(), providertest.Load(t, spec("management", "{}", 0)), newProviders(sb, false)())
	if err == nil || !strings.Contains(err.Error(), "org.yaml:8:10") || !strings.Contains(err.Error(), "the management account cannot be Detective's delegated administrator") {
		t.Fatalf("want the refusal at org.yaml:8:10, got %v", err)
	}
}

// A no-change plan costs, per region, one call from the management
// account and one as the administrator, plus one AssumeRole.
func TestNoChangePlanCalls(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbdt.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb, false)}
	files := spec("security", "{members: all}", 0)
	run.Apply(files, false)
	before := sb.SB.Calls()
	if p := run.Plan(files); !p.Empty() {
		t.Fatalf("not converged: %s", providertest.Brief(p))
	}
	got := map[string]int{}
	for op, n := range sb.SB.Calls() {
		if (strings.HasPrefix(op, "detective:") || op == "sts:AssumeRole") && n > before[op] {
			got[op] = n - before[op]
		}
	}
	n := len(regions)
	want := map[string]int{"detective:ListOrganizationAdminAccounts": n, "detective:DescribeOrganizationConfiguration": n, "sts:AssumeRole": 1}
	if len(got) != len(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	for op, c := range want {
		if got[op] != c {
			t.Errorf("%s: %d calls, want %d", op, got[op], c)
		}
	}
}
