package lint

import (
	"github.com/orgctl/orgctl/diag"
)

var securityAccount = &Rule{
	ID: "security-account", Group: "security-account", Severity: diag.Error,
	Title: "A security account is designated, and it is not the management account",
	Why:   "The security services need one member account that sees every finding; run from the management account, they widen what its few admins must be trusted with, and SCPs cannot guard it.",
	Fix:   "Set security.admin to a member account in an OU (for example security-tooling in Security).",
	Check: func(c *Context) {
		admin := c.Spec.Security.Admin
		if admin == "" {
			c.Report("security", "no security account: security.admin is not set")
			return
		}
		a := c.securityAccount()
		if a != nil && a.OU == "" {
			c.Report("security.admin", "security account %s sits in the root, where only the management account belongs; it may be the management account", admin)
		}
	},
}

// adminRule builds a rule that wants a security service run from the
// security account: its section present, its admin (when it names one)
// the security account, and with members, members: all.
func adminRule(id, at, service string, severity diag.Severity, members bool) *Rule {
	title := "The security account administers " + service
	if members {
		title = service + " is enabled organization-wide, from the security account"
	}
	return &Rule{
		ID: id, Group: "security-account", Severity: severity,
		Title: title,
		Why:   service + " run from one delegated administrator covers every account and its findings cannot be switched off by the accounts it watches.",
		Fix:   "Add " + at + " to the spec" + map[bool]string{true: " with members: all", false: ""}[members] + ", administered by security.admin.",
		Check: func(c *Context) {
			registered, v := c.Section(at)
			switch {
			case !registered:
				c.Report(c.sectionPos(at), "the spec cannot express %s yet (section %s is missing)", service, at)
				return
			case v == nil:
				c.Report(c.sectionPos(at), "%s is not enabled: the spec has no %s", service, at)
				return
			}
			if a := str(v, "admin"); a != "" && c.Spec.Security.Admin != "" && a != c.Spec.Security.Admin {
				c.Report(at+".admin", "%s is administered by %s, not by the security account %s", service, a, c.Spec.Security.Admin)
			}
			if m := str(v, "members"); members && m != "" && m != "all" {
				c.Report(at+".members", "%s covers members: %s, not every account (members: all)", service, m)
			}
		},
	}
}

var configAggregator = &Rule{
	ID: "config-aggregator", Group: "security-account", Severity: diag.Error,
	Title: "The security account holds the AWS Config organization aggregator",
	Why:   "Without an aggregator nobody sees the configuration of every account and region in one place.",
	Fix:   "Add security.config.aggregator: {roleName: ...}, administered by security.admin.",
	Check: func(c *Context) {
		const at = "security.config"
		registered, v := c.Section(at)
		switch {
		case !registered:
			c.Report(c.sectionPos(at), "the spec cannot express AWS Config yet (section %s is missing)", at)
		case v == nil:
			c.Report(c.sectionPos(at), "AWS Config is not administered: the spec has no %s", at)
		default:
			m, _ := v.(map[string]any)
			if m["aggregator"] == nil {
				c.Report(at, "AWS Config has no organization aggregator (%s.aggregator)", at)
			}
			if a := str(v, "admin"); a != "" && c.Spec.Security.Admin != "" && a != c.Spec.Security.Admin {
				c.Report(at+".admin", "the Config aggregator is held by %s, not by the security account %s", a, c.Spec.Security.Admin)
			}
		}
	},
}

func init() {
	register(securityAccount, configAggregator,
		adminRule("guardduty-admin", "security.guardDuty", "GuardDuty", diag.Error, false),
		adminRule("securityhub-admin", "security.securityHub", "Security Hub", diag.Error, false),
		adminRule("inspector-org-wide", "security.inspector", "Inspector", diag.Warning, true),
		adminRule("macie-org-wide", "security.macie", "Macie", diag.Warning, true),
		adminRule("detective-org-wide", "security.detective", "Detective", diag.Warning, true),
		adminRule("auditmanager-enabled", "security.auditManager", "Audit Manager", diag.Warning, false),
	)
}
