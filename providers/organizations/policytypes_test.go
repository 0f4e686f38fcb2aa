package organizations_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/providertest"
	"github.com/orgctl/orgctl/spec"
)

// everyPolicyType enables each policy type orgctl knows, with one policy of
// each attached to an OU.
const everyPolicyType = "../../testdata/every-policy-type/org.yaml"

// Every policy type orgctl knows applies through the sandbox and converges:
// enabled (the service-tied ones after their trusted access), one policy of
// each created and attached to an OU, and a second plan is empty. Then the
// types are dropped: their policies are deleted and the types disabled.
func TestEveryPolicyTypeApplies(t *testing.T) {
	t.Parallel()
	s := loadSpec(t, everyPolicyType)
	for _, pt := range facts.PolicyTypes {
		if !slices.Contains(s.Organization.PolicyTypes, pt.Name) {
			t.Fatalf("%s does not enable %s: add it, with a policy of that type", everyPolicyType, pt.Name)
		}
	}

	f := newFixture(t)
	p := f.provider()
	pl := plan(t, s, p)
	if want := len(facts.PolicyTypes); pl.Summary.Create < 3*want {
		t.Fatalf("want each of the %d types enabled, with a policy created and attached; got %+v", want, pl.Summary)
	}
	apply(t, pl, p)
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Fatalf("plan after applying every type is not empty: %v", brief(again))
	}

	// Drop every type but SCPs: policies deleted, types disabled.
	s.Organization.PolicyTypes = []string{"SERVICE_CONTROL_POLICY"}
	s.Organization.TrustedAccess = nil
	s.OrganizationalUnits[0].Policies = []string{"FullAWSAccess", s.Policies[0].Name}
	s.Policies = s.Policies[:1]
	p = f.provider()
	pl = plan(t, s, p)
	if want := len(facts.PolicyTypes) - 1; pl.Summary.Delete < 2*want {
		t.Fatalf("want %d types disabled and their policies deleted; got %+v", want, pl.Summary)
	}
	apply(t, pl, p)
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Fatalf("plan after dropping the types is not empty: %v", brief(again))
	}
}

// Delegated administrators register after their service's trusted access
// and their account; a service the spec lists is the spec's, so moving its
// administration to another account deregisters the first (destructive).
func TestDelegatedAdministrators(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := loadSpec(t, "../../examples/minimal/org.yaml")
	s.Organization.TrustedAccess = []string{"config.amazonaws.com"}
	s.Organization.DelegatedAdministrators = []spec.DelegatedAdministrator{{Service: "config.amazonaws.com", Account: "app-dev"}}
	p := f.provider()
	apply(t, plan(t, s, p), p)
	if again := plan(t, s, f.provider()); !again.Empty() || again.Drifted() {
		t.Fatalf("plan after registering: %v %v", brief(again), again.Unmanaged)
	}

	s.Organization.DelegatedAdministrators[0].Account = "app-prod"
	p = f.provider()
	pl := plan(t, s, p)
	want := []string{"create delegated-admin:config.amazonaws.com/aws+app-prod@example.com", "delete delegated-admin:config.amazonaws.com/aws+app-dev@example.com"}
	if got := brief(pl); !slices.Equal(slices.Sorted(slices.Values(got)), want) || pl.Summary.Destructive != 1 {
		t.Fatalf("moving config's administration: got %v (%+v), want %v with the deregistration destructive", got, pl.Summary, want)
	}
	apply(t, pl, p)
	if again := plan(t, s, f.provider()); !again.Empty() || again.Drifted() {
		t.Fatalf("plan after moving: %v %v", brief(again), again.Unmanaged)
	}
}

// Since 15 May 2026 an OU takes ten SCPs and an SCP 10,240 characters:
// such a spec applies and converges (it was refused before).
func TestTenSCPsAndALargeSCP(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("version: 1\norganization: {policyTypes: [SERVICE_CONTROL_POLICY]}\norganizationalUnits:\n  - name: Guarded\n    policies: [FullAWSAccess")
	for i := range 9 {
		fmt.Fprintf(&b, ", deny-%d", i)
	}
	b.WriteString("]\npolicies:\n")
	for i := range 9 {
		action := fmt.Sprintf("svc%d:*", i)
		if i == 0 { // about 10,000 characters once minified
			var actions []string
			for j := range 500 {
				actions = append(actions, fmt.Sprintf("%q", fmt.Sprintf("svc%04d:Describe*", j)))
			}
			action = strings.Join(actions, ", ")
		} else {
			action = fmt.Sprintf("%q", action)
		}
		fmt.Fprintf(&b, "  - name: deny-%d\n    type: SERVICE_CONTROL_POLICY\n    document: {Version: \"2012-10-17\", Statement: [{Effect: Deny, Action: [%s], Resource: \"*\"}]}\n", i, action)
	}
	s := providertest.Load(t, map[string]string{"org.yaml": b.String()})
	if n := len(s.Policies[0].Content); n < 10000 || n > 10240 {
		t.Fatalf("fixture: the large SCP is %d characters minified, want 10,000-10,240", n)
	}
	f := newFixture(t)
	apply(t, plan(t, s, f.provider()), f.provider())
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Fatalf("plan after applying ten SCPs is not empty: %v", brief(again))
	}
}
