package spec

import (
	"strings"
	"testing"
)

// withPolicy returns a spec enabling every type (3 lines, allTypes) that
// declares one policy, whose lines start at line 5.
func withPolicy(lines ...string) map[string]string {
	return root(append(append(append([]string{}, allTypes...), "policies:"), lines...)...)
}

// TestPolicyGrammar: a document its type's grammar refuses (policygrammar,
// whose own tests hold the full tables) is reported at the line of the
// element at fault, wherever the document is written: inline as YAML, as
// a JSON string, or in a JSON or YAML file.
func TestPolicyGrammar(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name: "Statment typo, inline YAML",
			files: withPolicy(
				"  - name: deny-s3",
				"    type: SERVICE_CONTROL_POLICY",
				"    document:",
				"      Version: '2012-10-17'",
				"      Statment: [{Effect: Deny, Action: 's3:*', Resource: '*'}]",
			),
			want: []want{
				{summary: `policy deny-s3: an SCP has the unknown key "Statment" (at Statment)`, line: 9, col: 7, detail: `Did you mean "Statement"?`},
				{summary: "policy deny-s3: an SCP has no Statement", line: 8, col: 7},
			},
		},
		{
			name: "Effect Deni, inline YAML",
			files: withPolicy(
				"  - name: deny-s3",
				"    type: SERVICE_CONTROL_POLICY",
				"    document:",
				"      Statement:",
				"        - Effect: Deny",
				"          Action: 's3:*'",
				"        - Effect: Deni",
				"          Action: 'ec2:*'",
			),
			want: []want{{summary: `Effect is "Deni" (at Statement[1].Effect)`, line: 11, col: 11, detail: `Did you mean "Deny"?`}},
		},
		{
			name: "SCP with Principal, JSON in a literal block",
			files: withPolicy(
				"  - name: deny-s3",
				"    type: SERVICE_CONTROL_POLICY",
				"    document: |",
				"      {",
				`        "Statement": [{`,
				`          "Effect": "Deny",`,
				`          "Principal": "*",`,
				`          "Action": "s3:*"`,
				"        }]",
				"      }",
			),
			want: []want{{summary: "an SCP does not support Principal (at Statement[0].Principal)", line: 11, col: 11, detail: "aws:PrincipalArn"}},
		},
		{
			name: "SCP with Principal, JSON on one line",
			files: withPolicy(
				"  - name: deny-s3",
				"    type: SERVICE_CONTROL_POLICY",
				`    document: '{"Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*"}}'`,
			),
			want: []want{{summary: "an SCP does not support Principal", line: 7, col: 15}},
		},
		{
			name: "RCP that allows, in a JSON file",
			files: map[string]string{
				"org.yaml": fileLines(append(append([]string{}, allTypes...), "policies:",
					"  - {name: tls, type: RESOURCE_CONTROL_POLICY, file: policies/tls.json}")...),
				"policies/tls.json": fileLines(
					`{`,
					`  "Version": "2012-10-17",`,
					`  "Statement": [`,
					`    {`,
					`      "Effect": "Allow",`,
					`      "Principal": "*",`,
					`      "Action": "s3:*",`,
					`      "Resource": "*"`,
					`    }`,
					`  ]`,
					`}`,
				),
			},
			want: []want{{summary: `policy tls: Effect is "Allow" (at Statement[0].Effect)`, file: "policies/tls.json", line: 5, col: 7, detail: "RCPs only deny"}},
		},
		{
			name: "RCP without Principal, in a YAML file",
			files: map[string]string{
				"org.yaml": fileLines(append(append([]string{}, allTypes...), "policies:",
					"  - {name: tls, type: RESOURCE_CONTROL_POLICY, file: tls.yaml}")...),
				"tls.yaml": fileLines(
					"Version: '2012-10-17'",
					"Statement:",
					"  - Effect: Deny",
					"    Action: 's3:*'",
				),
			},
			want: []want{{summary: "policy tls: an RCP statement has no Principal (at Statement[0])", file: "tls.yaml", line: 3, col: 5}},
		},
		{
			name: "tag policy hello world",
			files: withPolicy(
				"  - name: tags",
				"    type: TAG_POLICY",
				"    document: {hello: world}",
			),
			want: []want{{summary: `policy tags: a tag policy at its top has the unknown key "hello"`, line: 7, col: 16, detail: `Use only "tags"`}},
		},
		{
			name: "tag policy without an operator, in a JSON file",
			files: map[string]string{
				"org.yaml": fileLines(append(append([]string{}, allTypes...), "policies:",
					"  - {name: tags, type: TAG_POLICY, file: tags.json}")...),
				"tags.json": fileLines(`{"tags": {"costcenter": {`, `  "tag_key": "CostCenter"}}}`),
			},
			want: []want{{summary: `tag_key is set to "CostCenter" without an inheritance operator (at tags.costcenter.tag_key)`, file: "tags.json", line: 2, col: 3, detail: `"@@assign"`}},
		},
		{
			name: "AI opt-out in the wrong case",
			files: withPolicy(
				"  - name: ai",
				"    type: AISERVICES_OPT_OUT_POLICY",
				"    document:",
				"      services:",
				"        default:",
				"          opt_out_policy: {'@@assign': optout}",
			),
			want: []want{{summary: `opt_out_policy takes "optOut" or "optIn"`, line: 10, col: 28}},
		},
		{
			name: "valid documents of every kind",
			files: withPolicy(
				"  - name: deny-s3",
				"    type: SERVICE_CONTROL_POLICY",
				"    document: {Version: '2012-10-17', Statement: [{Effect: Deny, NotAction: 'iam:*', Resource: '*', Condition: {StringNotEquals: {'aws:RequestedRegion': [eu-west-1]}}}]}",
				"  - name: tls",
				"    type: RESOURCE_CONTROL_POLICY",
				"    document: {Version: '2012-10-17', Statement: [{Effect: Deny, Principal: '*', Action: 's3:*', Resource: '*', Condition: {BoolIfExists: {'aws:SecureTransport': 'false'}}}]}",
				"  - name: tags",
				"    type: TAG_POLICY",
				"    document: {tags: {costcenter: {tag_key: {'@@assign': CostCenter}, tag_value: {'@@assign': ['100']}}}}",
				"  - name: backup",
				"    type: BACKUP_POLICY",
				"    document: {plans: {daily: {regions: {'@@assign': [us-east-1]}}}}",
				"  - name: ai",
				"    type: AISERVICES_OPT_OUT_POLICY",
				"    document: {services: {default: {opt_out_policy: {'@@assign': optOut}}}}",
			),
		},
	})
}

// fileLines writes lines as a file.
func fileLines(lines ...string) string { return strings.Join(lines, "\n") + "\n" }
