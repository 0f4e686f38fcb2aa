package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/orgctl/orgctl/lint/linttest"
)

// TestE2ELint runs the built binary's lint: no sandbox, no AWS.
func TestE2ELint(t *testing.T) {
	t.Parallel()

	t.Run("the landing zone lints clean", func(t *testing.T) {
		r := run(t, nil, "lint", "-f", "examples/landing-zone/org.yaml")
		if r.code != 0 || !strings.Contains(r.stdout, "0 error(s), 0 warning(s)") {
			t.Fatal(r)
		}
		for _, w := range []string{"Disabled rules (settings.lint.disable):", "identity-center, at examples/landing-zone/org.yaml:", "Reason: "} {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("the report lacks %q:\n%s", w, r)
			}
		}
	})

	t.Run("the minimal example fails on errors, grouped by rule with snippets", func(t *testing.T) {
		r := run(t, nil, "lint", "-f", "examples/minimal/org.yaml")
		if r.code != 1 {
			t.Fatal(r)
		}
		for _, w := range []string{
			"org-trail [error, 1 finding(s)]: ", "  Why: ", "  Fix: ",
			"Error: the spec has no organization trail (cloudTrail)",
			"  on examples/minimal/org.yaml:6:1:", "     6 | version: 1",
			"security-account [error", "5 error(s)",
		} {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("the report lacks %q:\n%s", w, r)
			}
		}
		// Rules about sections other services add say the section is
		// missing until the binary has it, then check it.
		schema := run(t, nil, "schema")
		for _, sec := range []struct{ key, what string }{{"conformancePacks", "Config conformance packs"}, {"firewallPolicies", "Firewall Manager policies"}} {
			want := "the spec cannot express " + sec.what + " yet (section " + sec.key + " is missing)"
			if strings.Contains(schema.stdout, `"`+sec.key+`"`) {
				want = "the spec deploys no " + sec.what + " (" + sec.key + ")"
			}
			if !strings.Contains(r.stdout, want) {
				t.Errorf("the report lacks %q:\n%s", want, r.stdout)
			}
		}
	})

	t.Run("SARIF to a file matches the SARIF 2.1.0 schema", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "lint.sarif")
		r := run(t, nil, "lint", "-f", "examples/minimal/org.yaml", "--format", "sarif", "-o", out)
		if r.code != 1 || r.stdout != "" {
			t.Fatal(r)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		sch := linttest.SARIFSchema(t)
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		if !strings.Contains(string(b), `"uri": "examples/minimal/org.yaml"`) || !strings.Contains(string(b), `"uriBaseId": "%SRCROOT%"`) {
			t.Errorf("results are not located relative to the checkout:\n%s", b)
		}
	})

	t.Run("JSON", func(t *testing.T) {
		r := run(t, nil, "lint", "-f", "examples/landing-zone/org.yaml", "--format", "json")
		var rep struct {
			Errors, Suppressed int
			Disabled           []struct{ Rule, Reason string }
		}
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &rep) != nil || rep.Errors != 0 || len(rep.Disabled) == 0 {
			t.Fatal(r)
		}
		for _, d := range rep.Disabled {
			if d.Rule == "" || d.Reason == "" {
				t.Errorf("a disabled rule without its id or reason: %+v", d)
			}
		}
	})

	t.Run("a spec that does not validate is not linted", func(t *testing.T) {
		dir := t.TempDir()
		spec := filepath.Join(dir, "org.yaml")
		if err := os.WriteFile(spec, []byte("version: 1\nsettings:\n  lint:\n    disable: [{rule: org-trail}]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := run(t, nil, "lint", "-f", spec)
		if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "settings.lint.disable entry for org-trail has no reason") {
			t.Fatal(r)
		}
	})

	t.Run("an unknown format", func(t *testing.T) {
		r := run(t, nil, "lint", "-f", "examples/minimal/org.yaml", "--format", "xml")
		if r.code != 1 || !strings.Contains(r.stderr, "use text, json or sarif") {
			t.Fatal(r)
		}
	})

	t.Run("the plan workflow uploads lint's SARIF", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(repoRoot, "examples", "ci", "github-actions", "orgctl-plan.yml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"orgctl lint -f org.yaml --format sarif -o orgctl-lint.sarif",
			"github/codeql-action/upload-sarif@", "sarif_file: orgctl-lint.sarif", "security-events: write"} {
			if !strings.Contains(string(b), w) {
				t.Errorf("the plan workflow lacks %q", w)
			}
		}
	})
}
