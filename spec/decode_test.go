package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeErrors(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name: "malformed YAML",
			files: root(
				"version: 1",
				"accounts:",
				"  - name: a",
				"    email: [a@example.com",
				"  - name: b",
			),
			// The parser names the line where the unclosed list starts.
			want: []want{{summary: "malformed YAML: did not find expected ',' or ']'", file: "org.yaml", line: 4, col: 5}},
		},
		{
			// The parser names the line where the mapping starts (3); the
			// key that breaks it is on the next line.
			name: "a key indented one space too far",
			files: root(
				"version: 1",
				"organization:",
				"  policyTypes: [SERVICE_CONTROL_POLICY]",
				"   policies: [FullAWSAccess]",
			),
			want: []want{{summary: "malformed YAML: did not find expected key", file: "org.yaml", line: 4, col: 4}},
		},
		{
			name: "a mapping key where a list item belongs, after a valid multi-line list",
			files: root(
				"version: 1",
				"organization:",
				"  policyTypes: [SERVICE_CONTROL_POLICY,",
				"    TAG_POLICY]",
				"organizationalUnits:",
				"  - name: A",
				"  - name: B",
				"  name: C",
			),
			want: []want{{summary: "malformed YAML: did not find expected '-' indicator", file: "org.yaml", line: 8, col: 3}},
		},
		{
			name: "a list item indented one space short, deep in the OU tree",
			files: root(
				"version: 1",
				"organizationalUnits:",
				"  - name: A",
				"    children:",
				"      - name: B",
				"      - name: C",
				"     - name: D",
			),
			want: []want{{summary: "malformed YAML: did not find expected key", file: "org.yaml", line: 7, col: 6}},
		},
		{
			name: "tab indentation",
			files: root(
				"version: 1",
				"settings:",
				"\thomeRegion: us-east-1",
			),
			want: []want{{summary: "malformed YAML", file: "org.yaml", line: 3}},
		},
		{
			name:  "alias to an unknown anchor",
			files: root("version: 1", "organizationalUnits:", "  - name: A", "    policies: *scps", "# *scps again"),
			want:  []want{{summary: "malformed YAML: unknown anchor 'scps' referenced", file: "org.yaml", line: 4, col: 15}},
		},
		{
			name:  "two documents",
			files: root("version: 1", "---", "version: 1"),
			want:  []want{{summary: "more than one YAML document", file: "org.yaml", line: 2}},
		},
		{
			name:  "unknown top-level key with suggestion",
			files: root("version: 1", "setings:", "  homeRegion: us-east-1"),
			want:  []want{{summary: `unknown key "setings" at the top level`, file: "org.yaml", line: 2, col: 1, detail: `Did you mean "settings"?`}},
		},
		{
			name: "unknown nested key with suggestion",
			files: root(
				"version: 1",
				"accounts:",
				"  - name: a",
				"    emial: a@example.com",
			),
			want: []want{{summary: `unknown key "emial" in accounts[0]`, file: "org.yaml", line: 4, col: 5, detail: `Did you mean "email"?`}},
		},
		{
			name: "unknown key deep in the OU tree",
			files: root(
				"version: 1",
				"organizationalUnits:",
				"  - name: A",
				"    children:",
				"      - name: B",
				"        polices: []",
			),
			want: []want{{summary: `unknown key "polices" in organizationalUnits[0].children[0]`, line: 6, col: 9, detail: `Did you mean "policies"?`}},
		},
		{
			name:  "unknown key without a close match",
			files: root("version: 1", "frobnicate: true"),
			want:  []want{{summary: `unknown key "frobnicate"`, line: 2, detail: "Keys allowed here: version, include"}},
		},
		{
			name: "wrong type: string for boolean",
			files: root(
				"version: 1",
				"accounts:",
				"  - name: a",
				"    email: a@example.com",
				"  - name: b",
				"    email: b@example.com",
				"  - name: c",
				"    email: c@example.com",
				`    closed: "yes"`,
			),
			want: []want{{summary: `accounts[2].closed: expected a boolean, got a string "yes"`, file: "org.yaml", line: 9, col: 13}},
		},
		{
			name:  "wrong type: number for string",
			files: root("version: 1", "accounts:", "  - name: a", "    email: a@example.com", "    tags: {cost-center: 1000}"),
			want:  []want{{summary: "accounts[0].tags.cost-center: expected a string, got an integer 1000", line: 5, col: 25, detail: `Quote it: "1000"`}},
		},
		{
			name:  "wrong type: string for list",
			files: root("version: 1", "organization:", "  policies: FullAWSAccess"),
			want:  []want{{summary: "organization.policies: expected a list, got a string", line: 3, col: 13, detail: "[FullAWSAccess]"}},
		},
		{
			name:  "wrong type: list for mapping",
			files: root("version: 1", "settings: [a]"),
			want:  []want{{summary: "settings: expected a mapping, got a list", line: 2, col: 11}},
		},
		{
			name:  "wrong type: quoted version",
			files: root(`version: "1"`),
			want:  []want{{summary: `version: expected an integer, got a string "1"`, line: 1, col: 10}},
		},
		{
			name:  "top level is not a mapping",
			files: root("- version: 1"),
			want:  []want{{summary: "the spec: expected a mapping, got a list", line: 1, col: 1}},
		},
		{
			name: "duplicate key",
			files: root(
				"version: 1",
				"accounts:",
				"  - name: a",
				"    email: a@example.com",
				"    name: b",
			),
			want: []want{{summary: `duplicate key "name" in accounts[0]`, file: "org.yaml", line: 5, col: 5, detail: "first defined at org.yaml:3"}},
		},
		{
			name:  "duplicate top-level key",
			files: root("version: 1", "version: 1"),
			want:  []want{{summary: `duplicate key "version" in the spec`, line: 2, col: 1}},
		},
		{
			name:  "alias that contains itself",
			files: root("version: 1", "organizationalUnits: &a", "  - name: A", "    children: *a"),
			want:  []want{{summary: "alias *a refers to itself", line: 4, col: 15}},
		},
		{
			name: "alias bomb",
			files: root(
				"version: 1",
				"organization: {policyTypes: [SERVICE_CONTROL_POLICY]}",
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
				"    document:",
				"      x0: &a0 [a, a, a, a, a, a, a, a, a, a]",
				"      x1: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]",
				"      x2: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]",
				"      x3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]",
				"      x4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]",
				"      x5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]",
				"      x6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]",
			),
			want: []want{
				{summary: "org.yaml expands to more than 1000000 YAML nodes", file: "org.yaml"},
			},
		},
		{
			name:  "empty file",
			files: root(""),
			want:  []want{{summary: "the spec has no version", file: "org.yaml", line: 1}},
		},
	})
}

func TestDecodeAnchorsAndMerges(t *testing.T) {
	s, ds := loadFiles(root(
		"version: 1",
		"x-common: &common {owner: platform, cost-center: \"1000\"}",
		"accounts:",
		"  - name: a",
		"    email: a@example.com",
		"    tags:",
		"      <<: *common",
		"      owner: team-a",
		"  - name: b",
		"    email: b@example.com",
		"    tags: *common",
	))
	// x-common is not a key of the spec.
	checkDiags(t, ds, []want{{summary: `unknown key "x-common"`, line: 2}})
	got := []map[string]string{s.Accounts[0].Tags, s.Accounts[1].Tags}
	wantTags := []map[string]string{
		{"owner": "team-a", "cost-center": "1000"},
		{"owner": "platform", "cost-center": "1000"},
	}
	if diff := cmp.Diff(wantTags, got); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
}

func TestDecodeLocations(t *testing.T) {
	s, ds := loadFiles(withHeader(
		"  policies:",
		"    - FullAWSAccess",
		"    - deny-all",
		"organizationalUnits:",
		"  - name: A",
		"  - name: B",
		"    children:",
		"      - name: C",
		"        tags: {owner: x}",
		"accounts:",
		"  - name: a",
		"    email: a@example.com",
		"policies:",
		"  - name: deny-all",
		"    type: SERVICE_CONTROL_POLICY",
		`    document: {"Version": "2012-10-17", Statement: {Effect: Deny, Action: "*"}}`,
	))
	checkDiags(t, ds, nil)
	got := map[string]string{}
	for _, p := range []string{
		"organization.policies[1]",
		"organizationalUnits[1].children[0].name",
		"organizationalUnits[1].children[0].tags.owner",
		"organizationalUnits[1].children[0].tags.owner" + KeySuffix,
		"accounts[0].email",
		"policies[0].document",
	} {
		got[p] = s.Locs.Pos(p).String()
	}
	wantLocs := map[string]string{
		"organization.policies[1]":                                  "org.yaml:6:7",
		"organizationalUnits[1].children[0].name":                   "org.yaml:11:15",
		"organizationalUnits[1].children[0].tags.owner":             "org.yaml:12:23",
		"organizationalUnits[1].children[0].tags.owner" + KeySuffix: "org.yaml:12:16",
		"accounts[0].email":                                         "org.yaml:15:12",
		"policies[0].document":                                      "org.yaml:19:15",
	}
	if diff := cmp.Diff(wantLocs, got); diff != "" {
		t.Errorf("locations (-want +got):\n%s", diff)
	}
	if doc, ok := s.Policies[0].Document.(map[string]any); !ok || doc["Version"] != "2012-10-17" {
		t.Errorf("document = %#v, want a map with Version 2012-10-17", s.Policies[0].Document)
	}
}

func TestGenericValues(t *testing.T) {
	s, ds := loadFiles(root("version: 1", "organization:", "  policyTypes: [S3_POLICY]",
		"policies:",
		"  - name: p",
		"    type: S3_POLICY",
		"    document:",
		"      s3_attributes:",
		"        setting:",
		"          \"@@assign\":",
		"            Version: 2012-10-17",
		"            n: 3",
		"            f: 1.5",
		"            b: true",
		"            z: null",
		"            l: [a, 1]",
	))
	checkDiags(t, ds, nil)
	wantDoc := map[string]any{"s3_attributes": map[string]any{"setting": map[string]any{"@@assign": map[string]any{
		"Version": "2012-10-17", "n": 3, "f": 1.5, "b": true, "z": nil, "l": []any{"a", 1},
	}}}}
	if diff := cmp.Diff(wantDoc, s.Policies[0].Document); diff != "" {
		t.Errorf("document (-want +got):\n%s", diff)
	}
	if got, w := s.Policies[0].Content, `{"s3_attributes":{"setting":{"@@assign":{"Version":"2012-10-17","n":3,"f":1.5,"b":true,"z":null,"l":["a",1]}}}}`; got != w {
		t.Errorf("content = %s, want %s", got, w)
	}
}
