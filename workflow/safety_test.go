package workflow_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/workflow"
)

const twoOUs = "version: 1\norganizationalUnits: [{name: Security}, {name: Workloads}]\n"

// savedPlan makes a plan of yaml through endpoint and reads it back as
// apply would from its file.
func savedPlan(t *testing.T, o *org, yaml, endpoint string) *engine.Plan {
	t.Helper()
	p, err := workflow.Plan(t.Context(), loadSpec(t, yaml), []workflow.Provider{o}, workflow.PlanOptions{Endpoint: endpoint})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.MarshalIndent()
	saved, err := engine.ReadPlan(b)
	if err != nil {
		t.Fatal(err)
	}
	return saved
}

func TestPlanNamesItsOrganization(t *testing.T) {
	p := savedPlan(t, newOrg(), oneOU, "sandbox:/tmp/a.json")
	want := engine.OrgIdentity{ID: "o-one", ManagementAccount: "111111111111", Endpoint: "sandbox:/tmp/a.json"}
	if p.Organization == nil || *p.Organization != want {
		t.Errorf("plan's organization = %+v, want %+v", p.Organization, want)
	}
	// Without a provider that can tell, the plan names none.
	q, err := workflow.Plan(t.Context(), loadSpec(t, oneOU), []workflow.Provider{plain{newOrg()}}, workflow.PlanOptions{})
	if err != nil || q.Organization != nil {
		t.Errorf("plan without an Identifier: %v, organization %+v", err, q.Organization)
	}
}

// A saved plan applies only to the organization, and through the
// endpoint, it was made for; the check is one call, before the lock.
func TestSavedPlanForAnotherOrganizationIsRefusedBeforeTheLock(t *testing.T) {
	tests := []struct {
		name     string
		change   func(o *org)
		endpoint string
		want     string // in the error; "" applies
	}{
		{name: "the same", endpoint: "sandbox:/a"},
		{name: "another organization", endpoint: "sandbox:/a",
			change: func(o *org) {
				r := o.live[orgs.Organization]
				r.Attrs[orgs.AttrOrgID], r.Attrs[orgs.AttrMgmtAccount] = "o-two", "222222222222"
			},
			want: "made for organization o-one (management account 111111111111) at sandbox:/a, but this is organization o-two (management account 222222222222) at sandbox:/a"},
		{name: "another endpoint", endpoint: "sandbox:/b", want: "at sandbox:/a, but this is organization o-one (management account 111111111111) at sandbox:/b"},
		{name: "AWS instead of a sandbox", endpoint: "", want: "(management account 111111111111) on AWS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOrg()
			saved := savedPlan(t, o, oneOU, "sandbox:/a")
			if tt.change != nil {
				tt.change(o)
			}
			o.log = nil
			out, err := workflow.Apply(t.Context(), []workflow.Provider{o}, workflow.ApplyOptions{Saved: saved, Endpoint: tt.endpoint})
			out.Release()
			if tt.want == "" {
				if err != nil || out.Result == nil || out.Result.Failed() {
					t.Fatalf("apply to the organization the plan is for: %v", err)
				}
				if got := strings.Join(o.log, " "); !strings.HasPrefix(got, "identify lock read") {
					t.Errorf("steps: %s; want the identity checked before the lock", got)
				}
				return
			}
			var other *workflow.OtherOrgError
			if !errors.As(err, &other) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "nothing was changed") {
				t.Fatalf("error %v, want an OtherOrgError saying %q", err, tt.want)
			}
			if got := strings.Join(o.log, " "); got != "identify" {
				t.Errorf("steps: %s; want one call to identify, no lock, no read", got)
			}
		})
	}
}

// A plan of an older orgctl names no organization: it gets the freshness
// check only.
func TestSavedPlanOfAnOlderOrgctlStillApplies(t *testing.T) {
	o := newOrg()
	saved := savedPlan(t, o, oneOU, "sandbox:/a")
	saved.Organization = nil
	o.log = nil
	out, err := workflow.Apply(t.Context(), []workflow.Provider{o}, workflow.ApplyOptions{Saved: saved, Endpoint: "sandbox:/elsewhere"})
	out.Release()
	if err != nil || out.Result == nil || out.Result.Failed() {
		t.Fatalf("apply of a plan without an organization: %v", err)
	}
	if got := strings.Join(o.log, " "); strings.Contains(got, "identify") {
		t.Errorf("steps: %s; a plan naming no organization needs no identity call", got)
	}
}

func notes(p *engine.Plan) string {
	n, _ := workflow.Notes(p.Diags)
	return n.Error()
}

func applyFrom(t *testing.T, o *org, yaml string, source *engine.GitCommit) *workflow.Outcome {
	t.Helper()
	out, err := workflow.Apply(t.Context(), []workflow.Provider{o}, workflow.ApplyOptions{
		Spec: loadSpec(t, yaml), Source: source,
		Now: func() time.Time { return time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC) },
	})
	out.Release()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// An apply from files on disk that changes what git made live records
// that the commit is no longer live; plans then say so instead of naming
// it, until the next apply from git.
func TestApplyFromDiskOverridesTheLiveCommit(t *testing.T) {
	o := newOrg()
	applyFrom(t, o, oneOU, &engine.GitCommit{Commit: "c0ffee", Ref: "main"})

	// Plans from disk warn that applying them overrides what git applied.
	p, err := workflow.Plan(t.Context(), loadSpec(t, twoOUs), []workflow.Provider{o}, workflow.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := notes(p); !strings.Contains(n, "files on disk, but commit c0ffee is live") || !strings.Contains(n, "overrides what git applied") {
		t.Errorf("plan from disk while c0ffee is live: notes %q", n)
	}
	// A plan from git has nothing to say here.
	p, _ = workflow.Plan(t.Context(), loadSpec(t, twoOUs), []workflow.Provider{o}, workflow.PlanOptions{Source: &engine.GitCommit{Commit: "beef"}})
	if n := notes(p); n != "" {
		t.Errorf("plan from git: notes %q", n)
	}

	// An apply from disk that changes nothing leaves the record alone.
	o.log = nil
	out := applyFrom(t, o, oneOU, nil)
	if out.Overridden != nil || strings.Contains(strings.Join(o.log, " "), "override") {
		t.Errorf("an apply from disk with no changes marked the record: %v", o.log)
	}

	o.log = nil
	out = applyFrom(t, o, twoOUs, nil)
	if out.Overridden == nil || out.Overridden.Commit.Commit != "c0ffee" || out.Overridden.At != "2026-05-06T07:08:09Z" {
		t.Errorf("apply from disk: overridden %+v, want c0ffee at 2026-05-06T07:08:09Z", out.Overridden)
	}
	if got := strings.Join(o.log, " "); got != "lock read apply ou:Workloads override c0ffee release" {
		t.Errorf("steps: %s", got)
	}

	p, err = workflow.Plan(t.Context(), loadSpec(t, twoOUs), []workflow.Provider{o}, workflow.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.LiveCommit != nil {
		t.Errorf("after the override, the plan names %+v as live", p.LiveCommit)
	}
	if ov := workflow.Overridden(p, []workflow.Provider{o}); ov == nil || ov.Commit.Commit != "c0ffee" {
		t.Errorf("Overridden = %+v, want c0ffee", ov)
	}
	if n := notes(p); !strings.Contains(n, "No commit is live: an apply from files on disk at 2026-05-06T07:08:09Z changed the organization after commit c0ffee") {
		t.Errorf("plan after the override: notes %q", n)
	}

	// The next complete apply from git records a live commit again.
	applyFrom(t, o, twoOUs, &engine.GitCommit{Commit: "beef"})
	p, _ = workflow.Plan(t.Context(), loadSpec(t, twoOUs), []workflow.Provider{o}, workflow.PlanOptions{Source: &engine.GitCommit{Commit: "beef"}})
	if p.LiveCommit == nil || p.LiveCommit.Commit != "beef" || workflow.Overridden(p, []workflow.Provider{o}) != nil || notes(p) != "" {
		t.Errorf("after an apply from git: live %+v, notes %q", p.LiveCommit, notes(p))
	}
}

// A failed apply from disk that changed something overrides too; one that
// changed nothing does not.
func TestFailedApplyFromDiskOverridesWhatItChanged(t *testing.T) {
	for _, tt := range []struct {
		failing []string
		want    bool
	}{
		{[]string{"Workloads"}, true},
		{[]string{"Security", "Workloads"}, false},
	} {
		o := newOrg()
		o.commit = &engine.GitCommit{Commit: "c0ffee"}
		o.failing = map[engine.Ref]bool{}
		for _, ou := range tt.failing {
			o.failing[orgs.OU(ou)] = true
		}
		out := applyFrom(t, o, twoOUs, nil)
		if !out.Result.Failed() || (out.Overridden != nil) != tt.want {
			t.Errorf("failing %v: failed %v, overridden %+v; want overridden %v", tt.failing, out.Result.Failed(), out.Overridden, tt.want)
		}
	}
}

// A saved plan's notes are of when it was made: applying it replaces
// them with how it stands to the record now, never adds to them.
func TestSavedPlanNotesAreReplaced(t *testing.T) {
	o := newOrg()
	o.commit = &engine.GitCommit{Commit: "c0ffee"}
	saved := savedPlan(t, o, oneOU, "")
	if n, _ := workflow.Notes(saved.Diags); len(n) != 1 {
		t.Fatalf("saved plan from disk while c0ffee is live: notes %v", n)
	}
	var reviewed []string
	out, err := workflow.Apply(t.Context(), []workflow.Provider{o}, workflow.ApplyOptions{Saved: saved,
		Review: func(p *engine.Plan) error {
			n, _ := workflow.Notes(p.Diags)
			for _, d := range n {
				reviewed = append(reviewed, d.Error())
			}
			return errors.New("stop")
		}})
	out.Release()
	if err == nil || len(reviewed) != 1 || !strings.Contains(reviewed[0], "commit c0ffee is live") {
		t.Errorf("review of a saved plan from disk: %v, notes %q", err, reviewed)
	}
}
