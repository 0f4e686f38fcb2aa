// Package linttest holds what tests of lint's output share: OASIS's SARIF
// 2.1.0 schema, compiled.
package linttest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const sarifID = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"

// SARIFSchema compiles the SARIF 2.1.0 schema kept as lint's test data,
// with format assertions on.
func SARIFSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	f, err := os.Open(filepath.Join(filepath.Dir(here), "..", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(sarifID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(sarifID)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}
