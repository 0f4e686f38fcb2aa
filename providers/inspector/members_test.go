package inspector_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/providertest"
	sbins "github.com/orgctl/orgctl/sandbox/inspector"
	sborgs "github.com/orgctl/orgctl/sandbox/organizations"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// progress hears what apply reports.
type progress struct {
	sync.Mutex
	msgs []string
}

func (h *progress) Started(*engine.Change)                 {}
func (h *progress) Finished(*engine.Change, error)         {}
func (h *progress) Skipped(*engine.Change, *engine.Change) {}
func (h *progress) Progress(c *engine.Change, msg string) {
	h.Lock()
	defer h.Unlock()
	h.msgs = append(h.msgs, c.Key+": "+msg)
}

func apply(t *testing.T, p *engine.Plan, provs []engine.Provider, hooks engine.Hooks) *engine.Result {
	t.Helper()
	res, err := engine.Apply(context.Background(), p, provs, engine.ApplyOptions{Parallelism: 8, Hooks: hooks})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// An organization of 29 accounts besides the administrator gets
// members: all: the first apply enrols every one, with progress; a plan
// is then empty; an account disassociated by hand is seen only when
// members are read ("28 of 29"), and apply enrols exactly it again.
func TestMembers(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbins.WithAdminSettleDelay(0), sborgs.WithMaxAccounts(40))
	// 27 workloads, security-2 and the management account (which
	// Inspector takes as a member): 29 accounts to enrol.
	files := spec("security", "{members: all}", 27)
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	deep := providertest.Runner{T: t, NewProviders: newProviders(sb, withMembers)}
	h := &progress{}
	p := run.Plan(files)
	if res := apply(t, p, run.NewProviders(), h); res.Failed() {
		t.Fatalf("apply: %v", res.Errors)
	}
	if !strings.Contains(strings.Join(h.msgs, "\n"), "us-east-1/aws+security@example.com: enrolled 29 of 29 accounts") {
		t.Errorf("progress heard:\n%s", strings.Join(h.msgs, "\n"))
	}
	if p := run.Plan(files); !p.Empty() {
		t.Fatalf("plan after apply: %s", providertest.Brief(p))
	}
	if p := deep.Plan(files); !p.Empty() {
		t.Fatalf("plan --members after apply: %s %v", providertest.Brief(p), p.Changes[0].Before)
	}

	security := securityID(t, sb, "aws+security@example.com")
	ids := providertest.LiveIDs(t, newProviders(sb)())
	gone, _ := ids.ID(engine.Ref{Kind: "account", Key: "aws+workload-7@example.com"})
	api := inspector2.NewFromConfig(sb.As(t, security, "OrganizationAccountAccessRole", "eu-west-1"))
	if _, err := api.DisassociateMember(context.Background(), &inspector2.DisassociateMemberInput{AccountId: aws.String(gone)}); err != nil {
		t.Fatal(err)
	}
	if p := run.Plan(files); !p.Empty() {
		t.Errorf("a plan without --members lists members: %s", providertest.Brief(p))
	}
	p = deep.Plan(files)
	if got := providertest.Brief(p); got != "update inspector-members:eu-west-1/aws+security@example.com" {
		t.Fatalf("plan --members: %s", got)
	}
	if got := p.Changes[0].Before.String("members"); got != "28 of 29 accounts enrolled" {
		t.Errorf("live members %q", got)
	}
	before := sb.SB.Calls()["inspector2:AssociateMember"]
	if res := apply(t, p, deep.NewProviders(), nil); res.Failed() {
		t.Fatalf("apply: %v", res.Errors)
	}
	if n := sb.SB.Calls()["inspector2:AssociateMember"] - before; n != 1 {
		t.Errorf("re-enrolling made %d AssociateMember calls, want 1", n)
	}
	if p := deep.Plan(files); !p.Empty() {
		t.Errorf("plan --members after re-enrolling: %s", providertest.Brief(p))
	}
}

// An account Inspector refuses is named with Inspector's reason; the
// others are enrolled, and the next apply tries only it.
func TestMembersRefused(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t, sbins.WithAdminSettleDelay(0))
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	// Inspector first with nothing auto-enabled, and so no members.
	run.Apply(spec("security", "{members: none}", 4), false)
	ids := providertest.LiveIDs(t, newProviders(sb)())
	taken, _ := ids.ID(engine.Ref{Kind: "account", Key: "aws+workload-2@example.com"})
	if err := sbins.MemberElsewhere(sb.SB, "us-east-1", taken, "999999999999"); err != nil {
		t.Fatal(err)
	}
	files := spec("security", "{members: all}", 4)
	p := run.Plan(files)
	res := apply(t, p, run.NewProviders(), nil)
	var msgs []string
	for i, err := range res.Errors {
		if err != nil {
			msgs = append(msgs, p.Changes[i].Address()+": "+err.Error())
		}
	}
	all := strings.Join(msgs, "\n")
	if len(msgs) != 1 || !strings.Contains(all, "1 of 6 accounts not enrolled") || !strings.Contains(all, "workload-2 ("+taken+")") ||
		!strings.Contains(all, "a member of another delegated administrator") || !strings.Contains(all, "us-east-1") {
		t.Fatalf("want the refused account named in us-east-1 only, got:\n%s\nplan: %s", all, providertest.Brief(p))
	}
	deep := providertest.Runner{T: t, NewProviders: newProviders(sb, withMembers)}
	p = deep.Plan(files)
	if got := providertest.Brief(p); got != "update inspector-members:us-east-1/aws+security@example.com" || p.Changes[0].Before.String("members") != "5 of 6 accounts enrolled" {
		t.Errorf("plan --members: %s (%v)", got, p.Changes)
	}
}
