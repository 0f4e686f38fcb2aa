package spec

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// prettySCP returns an SCP denying n actions, pretty-printed with deep
// indentation, and its minified length.
func prettySCP(t *testing.T, n int) (string, int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n")
	b.WriteString("            \"Sid\": \"DenyMany\",\n            \"Effect\": \"Deny\",\n            \"Action\": [\n")
	for i := 0; i < n; i++ {
		sep := ","
		if i == n-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "                \"service:SomeLongishActionName%04d\"%s\n", i, sep)
	}
	b.WriteString("            ],\n            \"Resource\": \"*\"\n        }\n    ]\n}\n")
	min, err := CompactDocument([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), utf8.RuneCountInString(min)
}

// policyFile is a spec declaring SCP p from p.json (lines 4-7) attached to
// nothing, with the file's content.
func policyFile(content string) map[string]string {
	f := withHeader(
		"policies:",
		"  - name: p",
		"    type: SERVICE_CONTROL_POLICY",
		"    file: p.json",
	)
	f["p.json"] = content
	return f
}

func TestDocuments(t *testing.T) {
	pretty, prettyMin := prettySCP(t, 130)
	if len(pretty) < 7000 || prettyMin > 10240 {
		t.Fatalf("fixture: pretty SCP is %d characters, minified %d; want >= 7000 and <= 10240", len(pretty), prettyMin)
	}
	big, bigMin := prettySCP(t, 300)
	if bigMin <= 10240 {
		t.Fatalf("fixture: big SCP minifies to %d, want > 10240", bigMin)
	}
	runLoadCases(t, []loadCase{
		{
			name:  "pretty 7000-character SCP that minifies under the limit is valid",
			files: policyFile(pretty),
		},
		{
			name:  "SCP that minifies over the limit",
			files: policyFile(big),
			want: []want{{summary: fmt.Sprintf("policy p is %d characters minified; a SERVICE_CONTROL_POLICY may have at most 10240", bigMin),
				file: "org.yaml", line: 7, col: 11, detail: "whitespace is not counted"}},
		},
		{
			name: "invalid JSON string",
			files: withHeader(
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
				`    document: '{"Version": "2012-10-17", "Statement": [}'`,
			),
			want: []want{{summary: "policy p: invalid JSON at line 1, column 41 of the document", file: "org.yaml", line: 7, col: 15}},
		},
		{
			name: "JSON string holding an array",
			files: withHeader(
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
				`    document: '[{"Effect": "Deny"}]'`,
			),
			want: []want{{summary: "policy p: the document must be a JSON object, got a JSON array", line: 7, col: 15}},
		},
		{
			name: "YAML list as document",
			files: withHeader(
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
				"    document:",
				"      - Effect: Deny",
			),
			want: []want{{summary: "policy p: the document must be a JSON object, got a list", line: 8, col: 7}},
		},
		{
			name: "number as document",
			files: withHeader(
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
				"    document: 42",
			),
			want: []want{{summary: "policy p: the document must be a JSON object, got an integer 42", line: 7, col: 15}},
		},
		{
			name:  "JSON file with a syntax error points into the file",
			files: policyFile("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\",}\n  ]\n}\n"),
			want:  []want{{summary: "policy p: invalid JSON at line 4, column 23", file: "p.json", line: 4, col: 23}},
		},
		{
			name:  "JSON file holding an array",
			files: policyFile("[]"),
			want:  []want{{summary: "policy p: the document must be a JSON object, got a JSON array", file: "p.json", line: 1}},
		},
		{
			name: "both document and file",
			files: withHeader(
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
				"    document: {Version: '2012-10-17', Statement: []}",
				"    file: p.json",
			),
			want: []want{{summary: "policy p has both document and file", line: 8, col: 11}},
		},
		{
			name: "neither document nor file",
			files: withHeader(
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
			),
			want: []want{{summary: "policy p has no document", line: 5, col: 5}},
		},
		{
			name: "duplicate key in an inline document",
			files: withHeader(
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
				"    document:",
				"      Version: '2012-10-17'",
				"      Version: '2012-10-17'",
				"      Statement: {Effect: Deny, Action: '*'}",
			),
			want: []want{{summary: `duplicate key "Version" in policies[0].document`, line: 9, col: 7}},
		},
		{
			name: "value JSON cannot hold",
			files: withHeader(
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
				"    document: {n: .inf}",
			),
			want: []want{{summary: "policies[0].document.n: .inf cannot be written in JSON", line: 7, col: 19}},
		},
		{
			name: "YAML policy file",
			files: func() map[string]string {
				f := withHeader("policies:", "  - name: p", "    type: SERVICE_CONTROL_POLICY", "    file: p.yaml")
				f["p.yaml"] = "Version: 2012-10-17\nStatement:\n  - Effect: Deny\n    Action: '*'\n    Action: x\n"
				return f
			}(),
			want: []want{{summary: `policy p: duplicate key "Action"`, file: "p.yaml", line: 5, col: 5}},
		},
		{
			name: "policy file that is a directory",
			files: func() map[string]string {
				f := withHeader("policies:", "  - name: p", "    type: SERVICE_CONTROL_POLICY", "    file: policies")
				f["policies/p.json"] = "{}"
				return f
			}(),
			want: []want{{summary: "policy file policies is a directory", file: "org.yaml", line: 7, col: 11}},
		},
		{
			name: "empty policy file",
			files: func() map[string]string {
				f := withHeader("policies:", "  - name: p", "    type: SERVICE_CONTROL_POLICY", "    file: p.yaml")
				f["p.yaml"] = ""
				return f
			}(),
			want: []want{{summary: "policy p: the file is empty", file: "p.yaml", line: 1, col: 1}},
		},
		{
			name: "description too long",
			files: withHeader(
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
				"    description: "+strings.Repeat("x", 513),
				"    document: {Statement: {Effect: Deny, Action: '*'}}",
			),
			want: []want{{summary: "policy p: description is 513 characters; the limit is 512", line: 7, col: 18}},
		},
	})
}

func TestMissingPolicyFile(t *testing.T) {
	t.Parallel()
	f := policyFile("")
	delete(f, "p.json")
	_, ds := loadFiles(f)
	checkDiags(t, ds, []want{{summary: "policy file p.json does not exist", file: "org.yaml", line: 7, col: 11, detail: "Looked for p.json"}})
}

func TestEmptyPolicyFile(t *testing.T) {
	t.Parallel()
	_, ds := loadFiles(policyFile(""))
	checkDiags(t, ds, []want{{summary: "policy p: invalid JSON", file: "p.json", line: 1}})
}

func TestDocumentContent(t *testing.T) {
	t.Parallel()
	s, ds := loadFiles(withHeader(
		"policies:",
		"  - name: json-string",
		"    type: SERVICE_CONTROL_POLICY",
		"    document: |",
		"      {",
		`        "Version": "2012-10-17",`,
		`        "Statement": [{"Effect": "Deny", "Action": "a:<b>&c", "Resource": "*"}]`,
		"      }",
		"  - name: yaml-mapping",
		"    type: SERVICE_CONTROL_POLICY",
		"    document:",
		"      Version: 2012-10-17",
		"      Statement:",
		"        - Sid: Z",
		"          Effect: Deny",
		"          Action: ['a:<b>&c']",
		"          Resource: '*'",
	))
	checkDiags(t, ds, nil)
	wantContent := []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"a:<b>&c","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Sid":"Z","Effect":"Deny","Action":["a:<b>&c"],"Resource":"*"}]}`,
	}
	for i, w := range wantContent {
		if got := s.Policies[i].Content; got != w {
			t.Errorf("policy %s: content\n got %s\nwant %s", s.Policies[i].Name, got, w)
		}
		if !json.Valid([]byte(s.Policies[i].Content)) {
			t.Errorf("policy %s: content is not valid JSON", s.Policies[i].Name)
		}
	}
}

func TestCompactDocument(t *testing.T) {
	cases := []struct {
		name, in, want, err string
	}{
		{name: "keeps key order", in: "{ \"b\": 1,\n \"a\": [ 1, 2 ] }", want: `{"b":1,"a":[1,2]}`},
		{name: "array", in: "[1]", err: "got a JSON array"},
		{name: "string", in: `"x"`, err: "got a JSON string"},
		{name: "null", in: "null", err: "got null"},
		{name: "number", in: "12", err: "got a JSON number"},
		{name: "syntax", in: "{", err: "unexpected end of JSON input"},
		{name: "trailing data", in: "{} {}", err: "invalid character"},
		{name: "empty", in: "", err: "unexpected end of JSON input"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := CompactDocument([]byte(c.in))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("CompactDocument(%q) error = %v, want %q", c.in, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("CompactDocument(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
		})
	}
}
