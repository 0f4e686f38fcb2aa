package lint

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgctl/orgctl/catalog"
	"github.com/orgctl/orgctl/spec"
)

// secBlock is base's security section, for cases that take it out.
const secBlock = `security:
  admin: security-tooling
  guardDuty: {}
  securityHub: {}
  config: {aggregator: {roleName: OrgConfigAggregator}}
  macie: {members: all}
  inspector: {}
  detective: {}
  auditManager: {}
`

const protectCondition = `          Condition:
            ArnNotLike:
              aws:PrincipalArn: arn:aws:iam::*:role/OrganizationAccountAccessRole
`

// extraSCPs declares n more SCPs, p1..pn, and returns their names.
func extraSCPs(n int) (decl, names string) {
	var b strings.Builder
	var ns []string
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  - name: p%d\n    type: SERVICE_CONTROL_POLICY\n    document: {Version: \"2012-10-17\", Statement: [{Sid: D%d, Effect: Deny, Action: \"ec2:DeleteVpc\", Resource: \"*\"}]}\n", i, i)
		ns = append(ns, fmt.Sprintf("p%d", i))
	}
	return b.String(), strings.Join(ns, ", ")
}

// withSCPs attaches n extra SCPs to the Security OU (3 already there).
func withSCPs(t *testing.T, n int, more ...string) map[string]string {
	decl, names := extraSCPs(n)
	pairs := append([]string{
		"policies: [FullAWSAccess, region-guard, protect]", "policies: [FullAWSAccess, region-guard, protect, " + names + "]",
		"policies:\n  - name: guardrails", "policies:\n" + decl + "  - name: guardrails",
	}, more...)
	return edit(t, pairs...)
}

type ruleCase struct {
	name  string
	rule  string
	files func(t *testing.T) map[string]string
	opts  Options
	want  int    // findings of rule
	sub   string // in the first finding's message
	file  string // the first finding's file (base name), org.yaml when empty
	line  int    // the first finding's line, when not 0
	// needsFake names a section the test stands in for while no service
	// registers it; once one does, the landing zone's is used instead.
	needsFake string
}

func base0(t *testing.T) map[string]string { return edit(t) }

func TestRules(t *testing.T) {
	cases := []ruleCase{
		{name: "trail present", rule: "org-trail", files: base0},
		{name: "no trail", rule: "org-trail", want: 1, sub: "no organization trail", line: 1,
			files: func(t *testing.T) map[string]string {
				return edit(t, "cloudTrail: {name: org-trail, bucket: acme-trail}\n", "")
			}},
		{name: "trail without validation", rule: "org-trail", want: 1, sub: "logFileValidation: false", line: 29,
			files: func(t *testing.T) map[string]string {
				return edit(t, "bucket: acme-trail}", "bucket: acme-trail, logFileValidation: false}")
			}},

		{name: "accounts in OUs", rule: "accounts-in-ous", files: base0},
		{name: "one account in the root may be the management account", rule: "accounts-in-ous",
			files: func(t *testing.T) map[string]string { return edit(t, "    ou: Workloads/Prod\n", "") }},
		{name: "two accounts in the root", rule: "accounts-in-ous", want: 2, sub: "account security-tooling sits in the root", line: 14,
			files: func(t *testing.T) map[string]string {
				return edit(t, "    ou: Workloads/Prod\n", "", "    ou: Security\n", "")
			}},

		{name: "OUs inherit a guardrail", rule: "ou-scp", files: base0},
		{name: "OUs with FullAWSAccess only", rule: "ou-scp", want: 2, sub: "OU Workloads has no SCP but FullAWSAccess", line: 10,
			files: func(t *testing.T) map[string]string {
				return edit(t, "policies: [FullAWSAccess, guardrails]", "policies: [FullAWSAccess]")
			}},

		{name: "security account designated", rule: "security-account", files: base0},
		{name: "no security account", rule: "security-account", want: 1, sub: "security.admin is not set", line: 1,
			files: func(t *testing.T) map[string]string { return edit(t, secBlock, "") }},
		{name: "security account in the root", rule: "security-account", want: 1, sub: "may be the management account", line: 20,
			files: func(t *testing.T) map[string]string { return edit(t, "    ou: Security\n", "") }},

		{name: "GuardDuty administered", rule: "guardduty-admin", files: base0},
		{name: "no GuardDuty", rule: "guardduty-admin", want: 1, sub: "GuardDuty is not enabled", line: 21,
			files: func(t *testing.T) map[string]string { return edit(t, "  guardDuty: {}\n", "") }},
		{name: "Security Hub administered", rule: "securityhub-admin", files: base0},
		{name: "no Security Hub", rule: "securityhub-admin", want: 1, sub: "Security Hub is not enabled", line: 21,
			files: func(t *testing.T) map[string]string { return edit(t, "  securityHub: {}\n", "") }},
		{name: "aggregator held", rule: "config-aggregator", files: base0},
		{name: "no Config", rule: "config-aggregator", want: 1, sub: "AWS Config is not administered", line: 21,
			files: func(t *testing.T) map[string]string {
				return edit(t, "  config: {aggregator: {roleName: OrgConfigAggregator}}\n", "")
			}},
		{name: "Config without aggregator", rule: "config-aggregator", want: 1, sub: "no organization aggregator", line: 24,
			files: func(t *testing.T) map[string]string {
				return edit(t, "config: {aggregator: {roleName: OrgConfigAggregator}}", "config: {}")
			}},
		{name: "Inspector for all", rule: "inspector-org-wide", files: base0},
		{name: "Inspector for new accounts only", rule: "inspector-org-wide", want: 1, sub: "members: new", line: 26,
			files: func(t *testing.T) map[string]string { return edit(t, "inspector: {}", "inspector: {members: new}") }},
		{name: "Macie for all", rule: "macie-org-wide", files: base0},
		{name: "Macie for none", rule: "macie-org-wide", want: 1, sub: "members: none", line: 25,
			files: func(t *testing.T) map[string]string {
				return edit(t, "macie: {members: all}", "macie: {members: none}")
			}},
		{name: "Detective on", rule: "detective-org-wide", files: base0},
		{name: "no Detective", rule: "detective-org-wide", want: 1, sub: "Detective is not enabled", line: 21,
			files: func(t *testing.T) map[string]string { return edit(t, "  detective: {}\n", "") }},
		{name: "Audit Manager on", rule: "auditmanager-enabled", files: base0},
		{name: "no Audit Manager", rule: "auditmanager-enabled", want: 1, sub: "Audit Manager is not enabled", line: 21,
			files: func(t *testing.T) map[string]string { return edit(t, "  auditManager: {}\n", "") }},

		{name: "no conformance packs", rule: "conformance-packs", want: 1, sub: "conformancePacks", line: 1, files: base0},
		{name: "a conformance pack", rule: "conformance-packs", needsFake: conformancePacksSection,
			files: func(t *testing.T) map[string]string {
				return edit(t, "policies:\n  - name: guardrails", "conformancePacks: [{name: cis}]\npolicies:\n  - name: guardrails")
			}},
		{name: "no Firewall Manager policy", rule: "firewall-policy", want: 1, sub: "firewallPolicies", line: 1, files: base0},
		{name: "a Firewall Manager policy", rule: "firewall-policy", needsFake: firewallPoliciesSection,
			files: func(t *testing.T) map[string]string {
				return edit(t, "policies:\n  - name: guardrails", "firewallPolicies: [{name: waf}]\npolicies:\n  - name: guardrails")
			}},
		{name: "no Identity Center", rule: "identity-center", want: 1, sub: "identityCenter", line: 1, files: base0},
		{name: "Identity Center assignments", rule: "identity-center", needsFake: identityCenterSection,
			files: func(t *testing.T) map[string]string {
				return edit(t, "policies:\n  - name: guardrails", "identityCenter: [{name: admins}]\npolicies:\n  - name: guardrails")
			}},

		{name: "exemptions name roles", rule: "iam-user-exception", files: base0},
		{name: "an IAM user exempted", rule: "iam-user-exception", want: 1, sub: "names IAM user arn:aws:iam::111122223333:user/alice", line: 52,
			files: func(t *testing.T) map[string]string {
				return edit(t, "aws:PrincipalArn: arn:aws:iam::*:role/OrganizationAccountAccessRole",
					"aws:PrincipalArn: [arn:aws:iam::*:role/OrganizationAccountAccessRole, arn:aws:iam::111122223333:user/alice]")
			}},

		{name: "region guard allows the governed regions", rule: "region-lockout", files: base0},
		{name: "region guard blocks a governed region", rule: "region-lockout", want: 2, sub: "in eu-west-1 to orgctl's role OrganizationAccountAccessRole", file: "region-guard.json", line: 9,
			files: func(t *testing.T) map[string]string {
				return edit(t, `policies/region-guard.json>>["us-east-1", "eu-west-1"]`, `["us-east-1"]`)
			}},
		{name: "region guard exempting orgctl's role still blocks the others", rule: "region-lockout", want: 1, sub: "the security account's other roles", file: "region-guard.json",
			files: func(t *testing.T) map[string]string {
				return edit(t, `policies/region-guard.json>>["us-east-1", "eu-west-1"]}`,
					`["us-east-1"]}, "ArnNotLike": {"aws:PrincipalARN": "arn:aws:iam::*:role/OrganizationAccountAccessRole"}`)
			}},
		{name: "region guard on one region, one region governed", rule: "region-lockout",
			files: func(t *testing.T) map[string]string {
				return edit(t, `policies/region-guard.json>>["us-east-1", "eu-west-1"]`, `["us-east-1"]`, "regions: [us-east-1, eu-west-1]", "regions: [us-east-1]")
			}},

		{name: "protect SCP exempts orgctl", rule: "protect-exemption", files: base0},
		{name: "protect SCP denies orgctl", rule: "protect-exemption", want: 1, sub: "denies guardduty:UpdateOrganizationConfiguration, which orgctl calls as OrganizationAccountAccessRole", line: 50,
			files: func(t *testing.T) map[string]string { return edit(t, protectCondition, "") }},
		{name: "protect SCP denies orgctl's declared calls", rule: "protect-exemption", want: 1, opts: Options{CrossAccountActions: crossAccount()},
			sub: "guardduty:UpdateOrganizationConfiguration", line: 50,
			files: func(t *testing.T) map[string]string { return edit(t, protectCondition, "") }},
		{name: "protect SCP denies only what orgctl never calls", rule: "protect-exemption",
			files: func(t *testing.T) map[string]string {
				return edit(t, protectCondition, "", "guardduty:DeleteDetector, guardduty:UpdateOrganizationConfiguration", "guardduty:DeleteDetector")
			}},

		{name: "root denies leaving", rule: "deny-leave-organization", files: base0},
		{name: "root lets accounts leave", rule: "deny-leave-organization", want: 1, sub: "no SCP attached to the root denies organizations:LeaveOrganization", line: 6,
			files: func(t *testing.T) map[string]string {
				return edit(t, "policies: [FullAWSAccess, guardrails]", "policies: [FullAWSAccess]")
			}},

		{name: "room below the limit", rule: "scp-limit", files: base0},
		{name: "ten SCPs and Control Tower's", rule: "scp-limit", want: 1, sub: "counting Control Tower's guardrails SCP", line: 10,
			files: func(t *testing.T) map[string]string {
				return withSCPs(t, 7, "policyTypes: [SERVICE_CONTROL_POLICY]", "policyTypes: [SERVICE_CONTROL_POLICY]\n  trustedAccess: [controltower.amazonaws.com]")
			}},
		{name: "ten SCPs, no Control Tower", rule: "scp-limit", files: func(t *testing.T) map[string]string { return withSCPs(t, 7) }},
		{name: "well below the limit", rule: "scp-limit-near", files: base0},
		{name: "seven SCPs on an OU", rule: "scp-limit-near", files: func(t *testing.T) map[string]string { return withSCPs(t, 4) }},
		{name: "eight SCPs on an OU", rule: "scp-limit-near", want: 1, sub: "OU Security has 8 SCPs attached, of the 10", line: 9,
			files: func(t *testing.T) map[string]string { return withSCPs(t, 5) }},

		{name: "statements that match", rule: "statement-never-matches", files: base0},
		{name: "a region that does not exist", rule: "statement-never-matches", want: 1, sub: `"us-east-l" is not an AWS region`, line: 40,
			files: func(t *testing.T) map[string]string {
				return edit(t, "Action: organizations:LeaveOrganization\n          Resource: \"*\"\n", "Action: organizations:LeaveOrganization\n          Resource: \"*\"\n          Condition: {StringEquals: {aws:RequestedRegion: us-east-l}}\n")
			}},
		{name: "equal and not equal", rule: "statement-never-matches", want: 1, sub: "must both equal and not equal",
			files: func(t *testing.T) map[string]string {
				return edit(t, "Action: organizations:LeaveOrganization\n          Resource: \"*\"\n", "Action: organizations:LeaveOrganization\n          Resource: \"*\"\n          Condition: {StringEquals: {aws:PrincipalTag/team: a}, StringNotEquals: {aws:PrincipalTag/team: a}}\n")
			}},

		{name: "Allow with Action", rule: "allow-notaction", files: base0},
		{name: "Allow with NotAction", rule: "allow-notaction", want: 1, sub: "allows everything but 1 actions", line: 38,
			files: func(t *testing.T) map[string]string {
				return edit(t, "Effect: Deny\n          Action: organizations:LeaveOrganization", "Effect: Allow\n          NotAction: organizations:LeaveOrganization")
			}},

		{name: "named actions", rule: "deny-wildcard-unconditioned", files: base0},
		{name: "deny-all idiom", rule: "deny-wildcard-unconditioned",
			files: func(t *testing.T) map[string]string {
				return edit(t, "Action: organizations:LeaveOrganization", `Action: "*"`)
			}},
		{name: "a whole service denied to everyone", rule: "deny-wildcard-unconditioned", want: 1, sub: "denies s3:* on every resource to everyone", line: 38,
			files: func(t *testing.T) map[string]string {
				return edit(t, "Action: organizations:LeaveOrganization", `Action: "s3:*"`)
			}},

		{name: "unique Sids", rule: "duplicate-sid", files: base0},
		{name: "a Sid twice", rule: "duplicate-sid", want: 1, sub: "Sid DenyLeave is used by statements #1 and #2", line: 40,
			files: func(t *testing.T) map[string]string {
				return edit(t, "Resource: \"*\"\n  - name: region-guard", "Resource: \"*\"\n        - Sid: DenyLeave\n          Effect: Deny\n          Action: organizations:RemoveAccountFromOrganization\n          Resource: \"*\"\n  - name: region-guard")
			}},

		{name: "disabling a rule that exists", rule: "lint-unknown-rule",
			files: func(t *testing.T) map[string]string {
				return edit(t, "settings:\n", "settings:\n  lint:\n    disable: [{rule: org-trail, reason: kept elsewhere}]\n")
			}},
		{name: "disabling a misspelt rule", rule: "lint-unknown-rule", want: 1, sub: `there is no lint rule "org-trial". Did you mean "org-trail"?`, line: 4,
			files: func(t *testing.T) map[string]string {
				return edit(t, "settings:\n", "settings:\n  lint:\n    disable: [{rule: org-trial, reason: typo}]\n")
			}},
	}
	tested := map[string][2]bool{}
	for _, tc := range cases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			if Lookup(tc.rule) == nil {
				t.Fatalf("no rule %s", tc.rule)
			}
			s := (*spec.Spec)(nil)
			if tc.needsFake != "" && !fakeRegistered[tc.needsFake] {
				// The section is a service's, whose shape this test does
				// not know: its example in the landing zone stands in.
				s = loadExample(t, "landing-zone")
				if _, ok := s.Locs[tc.needsFake]; !ok {
					t.Skipf("section %s is a service's, and the landing zone has none", tc.needsFake)
				}
			} else {
				s = load(t, tc.files(t))
			}
			rep := Run(s, tc.opts)
			var got []Finding
			for _, f := range rep.Findings {
				if f.Rule == tc.rule {
					got = append(got, f)
				}
			}
			if len(got) != tc.want {
				t.Fatalf("%d findings of %s, want %d: %+v", len(got), tc.rule, tc.want, got)
			}
			if tc.want == 0 {
				return
			}
			f := got[0]
			if !strings.Contains(f.Message, tc.sub) {
				t.Errorf("message %q does not say %q", f.Message, tc.sub)
			}
			file := tc.file
			if file == "" {
				file = "org.yaml"
			}
			if f.Subject == nil || filepath.Base(f.Subject.File) != file || (tc.line != 0 && f.Subject.Line != tc.line) {
				t.Errorf("finding at %v, want %s:%d", f.Subject, file, tc.line)
			}
			if f.Severity != Lookup(tc.rule).Severity {
				t.Errorf("severity %s, want the rule's %s", f.Severity, Lookup(tc.rule).Severity)
			}
		})
		seen := tested[tc.rule]
		if tc.want == 0 {
			seen[0] = true
		} else {
			seen[1] = true
		}
		tested[tc.rule] = seen
	}
	for _, r := range Rules() {
		if s := tested[r.ID]; !s[0] || !s[1] {
			t.Errorf("rule %s needs a case that fires it and one that does not (have %v)", r.ID, s)
		}
	}
}

// TestBaseIsClean: the cases' base spec fires no rule but those about
// sections it leaves out.
func TestBaseIsClean(t *testing.T) {
	rep := Run(load(t, edit(t)), Options{CrossAccountActions: crossAccount()})
	for _, f := range rep.Findings {
		switch f.Rule {
		case "conformance-packs", "firewall-policy", "identity-center":
		default:
			t.Errorf("base fires %s: %s at %v", f.Rule, f.Message, f.Subject)
		}
	}
}

func crossAccount() []string {
	var out []string
	for _, p := range catalog.Permissions() {
		out = append(out, p.CrossAccount...)
	}
	return out
}

// TestDisabledRule: a disabled rule still runs; its findings are kept,
// suppressed with the reason, and do not fail the run.
func TestDisabledRule(t *testing.T) {
	files := edit(t, "cloudTrail: {name: org-trail, bucket: acme-trail}\n", "",
		"settings:\n", "settings:\n  lint:\n    disable: [{rule: org-trail, reason: the trail is Control Tower's}]\n")
	rep := Run(load(t, files), Options{})
	if rep.Failed() {
		t.Error("a disabled rule's error fails the run")
	}
	if len(rep.Disabled) != 1 || rep.Disabled[0].Rule != "org-trail" || rep.Disabled[0].Subject == nil || rep.Disabled[0].Subject.Line != 4 {
		t.Errorf("disabled: %+v", rep.Disabled)
	}
	n := 0
	for _, f := range rep.Findings {
		if f.Rule == "org-trail" {
			n++
			if !f.Suppressed || f.Reason != "the trail is Control Tower's" {
				t.Errorf("finding not suppressed with the reason: %+v", f)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d org-trail findings, want the one suppressed", n)
	}
	if errs, _, sup := rep.Counts(); errs != 0 || sup != 1 {
		t.Errorf("counts: %d errors, %d suppressed", errs, sup)
	}
}

// TestSectionLookup: rules read sections through spec's registry, so a
// section a service registers later is found without changing lint.
func TestSectionLookup(t *testing.T) {
	s := load(t, edit(t))
	c := newContext(s)
	if reg, v := c.Section("security.guardDuty"); !reg || v == nil {
		t.Errorf("security.guardDuty: registered %v, value %v", reg, v)
	}
	if reg, v := c.Section("security.nothing"); reg || v != nil {
		t.Errorf("an unregistered section: registered %v, value %v", reg, v)
	}
	if reg, v := c.Section(conformancePacksSection); !reg || v != nil {
		t.Errorf("conformancePacks left out: registered %v, value %v", reg, v)
	}
	for _, tc := range []struct {
		v    any
		want bool
	}{{nil, false}, {[]any{}, false}, {map[string]any{"packs": []any{}}, false}, {[]any{map[string]any{"name": "x"}}, true}, {map[string]any{"packs": []any{"x"}}, true}} {
		if nonEmpty(tc.v) != tc.want {
			t.Errorf("nonEmpty(%v) = %v", tc.v, !tc.want)
		}
	}
}
