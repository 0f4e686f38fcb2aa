package spec

import "testing"

// A key left empty is YAML's null. Where a list or a mapping belongs it
// used to read as "none", so an OU's empty policies: detached every policy
// the OU had; it is refused, saying to write [] or {}.
func TestNullWhereCollectionBelongs(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name: "OU policies left empty",
			files: withHeader(
				"organizationalUnits:",
				"  - name: Prod",
				"    policies:",
			),
			want: []want{{summary: "organizationalUnits[0].policies: expected a list, got null", file: "org.yaml", line: 6,
				detail: "write policies: [] to mean none, or remove the key"}},
		},
		{
			name:  "root policies ~",
			files: root("version: 1", "organization:", "  policies: ~"),
			want:  []want{{summary: "organization.policies: expected a list, got null", line: 3, col: 13, detail: "policies: []"}},
		},
		{
			name:  "tags null",
			files: root("version: 1", "accounts:", "  - name: a", "    email: a@example.com", "    tags: null"),
			want:  []want{{summary: "accounts[0].tags: expected a mapping, got null", line: 5, col: 11, detail: "write tags: {} to mean none"}},
		},
		{
			name:  "accounts left empty",
			files: root("version: 1", "accounts:"),
			want:  []want{{summary: "accounts: expected a list, got null", line: 2, detail: "accounts: []"}},
		},
		{
			name:  "organizationalUnits null in an included file",
			files: map[string]string{"org.yaml": "version: 1\ninclude: [inc.yaml]\n", "inc.yaml": "version: 1\norganizationalUnits: ~\n"},
			want:  []want{{summary: "organizationalUnits: expected a list, got null", file: "inc.yaml", line: 2}},
		},
		{
			name:  "a section of the core model left empty",
			files: root("version: 1", "settings:"),
			want:  []want{{summary: "settings: expected a mapping, got null", line: 2, detail: "settings: {} for its defaults"}},
		},
		{
			name:  "an empty list item",
			files: root("version: 1", "organizationalUnits:", "  - name: A", "  -"),
			want:  []want{{summary: "organizationalUnits[1]: expected a mapping, got null", line: 4, detail: "remove it"}},
		},
		{
			// An empty ou: is refused by its own rule, as before.
			name:  "ou ~ stays the empty-ou error",
			files: root("version: 1", "accounts:", "  - name: a", "    email: a@example.com", "    ou: ~"),
			want:  []want{{summary: "account a: ou is empty", line: 5}},
		},
		{
			name:  "empty lists and mappings mean none",
			files: withHeader("organizationalUnits:", "  - name: Prod", "    policies: []", "    tags: {}", "    children: []"),
		},
	})
}
