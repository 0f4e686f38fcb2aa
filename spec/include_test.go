package spec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestIncludeErrors(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name: "include cycle",
			files: map[string]string{
				"org.yaml": "version: 1\ninclude:\n  - a.yaml\n",
				"a.yaml":   "version: 1\ninclude:\n  - b/c.yaml\n",
				"b/c.yaml": "version: 1\ninclude:\n  - ../org.yaml\n",
			},
			want: []want{{summary: "include cycle: org.yaml -> a.yaml -> b/c.yaml -> org.yaml", file: "b/c.yaml", line: 3, col: 5}},
		},
		{
			name:  "glob that matches the including file",
			files: map[string]string{"org.yaml": "version: 1\ninclude: ['*.yaml']\n"},
			want:  []want{{summary: "include cycle: org.yaml -> org.yaml", file: "org.yaml", line: 2, col: 11}},
		},
		{
			name:  "missing include",
			files: map[string]string{"org.yaml": "version: 1\ninclude:\n  - accounts/core.yaml\n"},
			want:  []want{{summary: "included file accounts/core.yaml does not exist", file: "org.yaml", line: 3, col: 5}},
		},
		{
			name:  "glob that matches nothing",
			files: map[string]string{"org.yaml": "version: 1\ninclude:\n  - accounts/*.yaml\n"},
			want:  []want{{summary: `include pattern "accounts/*.yaml" matches no files`, file: "org.yaml", line: 3, col: 5, detail: "fix the pattern"}},
		},
		{
			name: "include of a directory",
			files: map[string]string{
				"org.yaml":        "version: 1\ninclude: [accounts]\n",
				"accounts/a.yaml": "version: 1\n",
			},
			want: []want{{summary: "included path accounts is a directory", line: 2, col: 11}},
		},
		{
			name:  "include outside the file system",
			files: map[string]string{"org.yaml": "version: 1\ninclude: [../shared.yaml]\n"},
			want:  []want{{summary: `include "../shared.yaml" points outside`, line: 2, col: 11}},
		},
		{
			name:  "absolute include",
			files: map[string]string{"org.yaml": "version: 1\ninclude: [/etc/org.yaml]\n"},
			want:  []want{{summary: `include "/etc/org.yaml" is an absolute path`, line: 2, col: 11}},
		},
		{
			name:  "bad glob",
			files: map[string]string{"org.yaml": "version: 1\ninclude: ['accounts/[a.yaml']\n"},
			want:  []want{{summary: `invalid include pattern "accounts/[a.yaml"`, line: 2, col: 11}},
		},
		{
			name: "forbidden keys in an included file",
			files: map[string]string{
				"org.yaml": "version: 1\ninclude: [a.yaml]\n",
				"a.yaml":   "version: 1\nsettings:\n  homeRegion: eu-west-1\norganization: {}\naccountz: []\n",
			},
			want: []want{
				{summary: "settings may only appear in the root spec file", file: "a.yaml", line: 2, col: 1, detail: "Move it to the root spec file (org.yaml)"},
				{summary: "organization may only appear in the root spec file", file: "a.yaml", line: 4, col: 1},
				{summary: `unknown key "accountz" at the top level`, file: "a.yaml", line: 5, col: 1, detail: `Did you mean "accounts"?`},
			},
		},
		{
			name: "error inside an included file",
			files: map[string]string{
				"org.yaml": "version: 1\ninclude: [accounts/*.yaml]\n",
				"accounts/a.yaml": "version: 1\naccounts:\n  - name: a\n    email: a@example.com\n" +
					"  - name: b\n    email: not-an-email\n",
			},
			want: []want{{summary: `email "not-an-email" must contain exactly one @`, file: "accounts/a.yaml", line: 6, col: 12}},
		},
		{
			name: "malformed included file",
			files: map[string]string{
				"org.yaml":        "version: 1\ninclude: [accounts/*.yaml]\n",
				"accounts/a.yaml": "version: 1\naccounts:\n  - name: a\n    email: [a\n",
			},
			want: []want{{summary: "malformed YAML", file: "accounts/a.yaml", line: 4}},
		},
		{
			name: "duplicate across files points at the second and names the first",
			files: map[string]string{
				"org.yaml": "version: 1\ninclude: [a.yaml]\naccounts:\n  - name: x\n    email: x@example.com\n",
				"a.yaml":   "version: 1\naccounts:\n  - name: x\n    email: y@example.com\n",
			},
			want: []want{{summary: `duplicate account name "x"`, file: "a.yaml", line: 3, col: 11, detail: "org.yaml:4"}},
		},
		{
			name: "a broken list in an included file does not hide errors elsewhere",
			files: map[string]string{
				"org.yaml": "version: 1\ninclude: [a.yaml]\naccounts:\n  - {name: x, email: bad}\n",
				"a.yaml":   "version: 1\naccounts: none\n",
			},
			want: []want{
				{summary: "accounts: expected a list", file: "a.yaml", line: 2, col: 11},
				{summary: `email "bad" is 3 characters`, file: "org.yaml", line: 4, col: 22},
			},
		},
		{
			name: "wrong version in an included file",
			files: map[string]string{
				"org.yaml": "version: 1\ninclude: [a.yaml]\n",
				"a.yaml":   "version: true\n",
			},
			want: []want{{summary: "version: expected an integer, got a boolean true", file: "a.yaml", line: 1, col: 10}},
		},
	})
}

func TestIncludeMerge(t *testing.T) {
	s, ds := loadFiles(map[string]string{
		"org.yaml": `version: 1
include:
  - b.yaml
  - sub/*.yaml
organization:
  policyTypes: [SERVICE_CONTROL_POLICY]
accounts:
  - name: root-1
    email: root-1@example.com
`,
		"b.yaml": `version: 1
include: [shared.yaml]
accounts:
  - name: b-1
    email: b-1@example.com
    ou: Team
`,
		// Both b.yaml and sub/2.yaml include shared.yaml; it is merged once.
		"shared.yaml": `version: 1
organizationalUnits:
  - name: Team
`,
		"sub/2.yaml": `version: 1
include: [../shared.yaml]
accounts:
  - name: sub-2
    email: sub-2@example.com
`,
		"sub/1.yaml": `version: 1
accounts:
  - name: sub-1
    email: sub-1@example.com
    policies: [p]
policies:
  - name: p
    type: SERVICE_CONTROL_POLICY
    file: p.json
`,
		"sub/p.json": `{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*"}}`,
	})
	checkDiags(t, ds, nil)
	var got []string
	for i, a := range s.Accounts {
		got = append(got, a.Name+" "+s.Locs.Pos(indexPath("accounts", i)+".name").String())
	}
	wantAccounts := []string{
		"root-1 org.yaml:8:11",
		"b-1 b.yaml:4:11",
		"sub-1 sub/1.yaml:3:11",
		"sub-2 sub/2.yaml:4:11",
	}
	if diff := cmp.Diff(wantAccounts, got); diff != "" {
		t.Errorf("merged accounts (-want +got):\n%s", diff)
	}
	if got := s.Locs.Pos("policies[0].file").String(); got != "sub/1.yaml:9:11" {
		t.Errorf("policies[0].file at %s, want sub/1.yaml:9:11", got)
	}
	if got, w := s.Policies[0].Content, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*"}}`; got != w {
		t.Errorf("policy from sub/p.json: content %s, want %s", got, w)
	}
	if got := len(s.OrganizationalUnits); got != 1 {
		t.Errorf("shared.yaml merged %d OUs, want 1 (once)", got)
	}
	var sources []string
	for name := range s.Sources {
		sources = append(sources, name)
	}
	wantSources := []string{"b.yaml", "org.yaml", "shared.yaml", "sub/1.yaml", "sub/2.yaml", "sub/p.json"}
	if diff := cmp.Diff(wantSources, sources, cmpSorted); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
}

// TestLoadNamesFilesAsGiven checks that diagnostics name files by the path
// the user gave, relative to the current directory, includes and policy
// files above the spec's directory included.
func TestLoadNamesFilesAsGiven(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("specs/prod/org.yaml", "version: 1\ninclude: [accounts/*.yaml, ../shared/*.yaml]\n")
	write("specs/prod/accounts/a.yaml", "version: 1\naccounts:\n  - name: a\n    email: bad\n")
	write("specs/shared/policies.yaml", "version: 1\npolicies:\n  - name: p\n    type: TAG_POLICY\n    file: missing.json\n")
	t.Chdir(dir)

	s, ds := Load(filepath.Join("specs", "prod", "org.yaml"))
	checkDiags(t, ds, []want{
		{summary: `email "bad" is 3 characters`, file: filepath.Join("specs", "prod", "accounts", "a.yaml"), line: 4, col: 12},
		{summary: "policy p is a TAG_POLICY, which is not enabled", file: filepath.Join("specs", "shared", "policies.yaml"), line: 4},
		{summary: "policy file missing.json does not exist", file: filepath.Join("specs", "shared", "policies.yaml"), line: 5, col: 11,
			detail: "Looked for " + filepath.Join("specs", "shared", "missing.json")},
	})
	if want := filepath.Join("specs", "prod", "org.yaml"); s.File != want {
		t.Errorf("File = %q, want %q", s.File, want)
	}

	// An absolute path stays absolute.
	abs := filepath.Join(dir, "specs", "prod", "org.yaml")
	_, ds = Load(abs)
	checkDiags(t, ds, []want{
		{summary: `email "bad"`, file: filepath.Join(dir, "specs", "prod", "accounts", "a.yaml"), line: 4},
		{summary: "TAG_POLICY, which is not enabled"},
		{summary: "missing.json does not exist", file: filepath.Join(dir, "specs", "shared", "policies.yaml")},
	})
}

func TestLoadMissingRoot(t *testing.T) {
	t.Parallel()
	_, ds := LoadFS(os.DirFS(t.TempDir()), "org.yaml")
	checkDiags(t, ds, []want{{summary: "cannot read org.yaml", file: "org.yaml"}})
	_, ds = LoadFS(os.DirFS(t.TempDir()), "../org.yaml")
	checkDiags(t, ds, []want{{summary: `invalid spec file name "../org.yaml"`}})
}

func TestRelSlash(t *testing.T) {
	cases := []struct{ dir, target, want string }{
		{".", "a/b.yaml", "a/b.yaml"},
		{"x/y", "x/y/a.yaml", "a.yaml"},
		{"x/y", "x/z/a.yaml", "../z/a.yaml"},
		{"x/y", "a.yaml", "../../a.yaml"},
		{"x", "x", "."},
	}
	for _, c := range cases {
		if got := relSlash(c.dir, c.target); got != c.want {
			t.Errorf("relSlash(%q, %q) = %q, want %q", c.dir, c.target, got, c.want)
		}
	}
}
