// Package servicetest holds what the services' tests of their spec
// sections share: loading a spec from text, and a table of specs with
// what loading each must say.
package servicetest

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orgctl/orgctl/spec"
)

// Load loads yaml as org.yaml and returns the spec and its diagnostics as
// text, "" when it is valid.
func Load(t testing.TB, yaml string) (*spec.Spec, string) {
	t.Helper()
	s, ds := spec.LoadFS(fstest.MapFS{"org.yaml": {Data: []byte(yaml)}}, "org.yaml")
	return s, ds.Error()
}

// SpecCase is a spec and what loading it says: Want is "" for a valid
// spec, else a substring of its errors (with the line, where it matters).
// An alias of an unnamed struct, so that tables keep their short
// positional rows.
type SpecCase = struct{ Name, YAML, Want string }

// CheckSpecs loads each case as a subtest and checks what it says.
func CheckSpecs(t *testing.T, cases []SpecCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			_, got := Load(t, tt.YAML)
			if tt.Want == "" && got != "" {
				t.Fatalf("want a valid spec, got:\n%s", got)
			}
			if !strings.Contains(got, tt.Want) {
				t.Errorf("want %q in:\n%s", tt.Want, got)
			}
		})
	}
}
