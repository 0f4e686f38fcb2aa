package spec

import (
	"fmt"
	"strings"
	"testing"
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
