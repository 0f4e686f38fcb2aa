package organizations_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/sandbox"
)

var (
	alice = orgp.Holder{User: "alice", Host: "ci-1", PID: 11, Commit: "aaaa"}
	bob   = orgp.Holder{User: "bob", Host: "ci-2", PID: 22, Commit: "bbbb"}
)

// hour is a lifetime no test outlives, so heartbeats stay out of the way.
const hour = time.Hour

func TestLockExcludesAndNamesItsHolder(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	p := f.provider()
	l, err := p.AcquireLock(ctx, alice, orgp.LockOptions{TTL: hour})
	if err != nil {
		t.Fatal(err)
	}
	cur, err := f.provider().ReadLock(ctx)
	if err != nil || cur == nil {
		t.Fatalf("ReadLock = %v, %v", cur, err)
	}
	if cur.ID != l.Info().ID || cur.Holder != alice {
		t.Errorf("ReadLock = %+v, want ID %s held by %+v", cur, l.Info().ID, alice)
	}

	// A clock that moves 10ms a reading and only then, so the wait ends
	// after the same few attempts however slow the machine (a clock that
	// also followed real time ran out before the first wait under load).
	waited, ticks, start := 0, 0, time.Now()
	clock := func() time.Time { ticks++; return start.Add(time.Duration(ticks) * 10 * time.Millisecond) }
	_, err = f.provider().AcquireLock(ctx, bob, orgp.LockOptions{TTL: hour, Timeout: 50 * time.Millisecond, Poll: time.Millisecond,
		Now: clock, OnWait: func(orgp.LockInfo) { waited++ }})
	var locked *orgp.LockedError
	if !errors.As(err, &locked) {
		t.Fatalf("second AcquireLock: %v, want a LockedError", err)
	}
	for _, want := range []string{l.Info().ID, "alice@ci-1", "pid 11", "commit aaaa", "orgctl unlock " + l.Info().ID} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if waited != 1 {
		t.Errorf("OnWait called %d times, want once", waited)
	}

	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}
	l2, err := f.provider().AcquireLock(ctx, bob, orgp.LockOptions{TTL: hour})
	if err != nil {
		t.Fatalf("AcquireLock after release: %v", err)
	}
	if l2.Info().ID == l.Info().ID {
		t.Error("a new lock reused the released lock's ID")
	}
	l2.Release(ctx)
}

func TestExpiredLockIsBroken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	l, err := f.provider().AcquireLock(ctx, alice, orgp.LockOptions{TTL: hour})
	if err != nil {
		t.Fatal(err)
	}
	// Bob's clock is past alice's expiry, as if she had died an hour ago.
	later := func() time.Time { return time.Now().Add(hour + time.Minute) }
	var broken []string
	l2, err := f.provider().AcquireLock(ctx, bob, orgp.LockOptions{TTL: hour, Now: later,
		OnBreak: func(i orgp.LockInfo) { broken = append(broken, i.ID) }})
	if err != nil {
		t.Fatalf("AcquireLock over an expired lock: %v", err)
	}
	if len(broken) != 1 || broken[0] != l.Info().ID || l2.Info().ID == l.Info().ID {
		t.Errorf("broke %v, want exactly alice's %s; new lock %s", broken, l.Info().ID, l2.Info().ID)
	}
	// A late breaker that saw alice's lock expired deletes by her ID and
	// so cannot remove bob's.
	if _, err := f.provider().BreakLock(ctx, l.Info().ID); err == nil || !strings.Contains(err.Error(), l2.Info().ID) {
		t.Errorf("BreakLock of the old ID: %v, want a refusal naming %s", err, l2.Info().ID)
	}
	if cur, _ := f.provider().ReadLock(ctx); cur == nil || cur.ID != l2.Info().ID {
		t.Errorf("lock after a stale break = %+v, want bob's %s", cur, l2.Info().ID)
	}
}

func TestBreakLock(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.provider().BreakLock(ctx, "p-12345678"); err == nil || !strings.Contains(err.Error(), "no apply lock is held") {
		t.Errorf("BreakLock with no lock: %v", err)
	}
	l, err := f.provider().AcquireLock(ctx, alice, orgp.LockOptions{TTL: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.provider().BreakLock(ctx, "p-12345678"); err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("BreakLock with a wrong ID: %v", err)
	}
	info, err := f.provider().BreakLock(ctx, l.Info().ID)
	if err != nil || info.Holder != alice {
		t.Fatalf("BreakLock = %+v, %v", info, err)
	}
	// The holder's heartbeat finds its lock gone.
	select {
	case <-l.Lost():
	case <-time.After(30 * time.Second):
		t.Fatal("the holder did not notice its lock was broken")
	}
	if err := l.Release(ctx); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("Release of a broken lock: %v", err)
	}
}

func TestHeartbeatRenewsTheLock(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	l, err := f.provider().AcquireLock(ctx, alice, orgp.LockOptions{TTL: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	first := l.Info().ExpiresAt
	for {
		cur, err := f.provider().ReadLock(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if cur.ExpiresAt.After(first) {
			break
		}
		select {
		case <-l.Lost():
			t.Fatal(l.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}
	if cur, _ := f.provider().ReadLock(ctx); cur != nil {
		t.Errorf("lock still held after release: %+v", cur)
	}
}

// AWS may not know a policy it has just created everywhere yet: a lock
// renewed and released at once must still be renewed and really deleted,
// not taken for broken or for already gone.
func TestYoungLockUnderEventualConsistency(t *testing.T) {
	t.Parallel()
	const window = 700 * time.Millisecond
	f := newFixture(t, sandbox.WithFaults(sandbox.Faults{Consistency: window, Seed: 1}))
	ctx := context.Background()
	l, err := f.provider().AcquireLock(ctx, alice, orgp.LockOptions{TTL: 1200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// The first heartbeat (at 400ms) falls inside the window.
	select {
	case <-l.Lost():
		t.Fatalf("lock lost while propagating: %v", l.Err())
	case <-time.After(window + 100*time.Millisecond):
	}
	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}

	l, err = f.provider().AcquireLock(ctx, bob, orgp.LockOptions{TTL: hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Release(ctx); err != nil {
		t.Fatal(err)
	}
	time.Sleep(window)
	if cur, err := f.provider().ReadLock(ctx); err != nil || cur != nil {
		t.Errorf("after releasing a lock at once, ReadLock = %+v, %v; want no lock", cur, err)
	}
}

// The lock policy and the live-commit tags are orgctl's: reads leave them
// out, so plans neither delete them nor report them.
func TestLockAndRecordStayOutOfPlans(t *testing.T) {
	t.Parallel()
	f, s := minimalApplied(t)
	ctx := context.Background()
	p := f.provider()

	l, err := p.AcquireLock(ctx, alice, orgp.LockOptions{TTL: hour})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release(ctx)
	// Attached by mistake, it still stays out.
	roots, err := f.org().ListRoots(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.org().AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(l.Info().ID), TargetId: roots.Roots[0].Id}); err != nil {
		t.Fatal(err)
	}
	rec := engine.GitCommit{Commit: "0123456789abcdef0123456789abcdef01234567", Ref: "main~1", Repo: "https://git.example/org.git", AppliedAt: "2026-03-04T05:06:07Z"}
	if err := p.RecordCommit(ctx, f.ids(t), rec); err != nil {
		t.Fatal(err)
	}
	pl := plan(t, s, f.provider())
	want := rec
	want.Ref = "main_1" // ~ is not a tag character
	if got := p.LiveCommit(pl.Live()); got == nil || *got != want {
		t.Errorf("LiveCommit = %+v, want %+v", got, want)
	}
	if !pl.Empty() || pl.Drifted() {
		t.Errorf("plan sees orgctl's own records: %v %v", brief(pl), pl.Unmanaged)
	}
	// Nor does it spend a call on the lock, which its holder may delete
	// at any moment.
	if diff := cmp.Diff(orgp.MinimumCalls(s), noChangeCalls(t, f, s)); diff != "" {
		t.Errorf("calls of a no-change plan while the lock is held (-minimum +made):\n%s", diff)
	}
	live, err := f.provider().Read(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range live {
		if strings.Contains(r.Key, facts.LockPolicyName) {
			t.Errorf("live resource %s:%s is the lock", r.Kind, r.Key)
		}
		if r.Kind == orgs.KindOrganization {
			for k := range r.Attrs.Map("tags") {
				if strings.HasPrefix(k, facts.ReservedTagPrefix) {
					t.Errorf("root tag %s is orgctl's record", k)
				}
			}
		}
	}
}

func brief(p *engine.Plan) []string {
	var out []string
	for _, c := range p.Changes {
		out = append(out, string(c.Action)+" "+c.Ref().String())
	}
	return out
}
