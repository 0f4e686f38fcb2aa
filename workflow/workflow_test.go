package workflow_test

import (
	"context"
	"errors"
	"maps"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
	"github.com/orgctl/orgctl/workflow"
)

// org is a fake organization: a provider of the organization's kinds
// that keeps what it applies, holds the apply lock and records the live
// commit, and logs what it is asked in order.
type org struct {
	mu       sync.Mutex
	live     map[engine.Ref]engine.Resource
	log      []string
	locked   bool
	lost     chan struct{}
	commit   *engine.GitCommit
	override *workflow.Override
	failing  map[engine.Ref]bool
}

func newOrg() *org {
	o := &org{live: map[engine.Ref]engine.Resource{}, lost: make(chan struct{})}
	o.put(engine.Resource{Kind: orgs.KindOrganization, Key: orgs.OrganizationKey,
		Attrs: engine.Attrs{orgs.AttrFeatureSet: "ALL", engine.AttrID: "r-root", orgs.AttrOrgID: "o-one", orgs.AttrMgmtAccount: "111111111111"}})
	return o
}

func (o *org) put(r engine.Resource) { o.live[r.Ref()] = r }

func (o *org) note(s string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.log = append(o.log, s)
}

func (o *org) Name() string { return "organizations" }
func (o *org) Kinds() []engine.Kind {
	return []engine.Kind{orgs.KindOrganization, orgs.KindPolicyType, orgs.KindTrustedAccess, orgs.KindOU,
		orgs.KindPolicy, orgs.KindAccount, orgs.KindAttachment, orgs.KindDelegatedAdmin}
}

func (o *org) Read(context.Context, *engine.Scope) ([]engine.Resource, error) {
	o.note("read")
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []engine.Resource
	for _, r := range o.live {
		r.Attrs = maps.Clone(r.Attrs)
		if r.Kind == orgs.KindOrganization && o.commit != nil {
			r.Attrs[orgs.AttrLiveCommit] = map[string]string{"commit": o.commit.Commit}
		}
		if r.Kind == orgs.KindOrganization && o.override != nil {
			r.Attrs[orgs.AttrLiveCommit] = map[string]string{"overridden": o.override.Commit.Commit, "at": o.override.At}
		}
		out = append(out, r)
	}
	return out, nil
}

func (o *org) Apply(_ context.Context, c *engine.Change, _ *engine.IDs) (string, error) {
	o.note("apply " + c.Ref().String())
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.failing[c.Ref()] {
		return "", errors.New("AWS said no")
	}
	if c.Action == engine.Delete {
		delete(o.live, c.Ref())
	} else {
		o.live[c.Ref()] = engine.Resource{Kind: c.Kind, Key: c.Key, Attrs: c.After}
	}
	return "id-" + c.Key, nil
}

// The lock.

type lock struct{ o *org }

func (l lock) Info() workflow.LockInfo { return workflow.LockInfo{ID: "p-lock"} }
func (l lock) Lost() <-chan struct{}   { return l.o.lost }
func (l lock) Err() error              { return nil }
func (l lock) Release(context.Context) error {
	l.o.note("release")
	l.o.mu.Lock()
	defer l.o.mu.Unlock()
	l.o.locked = false
	return nil
}

func (o *org) AcquireLock(_ context.Context, _ workflow.Holder, _ workflow.LockOptions) (workflow.Lock, error) {
	o.note("lock")
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.locked {
		return nil, &workflow.LockedError{Lock: workflow.LockInfo{ID: "p-lock"}}
	}
	o.locked = true
	return lock{o}, nil
}

func (o *org) BreakLock(context.Context, string) (*workflow.LockInfo, error) { return nil, nil }

// The record.

func (o *org) LiveCommit(live engine.Live) *engine.GitCommit {
	r, ok := live(orgs.Organization)
	if !ok || r.Attrs.Map(orgs.AttrLiveCommit)["commit"] == "" {
		return nil
	}
	return &engine.GitCommit{Commit: r.Attrs.Map(orgs.AttrLiveCommit)["commit"]}
}

func (o *org) RecordCommit(_ context.Context, _ *engine.IDs, c engine.GitCommit) error {
	o.note("record " + c.Commit)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.commit, o.override = &c, nil
	return nil
}

func (o *org) Overridden(live engine.Live) *workflow.Override {
	r, ok := live(orgs.Organization)
	if m := r.Attrs.Map(orgs.AttrLiveCommit); ok && m["overridden"] != "" {
		return &workflow.Override{Commit: engine.GitCommit{Commit: m["overridden"]}, At: m["at"]}
	}
	return nil
}

func (o *org) MarkOverridden(_ context.Context, _ *engine.IDs, ov workflow.Override) error {
	o.note("override " + ov.Commit.Commit)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.commit, o.override = nil, &ov
	return nil
}

// The identity.

func (o *org) Identity(live engine.Live) *engine.OrgIdentity {
	r, ok := live(orgs.Organization)
	if !ok {
		return nil
	}
	return &engine.OrgIdentity{ID: r.Attrs.String(orgs.AttrOrgID), ManagementAccount: r.Attrs.String(orgs.AttrMgmtAccount)}
}

func (o *org) Identify(context.Context) (*engine.OrgIdentity, error) {
	o.note("identify")
	o.mu.Lock()
	defer o.mu.Unlock()
	r := o.live[orgs.Organization]
	return &engine.OrgIdentity{ID: r.Attrs.String(orgs.AttrOrgID), ManagementAccount: r.Attrs.String(orgs.AttrMgmtAccount)}, nil
}

func loadSpec(t *testing.T, yaml string) *spec.Spec {
	t.Helper()
	s, ds := spec.LoadFS(fstest.MapFS{"org.yaml": {Data: []byte(yaml)}}, "org.yaml")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return s
}

const oneOU = "version: 1\norganizationalUnits: [{name: Security}]\n"

func TestApplyLocksPlansReviewsAppliesRecordsInThatOrder(t *testing.T) {
	o := newOrg()
	reviewed := 0
	out, err := workflow.Apply(t.Context(), []workflow.Provider{o}, workflow.ApplyOptions{
		Spec: loadSpec(t, oneOU), Source: &engine.GitCommit{Commit: "c0ffee"},
		Review: func(p *engine.Plan) error {
			reviewed++
			o.note("review")
			if p.Summary.Create != 1 {
				t.Errorf("reviewing a plan of %d creates, want 1", p.Summary.Create)
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := out.Release(); err != nil {
		t.Fatal(err)
	}
	want := "lock read review apply ou:Security record c0ffee release"
	if got := strings.Join(o.log, " "); got != want {
		t.Errorf("steps:\n got %s\nwant %s", got, want)
	}
	if !out.Recorded || out.Result == nil || out.Result.Failed() || reviewed != 1 {
		t.Errorf("outcome %+v, reviewed %d times", out, reviewed)
	}

	// The next plan sees the recorded commit as live.
	p, err := workflow.Plan(t.Context(), loadSpec(t, oneOU), []workflow.Provider{o}, workflow.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Empty() || p.LiveCommit == nil || p.LiveCommit.Commit != "c0ffee" {
		t.Errorf("second plan: empty %v, live commit %+v; want empty and c0ffee", p.Empty(), p.LiveCommit)
	}
}

func TestReviewThatRefusesChangesNothing(t *testing.T) {
	o := newOrg()
	out, err := workflow.Apply(t.Context(), []workflow.Provider{o}, workflow.ApplyOptions{
		Spec: loadSpec(t, oneOU), Source: &engine.GitCommit{Commit: "c0ffee"},
		Review: func(*engine.Plan) error { return errors.New("no") },
	})
	out.Release()
	if err == nil || err.Error() != "no" {
		t.Fatalf("want the review's error, got %v", err)
	}
	if got := strings.Join(o.log, " "); got != "lock read release" {
		t.Errorf("steps: %s; want nothing applied or recorded", got)
	}
}

func TestStaleSavedPlanIsRefused(t *testing.T) {
	o := newOrg()
	p, err := workflow.Plan(t.Context(), loadSpec(t, oneOU), []workflow.Provider{o}, workflow.PlanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.MarshalIndent()
	saved, err := engine.ReadPlan(b)
	if err != nil {
		t.Fatal(err)
	}
	o.put(engine.Resource{Kind: orgs.KindOU, Key: "ByHand", Attrs: engine.Attrs{engine.AttrName: "ByHand"}})
	out, err := workflow.Apply(t.Context(), []workflow.Provider{o}, workflow.ApplyOptions{Saved: saved})
	out.Release()
	if !errors.Is(err, workflow.ErrStale) {
		t.Fatalf("want ErrStale, got %v", err)
	}
	delete(o.live, engine.Ref{Kind: orgs.KindOU, Key: "ByHand"})
	saved, _ = engine.ReadPlan(b)
	out, err = workflow.Apply(t.Context(), []workflow.Provider{o}, workflow.ApplyOptions{Saved: saved})
	out.Release()
	if err != nil || out.Result == nil || out.Result.Failed() {
		t.Fatalf("a fresh saved plan: %v %+v", err, out)
	}
}

func TestPartialOrFailedApplyRecordsNothing(t *testing.T) {
	o := newOrg()
	out, err := workflow.Apply(t.Context(), []workflow.Provider{o}, workflow.ApplyOptions{
		Spec: loadSpec(t, oneOU), Source: &engine.GitCommit{Commit: "c0ffee"},
		Targets: []engine.Ref{orgs.OU("Security")},
	})
	out.Release()
	if err != nil || out.Recorded || !strings.Contains(out.NotRecorded, "--target") {
		t.Errorf("targeted apply: %v, recorded %v (%q)", err, out.Recorded, out.NotRecorded)
	}
	o = newOrg()
	o.failing = map[engine.Ref]bool{orgs.OU("Security"): true}
	out, err = workflow.Apply(t.Context(), []workflow.Provider{o}, workflow.ApplyOptions{
		Spec: loadSpec(t, oneOU), Source: &engine.GitCommit{Commit: "c0ffee"},
	})
	out.Release()
	if err != nil || !out.Result.Failed() || out.Recorded || o.commit != nil {
		t.Errorf("failed apply: %v, recorded %v", err, out.Recorded)
	}
}

func TestAnotherHolderStopsTheApply(t *testing.T) {
	o := newOrg()
	o.locked = true
	out, err := workflow.Apply(t.Context(), []workflow.Provider{o}, workflow.ApplyOptions{Spec: loadSpec(t, oneOU)})
	var locked *workflow.LockedError
	if !errors.As(err, &locked) {
		t.Fatalf("want a LockedError, got %v", err)
	}
	if info, err := out.Release(); info.ID != "" || err != nil {
		t.Errorf("releasing a lock never taken: %v %v", info, err)
	}
	if strings.Contains(strings.Join(o.log, " "), "read") {
		t.Error("read the organization without the lock")
	}
}

func TestLosingTheLockCancelsTheWalk(t *testing.T) {
	o := newOrg()
	started := make(chan struct{})
	out, err := workflow.Apply(t.Context(), []workflow.Provider{blocking{o, started}}, workflow.ApplyOptions{
		Spec: loadSpec(t, oneOU),
		Review: func(*engine.Plan) error {
			go func() { <-started; close(o.lost) }()
			return nil
		},
	})
	out.Release()
	if err != nil {
		t.Fatal(err)
	}
	if !out.Result.Failed() {
		t.Error("the apply went on after the lock was lost")
	}
}

// blocking is the fake organization, but its Apply waits for its context.
type blocking struct {
	*org
	started chan struct{}
}

func (b blocking) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	close(b.started)
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case <-time.After(10 * time.Second):
		return b.org.Apply(ctx, c, ids)
	}
}

// Without a provider that keeps a lock or a record, apply neither locks
// nor records.
func TestNoLockerNoRecorder(t *testing.T) {
	o := newOrg()
	out, err := workflow.Apply(t.Context(), []workflow.Provider{plain{o}}, workflow.ApplyOptions{
		Spec: loadSpec(t, oneOU), Source: &engine.GitCommit{Commit: "c0ffee"},
	})
	if err != nil || out.Recorded {
		t.Fatalf("%v %+v", err, out)
	}
	if got := strings.Join(o.log, " "); got != "read apply ou:Security" {
		t.Errorf("steps: %s", got)
	}
}

// plain hides the fake organization's lock and record.
type plain struct{ o *org }

func (p plain) Name() string         { return p.o.Name() }
func (p plain) Kinds() []engine.Kind { return p.o.Kinds() }
func (p plain) Read(ctx context.Context, s *engine.Scope) ([]engine.Resource, error) {
	return p.o.Read(ctx, s)
}
func (p plain) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	return p.o.Apply(ctx, c, ids)
}
