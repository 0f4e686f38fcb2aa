package spec

import (
	"strings"
	"testing"
	"testing/fstest"
)

// account returns the spec with one account whose email is email; the
// email is on line 5, column 12.
func account(name, email string) map[string]string {
	return root(
		"version: 1",
		"organizationalUnits: [{name: Prod}]",
		"accounts:",
		"  - name: "+name,
		"    email: "+email,
	)
}

func TestValidateAccounts(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name: "duplicate account name",
			files: root(
				"version: 1",
				"accounts:",
				"  - name: app",
				"    email: app-1@example.com",
				"  - name: app",
				"    email: app-2@example.com",
			),
			want: []want{{summary: `duplicate account name "app"`, file: "org.yaml", line: 5, col: 11, detail: "first declared at org.yaml:3:11"}},
		},
		{
			name: "duplicate email in another case",
			files: root(
				"version: 1",
				"accounts:",
				"  - name: a",
				"    email: aws+app@example.com",
				"  - name: b",
				"    email: AWS+App@Example.com",
			),
			want: []want{{summary: `duplicate account email "AWS+App@Example.com"`, line: 6, col: 12, detail: "org.yaml:4:12"}},
		},
		{
			name: "unknown OU",
			files: root(
				"version: 1",
				"organizationalUnits:",
				"  - name: Workloads",
				"    children: [{name: Prod}]",
				"accounts:",
				"  - name: a",
				"    email: a@example.com",
				"    ou: Workloads/Prd",
			),
			want: []want{{summary: `account a: organizational unit "Workloads/Prd" is not declared`, line: 8, col: 9, detail: `Did you mean "Workloads/Prod"?`}},
		},
		{
			name:  "OU path with a leading slash",
			files: root("version: 1", "organizationalUnits: [{name: Prod}]", "accounts:", "  - {name: a, email: a@example.com, ou: /Prod}"),
			want:  []want{{summary: `organizational unit "/Prod" is not declared`, line: 4, col: 41, detail: `Did you mean "Prod"?`}},
		},
		{
			name:  "account in the root and in a declared OU",
			files: root("version: 1", "organizationalUnits: [{name: Prod}]", "accounts:", "  - {name: a, email: a@example.com}", "  - {name: b, email: b@example.com, ou: Prod}"),
		},
		{
			name:  "account without email",
			files: root("version: 1", "accounts:", "  - name: a"),
			want:  []want{{summary: "account a has no email", line: 3, col: 5}},
		},
		{
			name:  "account without name",
			files: root("version: 1", "accounts:", "  - email: a@example.com"),
			want:  []want{{summary: "account has no name", line: 3, col: 5}},
		},
		{name: "email without @", files: account("a", "a.example.com"), want: []want{{summary: `email "a.example.com" must contain exactly one @`, line: 5, col: 12}}},
		{name: "email with two @", files: account("a", "a@b@example.com"), want: []want{{summary: "must contain exactly one @", line: 5, col: 12}}},
		{name: "email without a dot in the domain", files: account("a", "aws@example"), want: []want{{summary: `email "aws@example" has no valid domain`, line: 5, col: 12}}},
		{name: "email with a space", files: account("a", "'aws @example.com'"), want: []want{{summary: "contains whitespace", line: 5, col: 12}}},
		{name: "email too short", files: account("a", "a@b.c"), want: []want{{summary: `email "a@b.c" is 5 characters`, line: 5, col: 12, detail: "6 to 64"}}},
		{name: "email too long", files: account("a", strings.Repeat("a", 53)+"@example.com"), want: []want{{summary: "is 65 characters", line: 5, col: 12}}},
		{name: "email with nothing before @", files: account("a", "'@example.com'"), want: []want{{summary: "has nothing before the @", line: 5, col: 12}}},
		{name: "email of 64 characters", files: account("a", strings.Repeat("a", 52)+"@example.com")},
		// AWS's CreateAccount rule (awsemail): the sandbox answers these
		// with FailureReason INVALID_EMAIL.
		{name: "email with an apostrophe", files: account("a", `"o'brien@example.com"`), want: []want{{summary: `email "o'brien@example.com" has ' before the @`, line: 5, col: 12, detail: "AWS does not accept any of"}}},
		{name: "email with a percent sign", files: account("a", "a%b@example.com"), want: []want{{summary: "has % before the @", line: 5, col: 12}}},
		{name: "email with an ampersand", files: account("a", "'a&b@example.com'"), want: []want{{summary: "has & before the @", line: 5, col: 12}}},
		{name: "email with a comma", files: account("a", "'a,b@example.com'"), want: []want{{summary: "has , before the @", line: 5, col: 12}}},
		{name: "email with a pipe", files: account("a", "'a|b@example.com'"), want: []want{{summary: "has | before the @", line: 5, col: 12}}},
		{name: "email beginning with a dot", files: account("a", ".a@example.com"), want: []want{{summary: "begins with a dot", line: 5, col: 12}}},
		{name: "email not ASCII", files: account("a", "josé@example.com"), want: []want{{summary: "which is not 7-bit ASCII", line: 5, col: 12}}},
		{name: "email with an underscore in the domain", files: account("a", "a@my_corp.com"), want: []want{{summary: `has no valid domain after the @: it has '_'`, line: 5, col: 12}}},
		{name: "email with a domain ending in a hyphen", files: account("a", "a@example.com-"), want: []want{{summary: `it ends with "-"`, line: 5, col: 12}}},
		{name: "email with a domain beginning with a hyphen", files: account("a", "a@-example.com"), want: []want{{summary: `it begins with "-"`, line: 5, col: 12}}},
		{name: "email with a domain ending in a dot", files: account("a", "a@example.com."), want: []want{{summary: `it ends with "."`, line: 5, col: 12}}},
		{name: "email with plus, dash and underscore before the @", files: account("a", "aws+a-b_c.d@example.co.uk")},
		{name: "account name too long", files: account(strings.Repeat("n", 51), "a@example.com"), want: []want{{summary: "is 51 characters; the limit is 50", line: 4, col: 11}}},
		{name: "account name not ASCII", files: account("café", "a@example.com"), want: []want{{summary: `account name "café" has a character outside printable ASCII`, line: 4, col: 11}}},
		{name: "account name with a control character", files: account(`"a\tb"`, "a@example.com"), want: []want{{summary: "has a control character, U+0009 TAB", line: 4, col: 11}}},
		{name: "account name with spaces and punctuation", files: account("'Payments (prod) #1'", "a@example.com")},
	})
}

func TestExternalID(t *testing.T) {
	for _, tt := range []struct{ value, want string }{
		{"orgctl-42", ""},
		{"a", "is not an external ID STS takes"},
		{"has space", "is not an external ID STS takes"},
	} {
		src := "version: 1\nsettings:\n  crossAccountExternalId: \"" + tt.value + "\"\n"
		_, ds := LoadFS(fstest.MapFS{"org.yaml": {Data: []byte(src)}}, "org.yaml")
		got := ds.Error()
		if tt.want == "" && ds.HasErrors() || !strings.Contains(got, tt.want) {
			t.Errorf("%q: want %q, got %q", tt.value, tt.want, got)
		}
		if tt.want != "" && !strings.Contains(got, "org.yaml:3:27") {
			t.Errorf("%q: want the error at org.yaml:3:27, got %q", tt.value, got)
		}
	}
}
