package spec

import (
	"fmt"
	"strings"
	"testing"
)

// allTypes is the start of a spec that enables every policy type (3 lines).
var allTypes = []string{
	"version: 1",
	"organization:",
	"  policyTypes: [SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY, TAG_POLICY, BACKUP_POLICY, AISERVICES_OPT_OUT_POLICY]",
}

// minimalDocs are the smallest documents each type's grammar accepts.
var minimalDocs = map[string]string{
	"SERVICE_CONTROL_POLICY":    `{Statement: {Effect: Deny, Action: "*"}}`,
	"RESOURCE_CONTROL_POLICY":   `{Statement: {Effect: Deny, Principal: "*", Action: "s3:*"}}`,
	"TAG_POLICY":                `{tags: {}}`,
	"BACKUP_POLICY":             `{plans: {}}`,
	"AISERVICES_OPT_OUT_POLICY": `{services: {}}`,
}

// declare returns the lines declaring policies named prefix1..prefixN of
// type typ, each on one line with a minimal document.
func declare(prefix, typ string, n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("  - {name: %s%d, type: %s, document: %s}", prefix, i, typ, minimalDocs[typ]))
	}
	return out
}

// ouWith returns a spec enabling every type with one OU A (line 4) that
// lists attached (one a line from line 6), followed by lines.
func ouWith(attached []string, lines ...string) map[string]string {
	l := append([]string{}, allTypes...)
	l = append(l, "organizationalUnits:", "  - name: A", "    policies:")
	for _, a := range attached {
		l = append(l, "      - "+a)
	}
	l = append(l, "policies:")
	return root(append(l, lines...)...)
}

// names returns prefix1..prefixN.
func names(prefix string, n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("%s%d", prefix, i))
	}
	return out
}

func TestValidatePolicies(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name: "duplicate policy name",
			files: root(append(allTypes,
				"policies:",
				"  - {name: p, type: TAG_POLICY, document: {tags: {}}}",
				"  - {name: p, type: BACKUP_POLICY, document: {plans: {}}}",
			)...),
			want: []want{{summary: `duplicate policy name "p"`, line: 6, col: 12, detail: "org.yaml:5:12"}},
		},
		{
			name: "policy named like an AWS-managed one",
			files: root(append(allTypes,
				"policies:",
				"  - {name: FullAWSAccess, type: SERVICE_CONTROL_POLICY, document: {Statement: {Effect: Deny, Action: '*'}}}",
				"  - {name: RCPFullAWSAccess, type: RESOURCE_CONTROL_POLICY, document: {Statement: {Effect: Deny, Principal: '*', Action: 's3:*'}}}",
			)...),
			want: []want{
				{summary: "policy name FullAWSAccess is reserved for an AWS-managed policy", line: 5, col: 12},
				{summary: "policy name RCPFullAWSAccess is reserved for an AWS-managed policy", line: 6, col: 12},
			},
		},
		{
			name:  "policy named like orgctl's lock",
			files: root(append(allTypes, "policies:", "  - {name: orgctl-apply-lock, type: TAG_POLICY, document: {tags: {}}}")...),
			want:  []want{{summary: "policy name orgctl-apply-lock is reserved for orgctl", line: 5, col: 12}},
		},
		{
			name:  "unknown policy type",
			files: root(append(allTypes, "policies:", "  - {name: p, type: SERVICE_CONTROL_POLICES, document: {}}")...),
			want:  []want{{summary: `policy p has unknown type "SERVICE_CONTROL_POLICES"`, line: 5, col: 21, detail: `Did you mean "SERVICE_CONTROL_POLICY"?`}},
		},
		{
			name:  "short alias as type",
			files: root(append(allTypes, "policies:", "  - {name: p, type: backup, document: {}}")...),
			want:  []want{{summary: `policy p has unknown type "backup"`, line: 5, col: 21, detail: `Did you mean "BACKUP_POLICY"?`}},
		},
		{
			name:  "policy without type",
			files: root(append(allTypes, "policies:", "  - {name: p, document: {}}")...),
			want:  []want{{summary: "policy p has no type", line: 5, col: 5}},
		},
		{
			name:  "policy without name",
			files: root(append(allTypes, "policies:", "  - {type: TAG_POLICY, document: {tags: {}}}")...),
			want:  []want{{summary: "policy has no name", line: 5, col: 5}},
		},
		{
			name:  "policy name too long",
			files: root(append(allTypes, "policies:", "  - {name: "+strings.Repeat("p", 129)+", type: TAG_POLICY, document: {tags: {}}}")...),
			want:  []want{{summary: "policy name is 129 characters; the limit is 128", line: 5, col: 12}},
		},
		{
			name: "declared policy of a type that is not enabled",
			files: root(
				"version: 1",
				"organization:",
				"  policyTypes: [TAG_POLICY]",
				"policies:",
				"  - name: p",
				"    type: SERVICE_CONTROL_POLICY",
				"    document: {Statement: {Effect: Deny, Action: '*'}}",
			),
			want: []want{{summary: "policy p is a SERVICE_CONTROL_POLICY, which is not enabled", line: 6, col: 11, detail: "Add SERVICE_CONTROL_POLICY to organization.policyTypes"}},
		},
		{
			name: "policy with consolidated billing only",
			files: root(
				"version: 1",
				"organization: {featureSet: CONSOLIDATED_BILLING}",
				"policies:",
				"  - {name: p, type: TAG_POLICY, document: {tags: {}}}",
			),
			want: []want{{summary: "policy p is a TAG_POLICY, which is not enabled", line: 4, col: 21, detail: "Set organization.featureSet to ALL"}},
		},
	})
}

func TestValidateAttachments(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name: "unknown policy on the root, an OU and an account",
			files: root(append(allTypes,
				"  policies: [FullAWSAccess, deny-leave]",
				"organizationalUnits:",
				"  - name: A",
				"    policies: [FullAWSAcess]",
				"accounts:",
				"  - {name: a, email: a@example.com, policies: [nope]}",
				"policies:",
				"  - {name: deny-leave-org, type: SERVICE_CONTROL_POLICY, document: {Statement: {Effect: Deny, Action: '*'}}}",
			)...),
			want: []want{
				{summary: `unknown policy "deny-leave" on the root`, line: 4, col: 29},
				{summary: `unknown policy "FullAWSAcess" on organizational unit A`, line: 7, col: 16, detail: `Did you mean "FullAWSAccess"?`},
				{summary: `unknown policy "nope" on account a`, line: 9, col: 48},
			},
		},
		{
			name:  "same policy twice on a target",
			files: ouWith([]string{"FullAWSAccess", "p1", "FullAWSAccess"}, declare("p", "SERVICE_CONTROL_POLICY", 1)...),
			want:  []want{{summary: "policy FullAWSAccess is attached twice to organizational unit A", line: 9, col: 9, detail: "org.yaml:7:9"}},
		},
		{
			name: "AWS-managed policy of a type that is not enabled",
			files: root(
				"version: 1",
				"organization:",
				"  policyTypes: [TAG_POLICY]",
				"  policies: [FullAWSAccess]",
			),
			want: []want{{summary: "FullAWSAccess is a SERVICE_CONTROL_POLICY, which is not enabled", line: 4, col: 14, detail: "Add SERVICE_CONTROL_POLICY to organization.policyTypes"}},
		},
		// Ten SCPs a target since 15 May 2026 (five before).
		{
			name:  "ten SCPs with FullAWSAccess",
			files: ouWith(append([]string{"FullAWSAccess"}, names("s", 9)...), declare("s", "SERVICE_CONTROL_POLICY", 9)...),
		},
		{
			name:  "ten SCPs without FullAWSAccess",
			files: ouWith(names("s", 10), declare("s", "SERVICE_CONTROL_POLICY", 10)...),
		},
		{
			name:  "eleven SCPs on one target",
			files: ouWith(append([]string{"FullAWSAccess"}, names("s", 10)...), declare("s", "SERVICE_CONTROL_POLICY", 10)...),
			want:  []want{{summary: "organizational unit A has 11 policies of type SERVICE_CONTROL_POLICY; AWS allows 10", line: 17, col: 9}},
		},
		{
			name: "eleven SCPs on the root and on an account",
			files: root(append(append(allTypes,
				"  policies: [s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11]",
				"accounts:",
				"  - {name: a, email: a@example.com, policies: [s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11]}",
				"policies:"),
				declare("s", "SERVICE_CONTROL_POLICY", 11)...)...),
			want: []want{
				{summary: "the root has 11 policies of type SERVICE_CONTROL_POLICY", line: 4, col: 55},
				{summary: "account a has 11 policies of type SERVICE_CONTROL_POLICY", line: 6, col: 89},
			},
		},
		{
			name:  "four RCPs and the implied RCPFullAWSAccess",
			files: ouWith(names("r", 4), declare("r", "RESOURCE_CONTROL_POLICY", 4)...),
		},
		{
			name:  "five RCPs and the implied RCPFullAWSAccess",
			files: ouWith(names("r", 5), declare("r", "RESOURCE_CONTROL_POLICY", 5)...),
			want: []want{{summary: "organizational unit A has 6 policies of type RESOURCE_CONTROL_POLICY; AWS allows 5", line: 11, col: 9,
				detail: "RCPFullAWSAccess stays attached"}},
		},
		{
			name:  "RCPFullAWSAccess listed and five RCPs",
			files: ouWith(append([]string{"RCPFullAWSAccess"}, names("r", 5)...), declare("r", "RESOURCE_CONTROL_POLICY", 5)...),
			want:  []want{{summary: "has 6 policies of type RESOURCE_CONTROL_POLICY", line: 12, col: 9}},
		},
		{
			name:  "eleven tag policies",
			files: ouWith(names("t", 11), declare("t", "TAG_POLICY", 11)...),
			want:  []want{{summary: "organizational unit A has 11 policies of type TAG_POLICY; AWS allows 10", line: 17, col: 9}},
		},
		{
			name:  "ten tag policies and five SCPs",
			files: ouWith(append(names("t", 10), names("s", 5)...), append(declare("t", "TAG_POLICY", 10), declare("s", "SERVICE_CONTROL_POLICY", 5)...)...),
		},
	})
}
