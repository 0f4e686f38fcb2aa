package lint

import (
	"fmt"
	"github.com/orgctl/orgctl/spec"

	"github.com/orgctl/orgctl/diag"
)

var accountsInOUs = &Rule{
	ID: "accounts-in-ous", Group: "structure", Severity: diag.Warning,
	Title: "Accounts are grouped in OUs; only the management account sits in the root",
	Why:   "An account in the root gets only the root's guardrails, and OUs are where SCPs and service policies are aimed.",
	Fix:   "Give each member account an ou:; keep the root for the management account.",
	Check: func(c *Context) {
		var inRoot []int
		for i, a := range c.Spec.Accounts {
			if a.OU == "" && !a.Closed {
				inRoot = append(inRoot, i)
			}
		}
		if len(c.Spec.Accounts) > 0 && len(c.Spec.OrganizationalUnits) == 0 {
			c.Report("accounts", "the spec declares %d accounts and no organizational unit", len(c.Spec.Accounts))
		}
		// The spec cannot say which account is the management account: one
		// account in the root may be it, two cannot both be.
		if len(inRoot) < 2 {
			return
		}
		for _, i := range inRoot {
			c.Report(fmt.Sprintf("accounts[%d]", i), "account %s sits in the root, with %d other accounts; only the management account belongs there",
				c.Spec.Accounts[i].Name, len(inRoot)-1)
		}
	},
}

var ouSCP = &Rule{
	ID: "ou-scp", Group: "structure", Severity: diag.Warning,
	Title: "Every OU has an SCP besides FullAWSAccess, counting those it inherits",
	Why:   "FullAWSAccess alone is no guardrail: accounts in that OU can do anything their IAM allows, leaving the organization included.",
	Fix:   "Attach a guardrail SCP (deny-leave-organization, a region guard, protect-security-services) to the OU or an ancestor or the root.",
	Check: func(c *Context) {
		c.Spec.WalkOUs(func(p string, _ *spec.OU, loc string) {
			for _, s := range c.effectiveSCPs(p, nil, "") {
				if s.name != "FullAWSAccess" {
					return
				}
			}
			c.Report(loc, "OU %s has no SCP but FullAWSAccess, itself or inherited", p)
		})
	},
}

func init() { register(accountsInOUs, ouSCP) }
