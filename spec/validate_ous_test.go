package spec

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// nestedOUs returns a spec declaring OUs L1/L2/.../Ln, each a child of the
// one before. The name of Lk is on line 1+2k, at column 7+4k.
func nestedOUs(n int) []string {
	lines := []string{"version: 1", "organizationalUnits:"}
	for k := 1; k <= n; k++ {
		indent := strings.Repeat(" ", 2+4*(k-1))
		lines = append(lines, fmt.Sprintf("%s- name: L%d", indent, k))
		if k < n {
			lines = append(lines, indent+"  children:")
		}
	}
	return lines
}

func TestValidateOUs(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name: "duplicate OU path",
			files: root(
				"version: 1",
				"organizationalUnits:",
				"  - name: Workloads",
				"    children:",
				"      - name: Prod",
				"      - name: Dev",
				"      - name: Prod",
				"  - name: Prod",
			),
			want: []want{{summary: "duplicate organizational unit Workloads/Prod", file: "org.yaml", line: 7, col: 15, detail: "org.yaml:5:15"}},
		},
		{
			name: "duplicate top-level OU across files",
			files: map[string]string{
				"org.yaml":  "version: 1\ninclude: [more.yaml]\norganizationalUnits:\n  - name: Security\n",
				"more.yaml": "version: 1\norganizationalUnits:\n  - name: Security\n",
			},
			want: []want{{summary: "duplicate organizational unit Security", file: "more.yaml", line: 3, col: 11, detail: "org.yaml:4:11"}},
		},
		{
			name:  "five levels is the limit",
			files: root(nestedOUs(5)...),
		},
		{
			name:  "OU depth 6",
			files: root(nestedOUs(6)...),
			want:  []want{{summary: "organizational unit L1/L2/L3/L4/L5/L6 is 6 levels below the root", line: 13, col: 31, detail: "at most 5 levels"}},
		},
		{
			name:  "OU depth 7 is reported once, at the first level too deep",
			files: root(nestedOUs(7)...),
			want:  []want{{summary: "organizational unit L1/L2/L3/L4/L5/L6 is 6 levels below the root", line: 13}},
		},
		{
			name:  "OU name with a slash",
			files: root("version: 1", "organizationalUnits:", "  - name: Workloads/Prod"),
			want:  []want{{summary: `organizational unit name "Workloads/Prod" contains /`, line: 3, col: 11, detail: "children"}},
		},
		{
			name:  "OU name too long",
			files: root("version: 1", "organizationalUnits:", "  - name: "+strings.Repeat("n", 129)),
			want:  []want{{summary: "organizational unit name is 129 characters; the limit is 128", line: 3, col: 11}},
		},
		{
			name:  "OU without a name",
			files: root("version: 1", "organizationalUnits:", "  - tags: {owner: x}"),
			want:  []want{{summary: "organizational unit has no name", line: 3, col: 5}},
		},
	})
}

func TestRenamedFromAndIgnore(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       string // "" for valid
	}{
		{"a rename", "version: 1\norganizationalUnits:\n  - {name: Platform, renamedFrom: Infrastructure}\n", ""},
		{"renamed from itself", "version: 1\norganizationalUnits:\n  - {name: Platform, renamedFrom: Platform}\n", "org.yaml:3:35: organizational unit Platform is renamed from its own name"},
		{"renamed from a sibling still there", "version: 1\norganizationalUnits:\n  - {name: Platform, renamedFrom: Infra}\n  - {name: Infra}\n", "which the spec still declares"},
		{"renamed across parents", "version: 1\norganizationalUnits:\n  - {name: Platform, renamedFrom: Old/Infra}\n", `renamedFrom "Old/Infra" is not an OU name`},
		{"ignore", "version: 1\nsettings:\n  ignore:\n    - {policy: aws-guardrails-*, reason: Control Tower's}\n    - {ou: Sandbox/*, reason: experiments}\n", ""},
		{"ignore without reason", "version: 1\nsettings:\n  ignore:\n    - {policy: aws-guardrails-*}\n", "org.yaml:4:7: settings.ignore entry has no reason"},
		{"ignore of two things", "version: 1\nsettings:\n  ignore:\n    - {policy: a*, ou: b, reason: r}\n", "gives policy and ou at once"},
		{"ignore of nothing", "version: 1\nsettings:\n  ignore:\n    - {reason: r}\n", "names nothing"},
		{"ignore with a bad glob", "version: 1\nsettings:\n  ignore:\n    - {account: \"legacy-[\", reason: r}\n", `pattern "legacy-[" is not a glob`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := LoadFS(fstest.MapFS{"org.yaml": {Data: []byte(tt.yaml)}}, "org.yaml")
			got := ds.Error()
			if tt.want == "" && ds.HasErrors() || !strings.Contains(got, tt.want) {
				t.Errorf("want %q, got %q", tt.want, got)
			}
		})
	}
}
