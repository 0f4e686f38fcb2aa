package spec

import "testing"

// Tags the spec does not define (CloudFormation's !Sub and !Ref, !!binary,
// any local tag) used to be dropped, the value read as its bare text. They
// are refused wherever they are, policy documents included, once each.
func TestYAMLTags(t *testing.T) {
	const help = "expands no tags"
	runLoadCases(t, []loadCase{
		{
			name:  "!Ref on a list",
			files: withHeader("organizationalUnits:", "  - name: A", "    policies: !Ref Policies"),
			want:  []want{{summary: "YAML tag !Ref is not one the spec defines", file: "org.yaml", line: 6, col: 15, detail: help}},
		},
		{
			name:  "!Sub on a setting",
			files: root("version: 1", "settings:", `  homeRegion: !Sub "${AWS::Region}"`),
			want:  []want{{summary: "YAML tag !Sub is not one the spec defines", line: 3, col: 15}},
		},
		{
			name:  "a local tag on a name",
			files: root("version: 1", "organizationalUnits:", "  - name: !upper prod"),
			want:  []want{{summary: "YAML tag !upper", line: 3, col: 11}},
		},
		{
			name:  "!!binary",
			files: root("version: 1", "settings:", "  crossAccountRole: !!binary T3Jn"),
			want:  []want{{summary: "YAML tag !!binary", line: 3, col: 21}},
		},
		{
			name:  "a tag on a key",
			files: root("version: 1", "settings:", "  !Ref key: us-east-1"),
			want:  []want{{summary: "YAML tag !Ref", line: 3, col: 3}},
		},
		{
			name: "!Sub inside an inline document",
			files: withHeader(
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
				"    document:",
				"      Statement:",
				"        - Effect: Deny",
				"          Action: s3:*",
				`          Resource: !Sub "arn:aws:s3:::${Bucket}/*"`,
			),
			want: []want{{summary: "YAML tag !Sub", line: 11, col: 21}},
		},
		{
			name: "!GetAtt in a YAML policy file",
			files: map[string]string{
				"org.yaml": "version: 1\norganization: {policyTypes: [SERVICE_CONTROL_POLICY]}\n" +
					"policies: [{name: p, type: SERVICE_CONTROL_POLICY, file: p.yaml}]\n",
				"p.yaml": "Statement:\n  - Effect: Deny\n    Action: '*'\n    Resource: !GetAtt Bucket.Arn\n",
			},
			want: []want{{summary: "YAML tag !GetAtt", file: "p.yaml", line: 4, col: 15}},
		},
		{
			name:  "a tag under an anchor is reported once, where it is",
			files: root("version: 1", "organizationalUnits:", "  - name: &n !x A", "  - name: *n"),
			want:  []want{{summary: "YAML tag !x", line: 3, col: 11}},
		},
		{
			name:  "a standard tag whose value does not fit it",
			files: root("version: 1", "organizationalUnits:", "  - name: !!int abc"),
			want:  []want{{summary: `!!int "abc" is not an integer`, line: 3}},
		},
		{
			name:  "a standard tag on the wrong kind of node",
			files: root("version: 1", "organizationalUnits: !!map [{name: A}]"),
			want:  []want{{summary: "YAML tag !!map does not fit a list", line: 2}},
		},
		{
			name: "the core schema's tags are read",
			files: root("version: 1", "organizationalUnits: !!seq", "  - !!map {name: !!str 0123}",
				"accounts: [{name: a, email: a@example.com, closed: !!bool true}]"),
		},
	})
}
