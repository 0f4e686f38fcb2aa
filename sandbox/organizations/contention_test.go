package organizations

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/sandbox"
)

// hold is the latency every request of these tests is served with: the
// time a first request stays in progress while the test sends a second.
const hold = 600 * time.Millisecond

// inProgress starts fn and returns once the sandbox has received its
// request (counted as op), so that what the test sends next overlaps it;
// the returned channel gives fn's error when it is answered.
func (e *env) inProgress(op string, fn func() error) <-chan error {
	e.T.Helper()
	before := e.SB.Calls()["organizations:"+op]
	done := make(chan error, 1)
	go func() { done <- fn() }()
	for e.SB.Calls()["organizations:"+op] == before {
		time.Sleep(time.Millisecond)
	}
	return done
}

// Under an in-flight limit, a caller's request made while as many of its
// requests are in progress is throttled with the words AWS uses for it,
// with HTTP 400; once they are answered, it passes.
func TestRequestsInProgressAreLimitedPerCaller(t *testing.T) {
	t.Parallel()
	e := newEnv(t, sandbox.WithLatency(hold),
		sandbox.WithRateLimits(sandbox.RateLimits{"organizations": {RPS: 1000, Burst: 1000, InFlight: 2}}))
	list := func() error { _, err := e.Org.ListRoots(e.Ctx, nil); return err }
	first, second := e.inProgress("ListRoots", list), e.inProgress("ListRoots", list)

	err := list()
	var tooMany *types.TooManyRequestsException
	var re interface{ HTTPStatusCode() int }
	if !errors.As(err, &tooMany) || !errors.As(err, &re) || re.HTTPStatusCode() != 400 {
		t.Fatalf("a third request in progress: %v, want TooManyRequestsException with HTTP 400", err)
	}
	if want := "AWS Organizations can't complete your request because another request is already in progress. Try again later."; tooMany.ErrorMessage() != want {
		t.Errorf("message %q, want %q", tooMany.ErrorMessage(), want)
	}
	if err := errors.Join(<-first, <-second); err != nil {
		t.Fatal(err)
	}
	if err := list(); err != nil {
		t.Errorf("once the others were answered: %v", err)
	}
	if got := e.SB.Faults()["inflight"]; got != 1 {
		t.Errorf("Faults()[inflight] = %d, want 1", got)
	}
	// Without an in-flight limit (--rate organizations=RPS:BURST), any
	// number may be in progress.
	e2 := newEnv(t, sandbox.WithLatency(hold), sandbox.WithRateLimits(sandbox.RateLimits{"organizations": {RPS: 1000, Burst: 1000}}))
	list2 := func() error { _, err := e2.Org.ListRoots(e2.Ctx, nil); return err }
	a, b := e2.inProgress("ListRoots", list2), e2.inProgress("ListRoots", list2)
	if err := errors.Join(list2(), <-a, <-b); err != nil {
		t.Errorf("with no in-flight limit: %v", err)
	}
}

// A write that arrives while another write to the same entity is in
// progress fails with ConcurrentModificationException; a write to another
// entity, or a read, passes, and so does the same write once the first is
// answered.
func TestOverlappingWritesToOneEntityConflict(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	root := e.RootID()
	e.enablePolicyType("SERVICE_CONTROL_POLICY")
	ou := e.createOU(root, "Workloads")
	acct := e.createAccount("dev")
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`
	p1, p2 := e.createPolicy("one", "SERVICE_CONTROL_POLICY", doc), e.createPolicy("two", "SERVICE_CONTROL_POLICY", doc)
	e.Reopen(sandbox.WithLatency(hold))
	attach := func(policy, target string) func() error {
		return func() error {
			_, err := e.Org.AttachPolicy(e.Ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(policy), TargetId: aws.String(target)})
			return err
		}
	}
	tag := func(id, v string) func() error {
		return func() error {
			_, err := e.Org.TagResource(e.Ctx, &organizations.TagResourceInput{ResourceId: aws.String(id),
				Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String(v)}}})
			return err
		}
	}
	move := func(from, to string) func() error {
		return func() error {
			_, err := e.Org.MoveAccount(e.Ctx, &organizations.MoveAccountInput{AccountId: aws.String(acct),
				SourceParentId: aws.String(from), DestinationParentId: aws.String(to)})
			return err
		}
	}
	createOU := func(parent, name string) func() error {
		return func() error {
			_, err := e.Org.CreateOrganizationalUnit(e.Ctx, &organizations.CreateOrganizationalUnitInput{ParentId: aws.String(parent), Name: aws.String(name)})
			return err
		}
	}
	describe := func(policy, d string) func() error {
		return func() error {
			_, err := e.Org.UpdatePolicy(e.Ctx, &organizations.UpdatePolicyInput{PolicyId: aws.String(policy), Description: aws.String(d)})
			return err
		}
	}
	tests := []struct {
		name          string
		op            string
		first, second func() error
		conflict      bool
	}{
		{"two policies attached to one target", "AttachPolicy", attach(p1, root), attach(p2, root), true},
		{"policies attached to two targets", "AttachPolicy", attach(p1, ou), attach(p2, acct), false},
		{"tags on one resource", "TagResource", tag(ou, "a"), tag(ou, "b"), true},
		{"tags on two resources", "TagResource", tag(ou, "c"), tag(p1, "d"), false},
		{"a move and a tag of one account", "MoveAccount", move(root, ou), tag(acct, "e"), true},
		{"two OUs created under one parent", "CreateOrganizationalUnit", createOU(root, "a"), createOU(root, "b"), true},
		{"OUs created under two parents", "CreateOrganizationalUnit", createOU(root, "c"), createOU(ou, "d"), false},
		{"two updates of one policy", "UpdatePolicy", describe(p1, "a"), describe(p1, "b"), true},
		{"updates of two policies", "UpdatePolicy", describe(p1, "c"), describe(p2, "d"), false},
		{"a write and a read of one target", "TagResource", tag(root, "f"), func() error {
			_, err := e.Org.ListTagsForResource(e.Ctx, &organizations.ListTagsForResourceInput{ResourceId: aws.String(root)})
			return err
		}, false},
	}
	conflicts := 0
	for _, tt := range tests {
		first := e.inProgress(tt.op, tt.first)
		err := tt.second()
		if err := <-first; err != nil {
			t.Fatalf("%s: the first write: %v", tt.name, err)
		}
		var cme *types.ConcurrentModificationException
		switch {
		case tt.conflict && !errors.As(err, &cme):
			t.Errorf("%s: the second write: %v, want ConcurrentModificationException", tt.name, err)
		case tt.conflict:
			conflicts++
			if want := "AWS Organizations can't complete your request because it conflicts with another attempt to modify the same entity. Try again later."; cme.ErrorMessage() != want {
				t.Errorf("%s: message %q", tt.name, cme.ErrorMessage())
			}
			if err := tt.second(); err != nil {
				t.Errorf("%s: the second write once the first was answered: %v", tt.name, err)
			}
		case err != nil:
			t.Errorf("%s: the second request: %v", tt.name, err)
		}
	}
	if got := e.SB.Faults()["contention"]; got != conflicts {
		t.Errorf("Faults()[contention] = %d, want %d", got, conflicts)
	}
}
