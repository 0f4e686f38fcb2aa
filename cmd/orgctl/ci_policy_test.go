package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// policyBlockRE finds the policies examples/ci/README.md copies from
// orgctl: a marker naming the command, then a JSON code block.
var policyBlockRE = regexp.MustCompile("(?s)<!-- orgctl (iam-policy[^>]*?) -->\n```json\n(.*?)```")

// The IAM policies in the CI README are exactly what 'orgctl iam-policy'
// prints, so a role made from them can do what orgctl does and no more.
// With -update the README's copies are rewritten.
func TestCIReadmePoliciesAreOrgctls(t *testing.T) {
	t.Parallel()
	path := filepath.Join(ciDir, "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	blocks := policyBlockRE.FindAllStringSubmatch(text, -1)
	if len(blocks) < 2 {
		t.Fatalf("%s copies %d policies from 'orgctl iam-policy'; want the read and the apply one", path, len(blocks))
	}
	for _, m := range blocks {
		args := strings.Fields(m[1])
		out, err := exec.Command(orgctlBin, args...).Output()
		if err != nil {
			t.Fatalf("orgctl %s: %v", m[1], err)
		}
		if m[2] == string(out) {
			continue
		}
		if *update {
			text = strings.Replace(text, m[0], "<!-- orgctl "+m[1]+" -->\n```json\n"+string(out)+"```", 1)
			continue
		}
		t.Errorf("%s: the policy under 'orgctl %s' is not what that command prints; run go test -run %s -update to copy it", path, m[1], t.Name())
	}
	if strings.Contains(text, `"organizations:Describe*"`) || strings.Contains(text, `"organizations:List*"`) {
		t.Errorf("%s grants wildcards orgctl's policies do not", path)
	}
	if *update {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
