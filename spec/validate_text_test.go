package spec

import (
	"strings"
	"testing"
)

// Names AWS keeps as given are refused when they hold a character that
// makes them other than they look; names mixing look-alike scripts warn.
func TestTextHazards(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name:  "zero-width space in an OU name",
			files: root("version: 1", "organizationalUnits:", `  - name: "Pro\u200Bd"`),
			want: []want{{summary: `organizationalUnits[0].name: "Pro\u200bd" has an invisible character, U+200B ZERO WIDTH SPACE at character 4`,
				file: "org.yaml", line: 3, col: 11, detail: "looks like another"}},
		},
		{
			name:  "zero-width joiner in an account name, refused once",
			files: root("version: 1", "accounts:", `  - {name: "pay\u200Dments", email: a@example.com}`),
			want:  []want{{summary: "U+200D ZERO WIDTH JOINER at character 4", line: 3, col: 12}},
		},
		{
			name:  "soft hyphen in a policy name",
			files: withHeader("policies:", `  - {name: "deny\u00ADall", type: SERVICE_CONTROL_POLICY, document: '{"Statement":{"Effect":"Deny","Action":"*"}}'}`),
			want:  []want{{summary: "U+00AD SOFT HYPHEN", line: 5, col: 12}},
		},
		{
			name:  "byte order mark in an email",
			files: root("version: 1", "accounts:", `  - {name: a, email: "\uFEFFa@example.com"}`),
			want:  []want{{summary: "accounts[0].email: ", line: 3, detail: "Remove it"}},
		},
		{
			name:  "right-to-left override in a tag value",
			files: root("version: 1", "organization:", `  tags: {owner: "txt.exe\u202Egpj"}`),
			want:  []want{{summary: "bidirectional-control character, U+202E RIGHT-TO-LEFT OVERRIDE", line: 3, detail: "reorders"}},
		},
		{
			name:  "an invisible tag key is named escaped, and its value still checked",
			files: root("version: 1", "organization:", `  tags: {"own\u200Ber": "a\u2066b"}`),
			want: []want{
				{summary: `organization.tags: key "own\u200ber" has an invisible character`, line: 3, col: 10},
				{summary: `organization.tags.own\u200ber: "a\u2066b" has a bidirectional-control character`, line: 3},
			},
		},
		{
			name:  "terminal escape sequence in an OU name",
			files: root("version: 1", "organizationalUnits:", `  - name: "Prod\e[2J"`),
			want:  []want{{summary: "U+001B ESCAPE at character 5", line: 3, detail: "terminal escape sequence"}},
		},
		{
			name:  "C1 control sequence introducer",
			files: root("version: 1", "organizationalUnits:", `  - name: "Prod\u009B2J"`),
			want:  []want{{summary: "U+009B CONTROL SEQUENCE INTRODUCER", line: 3, detail: "terminal escape sequence"}},
		},
		{
			name:  "line feed in a policy name",
			files: withHeader("policies:", `  - {name: "a\nb", type: SERVICE_CONTROL_POLICY, document: '{"Statement":{"Effect":"Deny","Action":"*"}}'}`),
			want:  []want{{summary: "U+000A LINE FEED", line: 5, detail: "on one line"}},
		},
		{
			name:  "in a reference",
			files: withHeader("organizationalUnits:", "  - name: A", `    policies: ["Full\u200BAWSAccess"]`),
			want:  []want{{summary: "organizationalUnits[0].policies[0]: ", line: 6}},
		},
		{
			name:  "a description may hold line feeds and tabs, not escapes",
			files: withHeader("policies:", `  - {name: p, type: SERVICE_CONTROL_POLICY, document: '{"Statement":{"Effect":"Deny","Action":"*"}}', description: "one\ntwo\tthree\e[0m"}`),
			want:  []want{{summary: "policies[0].description: ", line: 5, detail: "terminal escape"}},
		},
		{
			name: "renamedFrom and ignore patterns name live resources as they are",
			files: root("version: 1", "organizationalUnits:", `  - {name: Prod, renamedFrom: "Pro\u200Bd"}`,
				"settings:", `  ignore: [{ou: "Sandbox\u200B*", reason: made by hand}]`),
		},
		{
			name:  "Cyrillic o in a Latin OU name",
			files: root("version: 1", "organizationalUnits:", "  - name: Prоd"),
			want: []want{{summary: `organizationalUnits[0].name: "Prоd" mixes Latin and Cyrillic letters`, line: 3, col: 11,
				detail: "о U+043E", warning: true}},
		},
		{
			name:  "Greek omicron in a tag key",
			files: root("version: 1", "organization:", "  tags: {οwner: secops}"),
			want:  []want{{summary: `organization.tags: key "οwner" mixes Latin and Greek letters`, line: 3, col: 10, warning: true}},
		},
		{
			name:  "one script is fine",
			files: root("version: 1", "organizationalUnits:", "  - name: Прод", "  - name: Prod", "  - name: Produktion-Süd"),
		},
	})
}

// The mixed-script warning is only a warning: the spec stays valid.
func TestMixedScriptsWarnOnly(t *testing.T) {
	_, ds := loadFiles(root("version: 1", "organizationalUnits:", "  - name: Prоd"))
	if ds.HasErrors() || len(ds) != 1 {
		t.Errorf("want one warning, got %v", ds)
	}
}

func TestTextProblem(t *testing.T) {
	if got := TextProblem("Prod"); got != "" {
		t.Errorf("TextProblem(Prod) = %q", got)
	}
	if got, want := TextProblem("Pro\u200bd"), "it has an invisible character, U+200B ZERO WIDTH SPACE at character 4"; got != want {
		t.Errorf("TextProblem = %q, want %q", got, want)
	}
}

// Messages of every rule name what the spec holds; a refused character
// in an OU's name reaches its children's messages escaped, never raw.
func TestMessagesAreVisible(t *testing.T) {
	_, ds := loadFiles(root("version: 1", "organizationalUnits:",
		`  - name: "Pro\e[2Jd"`, "    children: [{name: Child, tags: {aws:x: y}}]"))
	found := false
	for _, d := range ds {
		if strings.ContainsRune(d.Summary+d.Detail, 0x1b) {
			t.Errorf("raw ESC in %q", d.Error())
		}
		if strings.Contains(d.Summary, `organizational unit Pro\x1b[2Jd/Child`) {
			found = true
		}
	}
	if !found {
		t.Errorf("no message about the child's tag names its path escaped:\n%s", ds.Error())
	}
}

// A spec built in code may hold bytes that are not UTF-8; they are
// refused as control characters.
func TestValidateRefusesInvalidUTF8(t *testing.T) {
	s := &Spec{Version: 1, OrganizationalUnits: []OU{{Name: "Pro\xffd"}}, Locs: Locations{}}
	ds := s.Validate()
	if !ds.HasErrors() || !strings.Contains(ds.Error(), "control character") {
		t.Errorf("want the name refused, got %v", ds)
	}
}
