package lint

import (
	"regexp"

	"github.com/orgctl/orgctl/diag"
)

// Sections other services add, read through spec's registry: until a
// service registers them the rules report them missing.
const (
	conformancePacksSection = "conformancePacks"
	firewallPoliciesSection = "firewallPolicies"
	identityCenterSection   = "identityCenter"
)

// listRule wants a section that holds at least one entry.
func listRule(id, at, what, why, fix string) *Rule {
	return &Rule{
		ID: id, Group: "services", Severity: diag.Warning,
		Title: what + " exist", Why: why, Fix: fix,
		Check: func(c *Context) {
			registered, v := c.Section(at)
			switch {
			case !registered:
				c.Report(c.sectionPos(at), "the spec cannot express %s yet (section %s is missing)", what, at)
			case !nonEmpty(v):
				c.Report(c.sectionPos(at), "the spec deploys no %s (%s)", what, at)
			}
		},
	}
}

var conformancePacks = listRule("conformance-packs", conformancePacksSection, "Config conformance packs",
	"Conformance packs check every account's resources against a baseline (CIS, operational best practices) and report the drift.",
	"Add conformancePacks: with at least one pack deployed to the organization.")

var firewallPolicy = listRule("firewall-policy", firewallPoliciesSection, "Firewall Manager policies",
	"Firewall Manager keeps WAF, Shield and security-group rules on every account's resources, including those created later.",
	"Add firewallPolicies: with at least one policy (security.firewallManager designates its administrator).")

var identityCenter = listRule("identity-center", identityCenterSection, "IAM Identity Center assignments",
	"People should reach accounts through Identity Center (short-lived credentials, one place to revoke), not IAM users.",
	"Manage permission sets and assignments in identityCenter:.")

// iamUser matches an IAM user's ARN (or a pattern of one).
var iamUser = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[^:]*:user/`)

var iamUserException = &Rule{
	ID: "iam-user-exception", Group: "services", Severity: diag.Warning,
	Title: "Policies name no IAM users in their exceptions or principals",
	Why:   "An IAM user exempted from a guardrail is a long-lived credential that bypasses it; people should come in through Identity Center.",
	Fix:   "Exempt a role (an Identity Center permission set's role, aws-reserved/sso.amazonaws.com/*) instead of the user.",
	Check: func(c *Context) {
		for _, p := range c.Spec.Policies {
			d := c.doc(p.Name)
			if d == nil {
				continue
			}
			for _, s := range d.statements {
				for _, cd := range s.conditions() {
					for _, v := range cd.vals {
						if iamUser.MatchString(v) {
							c.reportStmt(d, s, "Condition", "%s: condition %s names IAM user %s", s.label(d), cd.key, v)
						}
					}
				}
				for _, v := range values(principalValues(s.principal)) {
					if iamUser.MatchString(v) {
						c.reportStmt(d, s, "Principal", "%s: principal is IAM user %s", s.label(d), v)
					}
				}
			}
		}
	},
}

// principalValues flattens Principal: "*", {"AWS": [...]}.
func principalValues(p any) any {
	m, ok := p.(map[string]any)
	if !ok {
		return p
	}
	var out []any
	for _, v := range m {
		switch t := v.(type) {
		case []any:
			out = append(out, t...)
		default:
			out = append(out, t)
		}
	}
	return out
}

func init() { register(conformancePacks, firewallPolicy, identityCenter, iamUserException) }
