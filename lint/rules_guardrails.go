package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/spec"
)

// toolingActions are calls the security tooling makes in the security
// account in every governed region, besides orgctl's own: a region guard
// must let them through there.
var toolingActions = []string{
	"guardduty:CreateDetector", "guardduty:GetFindings",
	"securityhub:EnableSecurityHub", "securityhub:GetFindings",
	"config:PutConfigurationRecorder", "config:StartConfigurationRecorder",
	"macie2:EnableMacie", "inspector2:Enable", "detective:CreateGraph",
	"auditmanager:RegisterAccount", "sts:AssumeRole",
}

// defaultActions stand in for orgctl's cross-account calls when the
// caller does not give them (Options.CrossAccountActions): the
// organization-wide configuration calls of the security services.
var defaultActions = []string{
	"config:PutConfigurationAggregator", "config:PutOrganizationConformancePack",
	"guardduty:UpdateOrganizationConfiguration",
	"securityhub:CreateConfigurationPolicy", "securityhub:CreateFindingAggregator",
	"securityhub:StartConfigurationPolicyAssociation", "securityhub:UpdateOrganizationConfiguration",
}

// protectedServices are the services whose protect-style SCPs are
// checked: their write calls must stay open to orgctl.
var protectedServices = []string{"cloudtrail", "config", "guardduty", "securityhub"}

// principal is who a guardrail is evaluated for.
type principal struct{ label, arn string }

// toolingPrincipals act in the security account: orgctl's role, and any
// other role there (the security team's, the tooling's), which no
// exemption names.
func toolingPrincipals(c *Context) []principal {
	role := crossAccountRole(c.Spec)
	return []principal{
		{"orgctl's role " + role, roleARN(role)},
		{"the security account's other roles", roleARN("orgctl-lint-any-role")},
	}
}

func crossAccountRole(s *spec.Spec) string {
	if s.Settings.CrossAccountRole != "" {
		return s.Settings.CrossAccountRole
	}
	return spec.DefaultCrossAccountRole
}

var regionLockout = &Rule{
	ID: "region-lockout", Group: "guardrails", Severity: diag.Error,
	Title: "Region-deny SCPs allow every region of settings.regions to the security account and orgctl's role",
	Why:   "A region guard that blocks the security tooling in a governed region is the classic self-lockout: the services cannot be configured there, and findings stop.",
	Fix:   "List every region of settings.regions in the guard's aws:RequestedRegion condition, or exempt settings.crossAccountRole with aws:PrincipalArn.",
	Check: func(c *Context) {
		a := c.securityAccount()
		if a == nil {
			return
		}
		accAt := c.accountAt(a.Name)
		seen := map[string]bool{}
		for _, p := range c.effectiveSCPs(a.OU, a, accAt) {
			d := c.doc(p.name)
			if d == nil {
				continue
			}
			for _, s := range d.statements {
				if !s.usesKey("aws:RequestedRegion") {
					continue
				}
				for _, region := range c.Spec.GovernedRegions() {
					for _, who := range toolingPrincipals(c) {
						req := request{"aws:requestedregion": region, "aws:principalarn": who.arn}
						for _, action := range slices.Concat(toolingActions, c.orgctlActions) {
							key := fmt.Sprint(p.name, s.index, region, who.label)
							if seen[key] || !s.denies(action, req) {
								continue
							}
							seen[key] = true
							c.reportStmt(d, s, "Condition", "%s (attached at %s) denies %s in %s to %s in security account %s",
								s.label(d), p.where, action, region, who.label, a.Name)
						}
					}
				}
			}
		}
	},
}

var protectExemption = &Rule{
	ID: "protect-exemption", Group: "guardrails", Severity: diag.Error,
	Title: "Protect-style SCPs exempt settings.crossAccountRole where orgctl works",
	Why:   "An SCP that denies changes to CloudTrail, Config, GuardDuty or Security Hub to everyone in the security account also denies them to orgctl, which then cannot configure those services.",
	Fix:   "Add a condition such as ArnNotLike: {aws:PrincipalArn: arn:aws:iam::*:role/<crossAccountRole>} to the statement.",
	Check: func(c *Context) {
		a := c.securityAccount()
		if a == nil {
			return
		}
		role := crossAccountRole(c.Spec)
		seen := map[string]bool{}
		for _, p := range c.effectiveSCPs(a.OU, a, c.accountAt(a.Name)) {
			d := c.doc(p.name)
			if d == nil || seen[p.name] {
				continue
			}
			seen[p.name] = true
			for _, s := range d.statements {
				if !s.protectStyle() {
					continue
				}
				for _, region := range c.Spec.GovernedRegions() {
					req := request{"aws:requestedregion": region, "aws:principalarn": roleARN(role)}
					if action, ok := firstDenied(s, c.orgctlActions, req); ok {
						c.reportStmt(d, s, "Action", "%s (attached at %s) denies %s, which orgctl calls as %s in security account %s",
							s.label(d), p.where, action, role, a.Name)
						break
					}
				}
			}
		}
	},
}

// protectStyle reports whether a statement denies named actions of a
// protected service: not a region guard, not the deny-all idiom.
func (s *statement) protectStyle() bool {
	if s.effect != "Deny" || s.hasNotAct || s.usesKey("aws:RequestedRegion") {
		return false
	}
	for _, a := range s.action {
		if svc, _, ok := strings.Cut(a, ":"); ok && slices.Contains(protectedServices, strings.ToLower(svc)) {
			return true
		}
	}
	return false
}

func firstDenied(s *statement, actions []string, req request) (string, bool) {
	for _, action := range actions {
		if s.denies(action, req) {
			return action, true
		}
	}
	return "", false
}

// usedSCPs lists declared SCPs attached somewhere, in spec order.
func (c *Context) usedSCPs() []string {
	used := map[string]bool{}
	mark := func(names []string) {
		for _, n := range names {
			used[n] = true
		}
	}
	mark(c.Spec.Organization.Policies)
	c.Spec.WalkOUs(func(_ string, ou *spec.OU, _ string) { mark(ou.Policies) })
	for _, a := range c.Spec.Accounts {
		mark(a.Policies)
	}
	var out []string
	for _, p := range c.Spec.Policies {
		if p.Type == scpType && used[p.Name] {
			out = append(out, p.Name)
		}
	}
	return out
}

var denyLeave = &Rule{
	ID: "deny-leave-organization", Group: "guardrails", Severity: diag.Warning,
	Title: "An SCP on the root denies organizations:LeaveOrganization",
	Why:   "An account that leaves the organization takes itself out of every guardrail, the organization trail and the security services.",
	Fix:   "Attach an SCP denying organizations:LeaveOrganization on * to the root (organization.policies).",
	Check: func(c *Context) {
		req := request{"aws:requestedregion": c.Spec.Home(), "aws:principalarn": roleARN("Admin")}
		for _, p := range c.attachedSCPs(c.Spec.Organization.Policies) {
			if d := c.doc(p); d != nil {
				for _, s := range d.statements {
					if s.denies("organizations:LeaveOrganization", req) {
						return
					}
				}
			}
		}
		at := "organization.policies"
		if _, ok := c.Spec.Locs[at]; !ok {
			at = "organization"
		}
		c.Report(at, "no SCP attached to the root denies organizations:LeaveOrganization")
	},
}

func init() { register(regionLockout, protectExemption, denyLeave) }
