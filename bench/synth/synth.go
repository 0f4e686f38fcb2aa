// Package synth writes large, valid org.yaml specs for Go benchmarks: an
// OU tree up to five deep, accounts spread unevenly over it, service control
// and tag policies attached at every level, tags on accounts. It knows
// nothing of orgctl's packages, only the spec's YAML.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Shape is the size of a generated organization.
type Shape struct {
	Accounts, OUs, Policies int
}

// Write writes dir/org.yaml, with the accounts in dir/accounts/*.yaml, and
// returns the path of org.yaml. The same shape always gives the same files.
func Write(dir string, sh Shape) (string, error) {
	if sh.OUs < 1 || sh.Policies < 1 {
		return "", fmt.Errorf("synth: need at least one OU and one policy")
	}
	var b strings.Builder
	b.WriteString("version: 1\ninclude: [accounts/*.yaml]\n")
	b.WriteString("organization:\n  featureSet: ALL\n  policyTypes: [SERVICE_CONTROL_POLICY, TAG_POLICY]\n")
	b.WriteString("  policies: [FullAWSAccess, scp-0000]\n")

	// OU i's parent is OU (i-1)/4, and no deeper than five levels: a
	// bushy tree like real organizations'.
	paths := make([]string, sh.OUs)
	depth := make([]int, sh.OUs)
	kids := make([][]int, sh.OUs)
	var top []int
	for i := range sh.OUs {
		parent := (i - 1) / 4
		if i == 0 || depth[parent] >= 4 {
			top = append(top, i)
			paths[i] = fmt.Sprintf("ou-%04d", i)
			continue
		}
		depth[i] = depth[parent] + 1
		kids[parent] = append(kids[parent], i)
		paths[i] = paths[parent] + "/" + fmt.Sprintf("ou-%04d", i)
	}
	b.WriteString("organizationalUnits:\n")
	var writeOU func(i int, indent string)
	writeOU = func(i int, indent string) {
		fmt.Fprintf(&b, "%s- name: ou-%04d\n", indent, i)
		fmt.Fprintf(&b, "%s  policies: [FullAWSAccess, scp-%04d, tag-%04d]\n", indent, i%sh.Policies, i%sh.Policies)
		fmt.Fprintf(&b, "%s  tags: {unit: u%d}\n", indent, i)
		if len(kids[i]) > 0 {
			fmt.Fprintf(&b, "%s  children:\n", indent)
			for _, k := range kids[i] {
				writeOU(k, indent+"    ")
			}
		}
	}
	for _, i := range top {
		writeOU(i, "  ")
	}

	b.WriteString("policies:\n")
	for i := range sh.Policies {
		fmt.Fprintf(&b, "  - name: scp-%04d\n    type: SERVICE_CONTROL_POLICY\n    description: Deny deleting bucket %d\n", i, i)
		fmt.Fprintf(&b, "    document:\n      Version: \"2012-10-17\"\n      Statement:\n        - Effect: Deny\n          Action: [s3:DeleteBucket]\n          Resource: [\"arn:aws:s3:::bucket-%d\"]\n", i)
		fmt.Fprintf(&b, "  - name: tag-%04d\n    type: TAG_POLICY\n", i)
		fmt.Fprintf(&b, "    document:\n      tags:\n        team%d:\n          tag_key: {\"@@assign\": Team%d}\n", i, i)
	}
	if err := os.MkdirAll(filepath.Join(dir, "accounts"), 0o755); err != nil {
		return "", err
	}
	org := filepath.Join(dir, "org.yaml")
	if err := os.WriteFile(org, []byte(b.String()), 0o644); err != nil {
		return "", err
	}

	// Accounts, 500 a file; skewed so a few OUs hold most of them.
	for start := 0; start < sh.Accounts; start += 500 {
		var a strings.Builder
		a.WriteString("version: 1\naccounts:\n")
		for i := start; i < min(start+500, sh.Accounts); i++ {
			ou := (i * i) % sh.OUs
			fmt.Fprintf(&a, "  - name: acct-%05d\n    email: acct-%05d@example.com\n    ou: %s\n", i, i, paths[ou])
			fmt.Fprintf(&a, "    tags: {owner: team%d, cost-center: \"%d\"}\n", i%50, 1000+i%7)
			if i%10 == 0 {
				fmt.Fprintf(&a, "    policies: [tag-%04d]\n", i%sh.Policies)
			}
		}
		name := filepath.Join(dir, "accounts", fmt.Sprintf("accounts-%03d.yaml", start/500))
		if err := os.WriteFile(name, []byte(a.String()), 0o644); err != nil {
			return "", err
		}
	}
	return org, nil
}
