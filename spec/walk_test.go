package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWalkOUs(t *testing.T) {
	s, ds := loadFiles(root(
		"version: 1",
		"organizationalUnits:",
		"  - name: Security",
		"  - name: Workloads",
		"    children:",
		"      - name: Prod",
		"        children: [{name: Payments}]",
		"      - name: Dev",
		"  - name: Sandbox",
	))
	checkDiags(t, ds, nil)
	type visit struct{ Path, Name, Loc, At string }
	var got []visit
	s.WalkOUs(func(path string, ou *OU, loc string) {
		got = append(got, visit{path, ou.Name, loc, s.Locs.Pos(loc + ".name").String()})
	})
	want := []visit{
		{"Security", "Security", "organizationalUnits[0]", "org.yaml:3:11"},
		{"Workloads", "Workloads", "organizationalUnits[1]", "org.yaml:4:11"},
		{"Workloads/Prod", "Prod", "organizationalUnits[1].children[0]", "org.yaml:6:15"},
		{"Workloads/Prod/Payments", "Payments", "organizationalUnits[1].children[0].children[0]", "org.yaml:7:27"},
		{"Workloads/Dev", "Dev", "organizationalUnits[1].children[1]", "org.yaml:8:15"},
		{"Sandbox", "Sandbox", "organizationalUnits[2]", "org.yaml:9:11"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("WalkOUs (-want +got):\n%s", diff)
	}
}

func TestPolicyLookups(t *testing.T) {
	s := &Spec{Policies: []Policy{{Name: "deny-all", Type: "SERVICE_CONTROL_POLICY"}, {Name: "tags", Type: "TAG_POLICY"}}}
	cases := []struct {
		name     string
		declared bool
		typ      string
		known    bool
	}{
		{"deny-all", true, "SERVICE_CONTROL_POLICY", true},
		{"tags", true, "TAG_POLICY", true},
		{"FullAWSAccess", false, "SERVICE_CONTROL_POLICY", true},
		{"RCPFullAWSAccess", false, "RESOURCE_CONTROL_POLICY", true},
		{"nope", false, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ok := s.Policy(c.name)
			if ok != c.declared || (ok && p.Name != c.name) {
				t.Errorf("Policy(%q) = %v, %v; want declared=%v", c.name, p, ok, c.declared)
			}
			typ, ok := s.PolicyTypeOf(c.name)
			if typ != c.typ || ok != c.known {
				t.Errorf("PolicyTypeOf(%q) = %q, %v; want %q, %v", c.name, typ, ok, c.typ, c.known)
			}
		})
	}
}

func TestValidateSpecBuiltInCode(t *testing.T) {
	s := &Spec{
		Version:      1,
		Organization: Organization{PolicyTypes: []string{"SERVICE_CONTROL_POLICY"}},
		Accounts:     []Account{{Name: "a", Email: "bad"}},
		Policies:     []Policy{{Name: "p", Type: "SERVICE_CONTROL_POLICY", Content: `{"Statement":{"Effect":"Deny","Action":"*"}}`}},
	}
	checkDiags(t, s.Validate(), []want{{summary: `email "bad" is 3 characters`}})
}
