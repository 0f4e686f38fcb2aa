package spec

import (
	"fmt"
	"testing"
)

// Numbers in YAML policy documents go to AWS as JSON. Those whose JSON is
// not the author's text (an account ID with a leading zero, octal, hex,
// underscores, exponents, .5, +1, 1.50) are refused, saying to quote them;
// plain integers and decimals that round-trip are kept.
func TestDocumentNumbers(t *testing.T) {
	doc := func(value string) map[string]string {
		return withHeader(
			"policies:",
			"  - name: p",
			"    type: SERVICE_CONTROL_POLICY",
			"    document:",
			"      Statement:",
			"        - Effect: Deny",
			"          Action: '*'",
			"          Resource: '*'",
			"          Condition: {StringEquals: {aws:PrincipalAccount: "+value+"}}",
		)
	}
	const at = "policies[0].document.Statement[0].Condition.StringEquals.aws:PrincipalAccount: "
	refused := []struct{ value, summary, detail string }{
		{"012345678901", "YAML reads 012345678901 as the number 12345678901", `Quote it ("012345678901")`},
		{"0123", "YAML reads 0123 as the number 83", "write 83"},
		{"0o17", "YAML reads 0o17 as the number 15", ""},
		{"0x1F", "YAML reads 0x1F as the number 31", ""},
		{"0b101", "YAML reads 0b101 as the number 5", ""},
		{"1_000", "YAML reads 1_000 as the number 1000", ""},
		{"1e3", "YAML reads 1e3 as the number 1000", ""},
		{"1e-7", "1e-7 is a number in exponent form", `Quote it ("1e-7")`},
		{".5", "YAML reads .5 as the number 0.5", ""},
		{"+1", "YAML reads +1 as the number 1", ""},
		{"-0", "YAML reads -0 as the number 0", ""},
		{"1.50", "YAML reads 1.50 as the number 1.5", "write 1.5"},
		{"1.0", "YAML reads 1.0 as the number 1", ""},
		{"1.", "YAML reads 1. as the number 1", ""},
		{"99999999999999999999", "YAML reads 99999999999999999999 as the number 100000000000000000000", ""},
	}
	var cases []loadCase
	for _, c := range refused {
		cases = append(cases, loadCase{
			name:  c.value,
			files: doc(c.value),
			want:  []want{{summary: at + c.summary, file: "org.yaml", line: 12, col: 60, detail: c.detail}},
		})
	}
	for _, ok := range []string{"123456789012", "0", "-1", "3600", "0.5", "-2.25", "'012345678901'", `"0x1F"`, "!!str 0123", "2012-10-17"} {
		cases = append(cases, loadCase{name: fmt.Sprintf("kept %s", ok), files: doc(ok)})
	}
	cases = append(cases, loadCase{
		name: "in a YAML policy file",
		files: map[string]string{
			"org.yaml": "version: 1\norganization: {policyTypes: [SERVICE_CONTROL_POLICY]}\n" +
				"policies: [{name: p, type: SERVICE_CONTROL_POLICY, file: p.yaml}]\n",
			"p.yaml": "Statement:\n  - Effect: Deny\n    Action: '*'\n    Resource: '*'\n" +
				"    Condition: {StringEquals: {aws:PrincipalAccount: [123456789012, 012345678901]}}\n",
		},
		want: []want{{summary: "YAML reads 012345678901 as the number 12345678901", file: "p.yaml", line: 5, col: 69}},
	})
	cases = append(cases, loadCase{
		name:  "every number of a document is reported",
		files: withHeader("policies:", "  - {name: p, type: SERVICE_CONTROL_POLICY, document: {a: 0x1F, b: [1, .5]}}"),
		want:  []want{{summary: "a: YAML reads 0x1F as the number 31", line: 5}, {summary: "b[1]: YAML reads .5 as the number 0.5", line: 5}},
	})
	runLoadCases(t, cases)
}

// Kept numbers reach the document as written.
func TestDocumentNumbersKept(t *testing.T) {
	s, ds := loadFiles(root("version: 1", "organization:", "  policyTypes: [S3_POLICY]",
		"policies:",
		"  - name: p",
		"    type: S3_POLICY",
		"    document: {s3_attributes: {a: {'@@assign': [123456789012, 0, -1, 0.5, -2.25, '012345678901']}}}",
	))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	if want := `{"s3_attributes":{"a":{"@@assign":[123456789012,0,-1,0.5,-2.25,"012345678901"]}}}`; s.Policies[0].Content != want {
		t.Errorf("content %s, want %s", s.Policies[0].Content, want)
	}
}
