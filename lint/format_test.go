package lint

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/orgctl/orgctl/lint/linttest"

	"github.com/orgctl/orgctl/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func loadExample(t testing.TB, name string) *spec.Spec {
	t.Helper()
	s, ds := spec.Load(filepath.Join("..", "examples", name, "org.yaml"))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return s
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s differs (-want +got):\n%s", p, d)
	}
}

// TestGolden: the minimal example lints with the findings a reviewer
// expects of it (no trail, no security account or services, no
// conformance packs or Firewall Manager policies).
func TestGolden(t *testing.T) {
	s := loadExample(t, "minimal")
	rep := Run(s, Options{CrossAccountActions: crossAccount()})
	if !rep.Failed() {
		t.Error("the minimal example passes lint; it has no trail and no security account")
	}
	var b bytes.Buffer
	WriteText(&b, rep, func(f string) []byte { return s.Sources[f] }, false)
	// Which sections exist is other services' business: keep the golden
	// file independent of it.
	golden(t, "minimal.golden", []byte(sectionNeutral(b.String())))
}

// TestLandingZoneClean: the landing zone fires nothing but what its
// settings.lint.disable switches off, each with a reason, and the text
// lists those rules as disabled.
func TestLandingZoneClean(t *testing.T) {
	s := loadExample(t, "landing-zone")
	rep := Run(s, Options{CrossAccountActions: crossAccount()})
	if rep.Failed() {
		t.Error("the landing zone fails lint")
	}
	reasons := map[string]string{}
	for _, d := range rep.Disabled {
		reasons[d.Rule] = d.Reason
	}
	for _, f := range rep.Findings {
		if !f.Suppressed || reasons[f.Rule] == "" || f.Reason != reasons[f.Rule] {
			t.Errorf("landing zone: %s at %v is not disabled with a reason: %s", f.Rule, f.Subject, f.Message)
		}
	}
	var b bytes.Buffer
	WriteText(&b, rep, func(f string) []byte { return s.Sources[f] }, false)
	for rule, reason := range reasons {
		if !strings.Contains(b.String(), rule+", at ") || !strings.Contains(b.String(), "Reason: "+reason) {
			t.Errorf("the text does not list %s as disabled with its reason:\n%s", rule, b.String())
		}
	}
	if !strings.Contains(b.String(), "0 error(s), 0 warning(s)") {
		t.Errorf("summary:\n%s", b.String())
	}
}

// sectionNeutral rewrites the two messages a missing section may give
// into one.
func sectionNeutral(s string) string {
	for _, f := range []string{"Config conformance packs", "Firewall Manager policies", "IAM Identity Center assignments"} {
		for _, at := range []string{conformancePacksSection, firewallPoliciesSection, identityCenterSection} {
			s = strings.ReplaceAll(s, "the spec cannot express "+f+" yet (section "+at+" is missing)", "the spec deploys no "+f+" ("+at+")")
		}
	}
	return s
}

func TestJSON(t *testing.T) {
	rep := Run(loadExample(t, "landing-zone"), Options{})
	var b bytes.Buffer
	if err := WriteJSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	var got struct {
		FormatVersion string `json:"format_version"`
		Errors        int
		Suppressed    int
		Findings      []Finding
		Disabled      []Disabled
		Rules         []struct{ ID, Severity, Why, Fix string }
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.FormatVersion != "1" || got.Errors != 0 || got.Suppressed != len(got.Findings) || len(got.Disabled) != len(rep.Disabled) ||
		len(got.Disabled) == 0 || len(got.Rules) != len(Rules()) {
		t.Errorf("JSON report: %+v", got)
	}
	for _, f := range got.Findings {
		if !f.Suppressed || f.Reason == "" || f.Subject == nil {
			t.Errorf("landing zone finding not suppressed with its reason and place: %+v", f)
		}
	}
	for _, r := range got.Rules {
		if r.Why == "" || r.Fix == "" || r.Severity == "" {
			t.Errorf("rule %s lacks why, fix or severity", r.ID)
		}
	}
}

// TestSARIFMatchesSchema validates the SARIF output against OASIS's SARIF
// 2.1.0 schema: with findings (minimal), with suppressed findings
// (landing zone), and with findings in policy files.
func TestSARIFMatchesSchema(t *testing.T) {
	sch := linttest.SARIFSchema(t)
	specs := map[string]*spec.Spec{
		"minimal":      loadExample(t, "minimal"),
		"landing-zone": loadExample(t, "landing-zone"),
		"policy files": load(t, edit(t, `policies/region-guard.json>>["us-east-1", "eu-west-1"]`, `["us-east-1"]`)),
	}
	for name, s := range specs {
		t.Run(name, func(t *testing.T) {
			rep := Run(s, Options{})
			var b bytes.Buffer
			if err := WriteSARIF(&b, rep, "v0.0.0-test"); err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Fatalf("SARIF does not match the schema: %v\n%s", err, b.String())
			}
			var log struct {
				Runs []struct {
					Results []struct {
						RuleID    string
						RuleIndex int
						Locations []struct {
							PhysicalLocation struct {
								ArtifactLocation struct{ URI, URIBaseID string }
								Region           struct{ StartLine int }
							}
						}
						Suppressions []struct{ Justification string }
					}
				}
			}
			if err := json.Unmarshal(b.Bytes(), &log); err != nil {
				t.Fatal(err)
			}
			results := log.Runs[0].Results
			if len(results) != len(rep.Findings) || len(results) == 0 {
				t.Fatalf("%d results for %d findings", len(results), len(rep.Findings))
			}
			for i, r := range results {
				f := rep.Findings[i]
				loc := r.Locations[0].PhysicalLocation
				if Rules()[r.RuleIndex].ID != r.RuleID || r.RuleID != f.Rule || loc.Region.StartLine != f.Subject.Line ||
					!strings.HasSuffix(f.Subject.File, loc.ArtifactLocation.URI[strings.LastIndex(loc.ArtifactLocation.URI, "/")+1:]) {
					t.Errorf("result %d %+v does not match finding %+v", i, r, f)
				}
				if f.Suppressed != (len(r.Suppressions) == 1) {
					t.Errorf("result %d suppressions %+v, finding suppressed %v", i, r.Suppressions, f.Suppressed)
				}
			}
		})
	}
	// The schema test can fail: a result without a message is refused.
	if err := sch.Validate(map[string]any{"version": "2.1.0", "runs": []any{map[string]any{
		"tool": map[string]any{"driver": map[string]any{"name": "x"}}, "results": []any{map[string]any{"ruleId": "x"}}}}}); err == nil {
		t.Error("the schema accepts a result without a message")
	}
}
