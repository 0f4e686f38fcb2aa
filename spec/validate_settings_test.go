package spec

import (
	"strings"
	"testing"
)

func TestValidateSettings(t *testing.T) {
	runLoadCases(t, []loadCase{
		{
			name:  "version 2",
			files: root("version: 2"),
			want:  []want{{summary: "unsupported spec version 2", file: "org.yaml", line: 1, col: 10}},
		},
		{
			name:  "no version",
			files: root("accounts: []"),
			want:  []want{{summary: "the spec has no version", file: "org.yaml", line: 1, col: 1, detail: "version: 1"}},
		},
		{
			name:  "unknown feature set",
			files: root("version: 1", "organization:", "  featureSet: ALLL"),
			want:  []want{{summary: `organization.featureSet "ALLL" is not a feature set`, line: 3, col: 15, detail: `Did you mean "ALL"?`}},
		},
		{
			name:  "unknown policy type",
			files: root("version: 1", "organization:", "  policyTypes:", "    - SERVICE_CONTROL_POLICY", "    - TAG_POLICIES"),
			want:  []want{{summary: `unknown policy type "TAG_POLICIES"`, line: 5, col: 7, detail: `Did you mean "TAG_POLICY"?`}},
		},
		{
			name:  "short alias as policy type",
			files: root("version: 1", "organization:", "  policyTypes: [scp]"),
			want:  []want{{summary: `unknown policy type "scp"`, line: 3, col: 17, detail: `Did you mean "SERVICE_CONTROL_POLICY"?`}},
		},
		{
			name:  "policy type listed twice",
			files: root("version: 1", "organization:", "  policyTypes: [TAG_POLICY, BACKUP_POLICY, TAG_POLICY]"),
			want:  []want{{summary: "policy type TAG_POLICY is listed twice", line: 3, col: 44, detail: "org.yaml:3"}},
		},
		{
			name:  "policy types without featureSet ALL",
			files: root("version: 1", "organization:", "  featureSet: CONSOLIDATED_BILLING", "  policyTypes: [TAG_POLICY]"),
			want:  []want{{summary: "policy types need featureSet ALL", line: 4, col: 16}},
		},
		{
			name:  "lint rule disabled without a reason",
			files: root("version: 1", "settings:", "  lint:", "    disable:", "      - rule: org-trail"),
			want:  []want{{summary: "settings.lint.disable entry for org-trail has no reason", line: 5, col: 9}},
		},
		{
			name:  "lint rule disabled twice",
			files: root("version: 1", "settings:", "  lint:", "    disable:", "      - {rule: org-trail, reason: a}", "      - {rule: org-trail, reason: b}"),
			want:  []want{{summary: "lint rule org-trail is disabled twice", line: 6, col: 16, detail: "org.yaml:5"}},
		},
		{
			name:  "lint disable entry without a rule",
			files: root("version: 1", "settings:", "  lint:", "    disable:", "      - {reason: a}"),
			want:  []want{{summary: "settings.lint.disable entry names no rule", line: 5, col: 9}},
		},
		{
			name:  "bad home region",
			files: root("version: 1", "settings:", "  homeRegion: us-east"),
			want:  []want{{summary: `settings.homeRegion: "us-east" is not an AWS region`, line: 3, col: 15}},
		},
		{
			name:  "bad and duplicate regions",
			files: root("version: 1", "settings:", "  regions: [us-east-1, Europe, us-gov-west-1, us-east-1]"),
			want: []want{
				{summary: `settings.regions[1]: "Europe" is not an AWS region`, line: 3, col: 24},
				{summary: "settings.regions: us-gov-west-1 is in partition aws-us-gov, the home region us-east-1 in aws", line: 3, col: 32},
				{summary: "region us-east-1 is listed twice in settings.regions", line: 3, col: 47, detail: "org.yaml:3"},
			},
		},
		{
			name:  "home region outside regions",
			files: root("version: 1", "settings:", "  homeRegion: eu-west-1", "  regions: [us-east-1]"),
			want:  []want{{summary: "settings.homeRegion eu-west-1 is not in settings.regions", line: 4, col: 12, warning: true}},
		},
		{
			name:  "cross-account role too long",
			files: root("version: 1", "settings:", "  crossAccountRole: "+strings.Repeat("r", 65)),
			want:  []want{{summary: "settings.crossAccountRole is 65 characters; it must be 1 to 64", line: 3, col: 21}},
		},
		{
			name:  "cross-account role empty",
			files: root("version: 1", "settings:", "  crossAccountRole: ''"),
			want:  []want{{summary: "settings.crossAccountRole is 0 characters", line: 3, col: 21}},
		},
		{
			name:  "cross-account role with a space",
			files: root("version: 1", "settings:", "  crossAccountRole: Org Admin"),
			want:  []want{{summary: `settings.crossAccountRole "Org Admin" is not a valid IAM role name`, line: 3, col: 21}},
		},
		{
			name:  "trusted access listed twice",
			files: root("version: 1", "organization:", "  trustedAccess: [guardduty.amazonaws.com, guardduty.amazonaws.com, guardduty]"),
			want: []want{
				{summary: "service principal guardduty.amazonaws.com is listed twice", line: 3, col: 44},
				{summary: `"guardduty" is not a service principal AWS Organizations gives trusted access to`, line: 3, col: 69,
					detail: `Did you mean "guardduty.amazonaws.com"?`},
			},
		},
		{
			name: "delegated administrators: every rule, and a valid one",
			files: root("version: 1", "organization:", "  trustedAccess: [config.amazonaws.com]",
				"  delegatedAdministrators:",
				"    - {service: config.amazonaws.com, account: audit}",
				"    - {service: 'config amazonaws', account: audit}",
				"    - {service: guardduty.amazonaws.com, account: audit}",
				"    - {service: config.amazonaws.com, account: audt}",
				"    - {service: config.amazonaws.com, account: old}",
				"    - {service: config.amazonaws.com, account: audit}",
				"accounts:",
				"  - {name: audit, email: audit@example.com}",
				"  - {name: old, email: old@example.com, closed: true}"),
			want: []want{
				{summary: `invalid service principal "config amazonaws"`, line: 6, col: 17},
				{summary: "guardduty.amazonaws.com has no trusted access", line: 7, col: 17},
				{summary: `unknown account "audt"`, line: 8, col: 48, detail: `Did you mean "audit"?`},
				{summary: `account "old" is closed`, line: 9, col: 48},
				{summary: "audit is listed twice as delegated administrator for config.amazonaws.com", line: 10, col: 7},
			},
		},
		{
			name: "valid settings",
			files: root("version: 1", "settings:", "  homeRegion: eu-central-1", "  regions: [eu-central-1, eu-south-2]",
				"  crossAccountRole: OrgAdmin", "  prune: false", "organization:", "  featureSet: ALL", "  policyTypes: [AISERVICES_OPT_OUT_POLICY]"),
		},
	})
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	s, ds := loadFiles(root("version: 1"))
	checkDiags(t, ds, nil)
	if s.Settings.HomeRegion != "us-east-1" || len(s.Settings.Regions) != 1 || s.Settings.Regions[0] != "us-east-1" ||
		s.Settings.CrossAccountRole != "OrganizationAccountAccessRole" || s.Settings.Prune == nil || !*s.Settings.Prune ||
		s.Organization.FeatureSet != "ALL" {
		t.Errorf("defaults not applied: %+v %+v", s.Settings, s.Organization)
	}

	s, ds = loadFiles(root("version: 1", "settings:", "  homeRegion: eu-west-1", "  prune: false"))
	checkDiags(t, ds, nil)
	if s.Settings.Regions[0] != "eu-west-1" || *s.Settings.Prune {
		t.Errorf("defaults overrode the spec: %+v", s.Settings)
	}

	// No defaults on an invalid spec.
	s, _ = loadFiles(root("version: 2"))
	if s.Settings.HomeRegion != "" {
		t.Errorf("defaults applied to an invalid spec")
	}
}
