package spec

import (
	"fmt"
	"strings"
	"testing"
)

// tagged returns a spec with account a whose tags are given one a line
// from line 6 (key at column 7).
func tagged(tags ...string) map[string]string {
	lines := []string{"version: 1", "accounts:", "  - name: a", "    email: a@example.com", "    tags:"}
	for _, t := range tags {
		lines = append(lines, "      "+t)
	}
	return root(lines...)
}

func TestValidateTags(t *testing.T) {
	var many []string
	for i := 0; i < 51; i++ {
		many = append(many, fmt.Sprintf("k%02d: v", i))
	}
	runLoadCases(t, []loadCase{
		{
			name:  "aws: prefix",
			files: tagged("owner: x", "AWS:cloudformation:stack-name: y"),
			want:  []want{{summary: `tag key "AWS:cloudformation:stack-name" on account a starts with aws:`, line: 7, col: 7}},
		},
		{
			name:  "reserved managed-by key",
			files: tagged("managed-by: terraform"),
			want:  []want{{summary: "tag key managed-by is reserved for orgctl", line: 6, col: 7, detail: "managed-by=orgctl"}},
		},
		{
			name:  "reserved orgctl: prefix",
			files: tagged("orgctl:commit: abc123"),
			want:  []want{{summary: `tag key "orgctl:commit" on account a starts with orgctl:`, line: 6, col: 7}},
		},
		{
			name:  "reserved orgctl: prefix on the root",
			files: root("version: 1", "organization:", "  tags:", "    orgctl:applied-at: x"),
			want:  []want{{summary: `tag key "orgctl:applied-at" on the root starts with orgctl:`, line: 4, col: 5}},
		},
		{
			name:  "empty key",
			files: tagged(`"": x`),
			want:  []want{{summary: "empty tag key on account a", line: 6, col: 7}},
		},
		{
			name:  "key too long",
			files: tagged(strings.Repeat("k", 129) + ": v"),
			want:  []want{{summary: "tag key on account a is 129 characters; the limit is 128", line: 6, col: 7}},
		},
		{
			name:  "value too long",
			files: tagged("k: " + strings.Repeat("v", 257)),
			want:  []want{{summary: "value of tag k on account a is 257 characters; the limit is 256", line: 6, col: 10}},
		},
		{
			name:  "key and value at their limits, empty value",
			files: tagged(strings.Repeat("k", 128)+": "+strings.Repeat("v", 256), `empty: ""`),
		},
		{
			name:  "characters AWS does not allow",
			files: tagged("team*: x", "owner: 'a;b'"),
			want: []want{
				{summary: `tag key "team*" on account a has characters AWS does not allow`, line: 6, col: 7},
				{summary: "value of tag owner on account a has characters AWS does not allow", line: 7, col: 14},
			},
		},
		{
			name:  "fifty tags, 51 with orgctl's managed-by",
			files: tagged(many[:50]...),
			want:  []want{{summary: "account a has 50 tags, 51 with orgctl's", line: 6, col: 7, detail: "orgctl adds 1 of its own (managed-by); remove 1"}},
		},
		{
			name:  "forty-nine tags",
			files: tagged(many[:49]...),
		},
		{
			name:  "forty-seven tags on the root, 51 with the live commit's records",
			files: root(append([]string{"version: 1", "organization:", "  tags:"}, indent(many[:47])...)...),
			want:  []want{{summary: "the root has 47 tags, 51 with orgctl's", line: 4, col: 5, detail: "orgctl:commit"}},
		},
		{
			name:  "forty-six tags on the root",
			files: root(append([]string{"version: 1", "organization:", "  tags:"}, indent(many[:46])...)...),
		},
		{
			name: "tags on the root, an OU and a policy",
			files: root(
				"version: 1",
				"organization:",
				"  policyTypes: [TAG_POLICY]",
				"  tags: {managed-by: me}",
				"organizationalUnits:",
				"  - {name: A, tags: {aws:x: y}}",
				"policies:",
				"  - {name: p, type: TAG_POLICY, document: {tags: {}}, tags: {ok: '<bad>'}}",
			),
			want: []want{
				{summary: "tag key managed-by is reserved for orgctl", line: 4, col: 10},
				{summary: `tag key "aws:x" on organizational unit A starts with aws:`, line: 6, col: 22},
				{summary: "value of tag ok on policy p has characters AWS does not allow", line: 8, col: 66},
			},
		},
	})
}

// indent indents YAML lines by four spaces.
func indent(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "    " + l
	}
	return out
}
