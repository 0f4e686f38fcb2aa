package engine_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/google/go-cmp/cmp"
)

// recorder is a provider that records the changes it is asked to apply and
// fails those named in fail.
type recorder struct {
	mu      sync.Mutex
	applied []string
	fail    map[string]bool
}

func (r *recorder) Name() string { return "recorder" }
func (r *recorder) Kinds() []engine.Kind {
	return []engine.Kind{orgs.KindOrganization, orgs.KindPolicyType, orgs.KindOU, orgs.KindPolicy, orgs.KindAccount, orgs.KindAttachment}
}
func (r *recorder) Read(context.Context, *engine.Scope) ([]engine.Resource, error) { return nil, nil }

// Apply makes up an ID for what it creates and, like a real provider,
// needs the IDs of what an attachment names: created earlier in the run
// or live.
func (r *recorder) Apply(_ context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail[c.Ref().String()] {
		return "", errors.New("AWS said no")
	}
	if c.Kind == orgs.KindAttachment && c.Action == engine.Create {
		if t := orgs.TargetRef(c.After.String(orgs.AttrTarget)); t != orgs.Organization {
			if _, err := ids.Require(t); err != nil {
				return "", err
			}
		}
		if !c.After.Bool(orgs.AttrAWSManaged) {
			if _, err := ids.Require(orgs.Policy(c.After.String(orgs.AttrPolicyType), c.After.String(orgs.AttrPolicy))); err != nil {
				return "", err
			}
		}
	}
	r.applied = append(r.applied, c.Ref().String())
	if c.Action == engine.Create {
		return "id-" + c.Key, nil
	}
	return "", nil
}

func TestApplyFailureSkipsOnlyDependents(t *testing.T) {
	live := []engine.Resource{{Kind: orgs.KindOrganization, Key: orgs.OrganizationKey, Attrs: engine.Attrs{"featureSet": "ALL"}}}
	p := mustDiff(t, engine.Desired(baseSpec()), live, true)
	rec := &recorder{fail: map[string]bool{"ou:Workloads": true}}
	res, err := engine.Apply(context.Background(), p, []engine.Provider{rec}, engine.ApplyOptions{Parallelism: 3})
	if err != nil {
		t.Fatal(err)
	}
	outcome := func(key string) engine.Outcome {
		for i, c := range p.Changes {
			if c.Ref().String() == key {
				return res.Outcomes[i]
			}
		}
		t.Fatalf("no change %s", key)
		return ""
	}
	want := map[string]engine.Outcome{
		"ou:Workloads":                                  engine.Failed,
		"ou:Workloads/Prod":                             engine.Skipped, // child of the failure
		"account:app-prod@example.com":                  engine.Skipped, // in the child
		"attachment:scp/region-guard@ou:Workloads/Prod": engine.Skipped,
		"ou:Security":                                   engine.Applied, // independent
		"policy:scp/region-guard":                       engine.Applied,
		"attachment:scp/deny-leave@root":                engine.Applied,
	}
	for key, o := range want {
		if got := outcome(key); got != o {
			t.Errorf("%s: %s, want %s", key, got, o)
		}
	}
	if !res.Failed() || len(res.Errors) != 1 {
		t.Errorf("want exactly the one root-cause error, got %v", res.Errors)
	}
	for v, cause := range res.Causes {
		if p.Changes[cause].Key != "Workloads" {
			t.Errorf("%s skipped because of %s, want ou Workloads", p.Changes[v].Address(), p.Changes[cause].Address())
		}
	}
	if slices.Contains(rec.applied, "ou:Workloads/Prod") {
		t.Error("a dependent of the failure was applied")
	}
}

func TestApplyRefusesDestructiveWithoutPermission(t *testing.T) {
	s := baseSpec()
	s.OrganizationalUnits = s.OrganizationalUnits[1:]
	p := mustDiff(t, engine.Desired(s), liveOf(baseSpec()), true)
	rec := &recorder{}
	if _, err := engine.Apply(context.Background(), p, []engine.Provider{rec}, engine.ApplyOptions{Parallelism: 2}); !errors.Is(err, engine.ErrDestroyRefused) {
		t.Fatalf("want ErrDestroyRefused, got %v", err)
	}
	if len(rec.applied) != 0 {
		t.Fatalf("a refused apply changed %v", rec.applied)
	}
	res, err := engine.Apply(context.Background(), p, []engine.Provider{rec}, engine.ApplyOptions{Parallelism: 2, AllowDestroy: true})
	if err != nil || res.Failed() {
		t.Fatalf("with AllowDestroy: %v %v", err, res.Errors)
	}
	if diff := cmp.Diff([]string{"ou:Security"}, rec.applied); diff != "" {
		t.Errorf("applied (-want +got):\n%s", diff)
	}
}

// Implicit changes (an OU's attachments that go with it) are not sent to
// the provider.
func TestApplySkipsImplicitChanges(t *testing.T) {
	s := baseSpec()
	s.OrganizationalUnits = s.OrganizationalUnits[:1] // Workloads and Prod go
	s.Accounts = nil
	s.Policies = s.Policies[:1] // region-guard goes, attached to Prod
	live := liveOf(baseSpec())
	live = setAttr(live, orgs.KindAccount, "app-prod@example.com", "ou", "")
	p := mustDiff(t, engine.Desired(s), live, true)
	implicit := findChange(t, p, orgs.KindAttachment, "scp/region-guard@ou:Workloads/Prod")
	if !implicit.Implicit {
		t.Fatalf("the attachment of a deleted policy to a deleted OU should go with the OU: %+v", implicit)
	}
	if !before(p, findChange(t, p, orgs.KindOU, "Workloads/Prod"), findChange(t, p, orgs.KindPolicy, "scp/region-guard")) {
		t.Error("the policy can only be deleted once the OU it is attached to is gone")
	}
	rec := &recorder{}
	if _, err := engine.Apply(context.Background(), p, []engine.Provider{rec}, engine.ApplyOptions{Parallelism: 2, AllowDestroy: true}); err != nil {
		t.Fatal(err)
	}
	if slices.Contains(rec.applied, implicit.Ref().String()) {
		t.Error("an implicit change was sent to the provider")
	}
}
