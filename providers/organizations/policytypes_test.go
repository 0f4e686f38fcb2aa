package organizations_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/spec"
)

// Every policy type orgctl knows applies through the sandbox and converges:
// enabled (the service-tied ones after their trusted access), one policy of
// each created and attached to an OU, and a second plan is empty. Then the
// types are dropped: their policies are deleted and the types disabled.
func TestEveryPolicyTypeApplies(t *testing.T) {
	t.Parallel()
	var types, trusted, policies, attach []string
	for _, pt := range spec.PolicyTypes {
		types = append(types, pt.Name)
		if pt.ServicePrincipal != "" {
			trusted = append(trusted, pt.ServicePrincipal)
		}
		name := "p-" + pt.Short
		policies = append(policies, fmt.Sprintf("  - {name: %s, type: %s, document: {x: {\"@@assign\": %q}}}", name, pt.Name, pt.Short))
		attach = append(attach, name)
	}
	// An SCP or an RCP needs a real IAM-style document.
	doc := `{Version: "2012-10-17", Statement: [{Effect: Deny, Action: "s3:DeleteBucket", Resource: "*"}]}`
	for i, pt := range spec.PolicyTypes {
		if pt.Name == "SERVICE_CONTROL_POLICY" || pt.Name == "RESOURCE_CONTROL_POLICY" {
			policies[i] = fmt.Sprintf("  - {name: p-%s, type: %s, document: %s}", pt.Short, pt.Name, doc)
		}
	}
	body := fmt.Sprintf(`version: 1
organization:
  policyTypes: [%s]
  trustedAccess: [%s]
organizationalUnits:
  - name: Everything
    policies: [FullAWSAccess, RCPFullAWSAccess, %s]
policies:
%s
`, strings.Join(types, ", "), strings.Join(trusted, ", "), strings.Join(attach, ", "), strings.Join(policies, "\n"))
	path := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	s := loadSpec(t, path)

	f := newFixture(t)
	p := f.provider()
	pl := plan(t, s, p)
	if want := len(spec.PolicyTypes); pl.Summary.Create < 3*want {
		t.Fatalf("want each of the %d types enabled, with a policy created and attached; got %+v", want, pl.Summary)
	}
	apply(t, pl, p)
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Fatalf("plan after applying every type is not empty: %v", brief(again))
	}

	// Drop every type but SCPs: policies deleted, types disabled.
	s.Organization.PolicyTypes = []string{"SERVICE_CONTROL_POLICY"}
	s.Organization.TrustedAccess = nil
	s.OrganizationalUnits[0].Policies = []string{"FullAWSAccess", "p-scp"}
	s.Policies = s.Policies[:1]
	p = f.provider()
	apply(t, plan(t, s, p), p)
	if again := plan(t, s, f.provider()); !again.Empty() {
		t.Fatalf("plan after dropping the types is not empty: %v", brief(again))
	}
}
