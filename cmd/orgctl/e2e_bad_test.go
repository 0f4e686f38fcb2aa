package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bigSCP returns an SCP document of at least n characters once minified.
func bigSCP(n int) string {
	var actions []string
	for i := 0; len(strings.Join(actions, `","`)) < n; i++ {
		actions = append(actions, fmt.Sprintf("service%04d:Action", i))
	}
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["` + strings.Join(actions, `","`) + `"],"Resource":"*"}]}`
}

// TestE2EBadInputChangesNothing feeds orgctl broken specs: each must fail
// with exit 1 and a message naming file:line, before any AWS call, leaving
// the sandbox state file byte for byte as it was.
func TestE2EBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state := filepath.Join(dir, "sandbox.json")
	sb := "--sandbox=" + state
	wantCode(t, run(t, nil, "sandbox", "init", "--state", state, "--create-delay", "100ms"), 0, "sandbox init")
	wantCode(t, run(t, nil, sb, "apply", "-f", "examples/minimal/org.yaml", "--auto-approve"), 0, "apply minimal")
	before, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}

	const head = "version: 1\norganization:\n  policyTypes: [SERVICE_CONTROL_POLICY]\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string // in stderr, with the place
	}{
		{"malformed YAML", map[string]string{"org.yaml": head + "organizationalUnits:\n  - name: [Security\n"}, "org.yaml:5"},
		{"unknown key", map[string]string{"org.yaml": head + "organizationalUnits:\n  - name: Security\n    polices: []\n"}, "org.yaml:6:5"},
		{"duplicate email", map[string]string{"org.yaml": head + "accounts:\n  - {name: a, email: a@example.com}\n  - {name: b, email: A@Example.com}\n"}, "org.yaml:6"},
		{"unknown OU", map[string]string{"org.yaml": head + "accounts:\n  - name: a\n    email: a@example.com\n    ou: Nowhere\n"}, "org.yaml:7:9"},
		{"unknown policy", map[string]string{"org.yaml": head + "organizationalUnits:\n  - name: Security\n    policies: [FullAWSAccess, no-such-policy]\n"}, "org.yaml:6"},
		{"invalid JSON document", map[string]string{
			"org.yaml": head + "policies:\n  - name: p\n    type: SERVICE_CONTROL_POLICY\n    file: p.json\n",
			"p.json":   `{"Version": "2012-10-17", "Statement": [}`,
		}, "p.json:1:41"},
		{"oversize SCP", map[string]string{
			"org.yaml": head + "policies:\n  - name: big\n    type: SERVICE_CONTROL_POLICY\n    file: big.json\n",
			"big.json": bigSCP(5200),
		}, "org.yaml:"},
		{"six SCPs on one target", map[string]string{"org.yaml": head +
			"  policies: [FullAWSAccess, p1, p2, p3, p4, p5]\npolicies:\n" +
			scps("p1", "p2", "p3", "p4", "p5")}, "org.yaml:4"},
		{"OU depth 6", map[string]string{"org.yaml": head + "organizationalUnits:\n" +
			"  - name: L1\n    children:\n    - name: L2\n      children:\n      - name: L3\n        children:\n" +
			"        - name: L4\n          children:\n          - name: L5\n            children:\n            - name: L6\n"}, "org.yaml:15"},
		{"error in an included file", map[string]string{
			"org.yaml":          head + "include: [accounts/*.yaml]\n",
			"accounts/bad.yaml": "version: 1\naccounts:\n  - name: a\n    emial: a@example.com\n",
		}, filepath.Join("accounts", "bad.yaml") + ":4:5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			specDir := t.TempDir()
			for name, body := range tt.files {
				p := filepath.Join(specDir, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			file := filepath.Join(specDir, "org.yaml")
			for _, args := range [][]string{
				{"validate", "-f", file},
				{sb, "plan", "-f", file},
				{sb, "apply", "-f", file, "--auto-approve", "--allow-destroy"},
				{sb, "drift", "-f", file},
			} {
				r := run(t, nil, args...)
				if r.code != 1 {
					t.Fatalf("orgctl %s: want exit 1, got %s", strings.Join(args, " "), r)
				}
				if !strings.Contains(r.stderr, tt.want) || strings.Contains(r.stderr, "panic") {
					t.Errorf("orgctl %s: want a message at %s, got:\n%s", strings.Join(args, " "), tt.want, r.stderr)
				}
			}
			after, err := os.ReadFile(state)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Fatal("the sandbox state file changed")
			}
		})
	}
}

func scps(names ...string) string {
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "  - name: %s\n    type: SERVICE_CONTROL_POLICY\n    document: {Version: \"2012-10-17\", Statement: [{Effect: Deny, Action: \"%s:*\", Resource: \"*\"}]}\n", n, n)
	}
	return b.String()
}
