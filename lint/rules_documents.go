package lint

import (
	"slices"
	"sort"
	"strings"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/policygrammar"
)

// eachStatement calls fn for every statement of every declared SCP or
// RCP, in spec order.
func (c *Context) eachStatement(fn func(d *document, s *statement)) {
	for _, p := range c.Spec.Policies {
		if d := c.doc(p.Name); d != nil {
			for _, s := range d.statements {
				fn(d, s)
			}
		}
	}
}

// conditions lists a statement's operator, key and values in a stable
// order.
type cond struct {
	op, key string
	vals    []string
}

func (s *statement) conditions() []cond {
	var out []cond
	for op, keys := range s.condition {
		for k, v := range keys {
			out = append(out, cond{op, k, v})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].op != out[j].op {
			return out[i].op < out[j].op
		}
		return out[i].key < out[j].key
	})
	return out
}

var neverMatches = &Rule{
	ID: "statement-never-matches", Group: "documents", Severity: diag.Warning,
	Title: "Every statement can match some request",
	Why:   "A statement that can never match is a guardrail that is not there, while the spec says it is.",
	Fix:   "Correct the action, region or condition value (a typo is the usual cause), or remove the statement.",
	Check: func(c *Context) {
		c.eachStatement(func(d *document, s *statement) {
			if s.hasNotAct && slices.Contains(s.notAction, "*") {
				c.reportStmt(d, s, "NotAction", "%s: NotAction \"*\" leaves no action", s.label(d))
				return
			}
			equals := map[string][]string{}
			for _, cd := range s.conditions() {
				base, _, _, ok := policygrammar.ParseOperator(cd.op)
				if !ok {
					continue
				}
				if len(cd.vals) == 0 && base != "Null" {
					c.reportStmt(d, s, "Condition", "%s: condition %s %s has no value to compare with", s.label(d), cd.op, cd.key)
					return
				}
				if strings.EqualFold(cd.key, "aws:RequestedRegion") && (base == "StringEquals" || base == "StringLike") {
					for _, v := range cd.vals {
						if !strings.ContainsAny(v, "*?") {
							if _, known := facts.LookupRegion(v); !known {
								c.reportStmt(d, s, "Condition", "%s: %s %s %q is not an AWS region, so it never matches", s.label(d), cd.op, cd.key, v)
								return
							}
						}
					}
				}
				if base == "StringEquals" {
					equals[strings.ToLower(cd.key)] = cd.vals
				}
			}
			for _, cd := range s.conditions() {
				base, _, _, _ := policygrammar.ParseOperator(cd.op)
				if vals, ok := equals[strings.ToLower(cd.key)]; ok && base == "StringNotEquals" && len(vals) > 0 {
					if !slices.ContainsFunc(vals, func(v string) bool { return !slices.Contains(cd.vals, v) }) {
						c.reportStmt(d, s, "Condition", "%s: %s must both equal and not equal %v", s.label(d), cd.key, vals)
						return
					}
				}
			}
		})
	},
}

var allowNotAction = &Rule{
	ID: "allow-notaction", Group: "documents", Severity: diag.Warning,
	Title: "No Allow statement uses NotAction",
	Why:   "Allow with NotAction allows every action but those listed, including every action AWS adds later.",
	Fix:   "List the allowed actions under Action, or write the exceptions as a Deny.",
	Check: func(c *Context) {
		c.eachStatement(func(d *document, s *statement) {
			if s.effect == "Allow" && s.hasNotAct {
				c.reportStmt(d, s, "NotAction", "%s allows everything but %d actions", s.label(d), len(s.notAction))
			}
		})
	},
}

var denyWildcard = &Rule{
	ID: "deny-wildcard-unconditioned", Group: "documents", Severity: diag.Warning,
	Title: "A Deny of a whole service on every resource has a condition",
	Why:   "Denying service:* on Resource * without a condition blocks everyone in the accounts it reaches, the security tooling and break-glass roles included.",
	Fix:   "Narrow the actions, name the resources, or add a condition (aws:PrincipalArn exemptions, aws:RequestedRegion).",
	Check: func(c *Context) {
		c.eachStatement(func(d *document, s *statement) {
			if s.effect != "Deny" || len(s.condition) > 0 || !s.anyResource() || s.hasNotAct {
				return
			}
			for _, a := range s.action {
				// Action "*" alone is the quarantine idiom (deny-all for
				// suspended accounts): deliberate, and not a wildcard slip.
				if svc, ok := strings.CutSuffix(a, ":*"); ok && svc != "" {
					c.reportStmt(d, s, "Action", "%s denies %s on every resource to everyone", s.label(d), a)
					return
				}
			}
		})
	},
}

var duplicateSid = &Rule{
	ID: "duplicate-sid", Group: "documents", Severity: diag.Warning,
	Title: "Statement ids are unique in a document",
	Why:   "Two statements with one Sid make findings, CloudTrail's policy references and reviews point at the wrong one.",
	Fix:   "Give each statement its own Sid.",
	Check: func(c *Context) {
		for _, p := range c.Spec.Policies {
			d := c.doc(p.Name)
			if d == nil {
				continue
			}
			first := map[string]int{}
			for _, s := range d.statements {
				if s.sid == "" {
					continue
				}
				if i, dup := first[s.sid]; dup {
					c.reportStmt(d, s, "Sid", "policy %s: Sid %s is used by statements #%d and #%d", d.policy, s.sid, i+1, s.index+1)
					continue
				}
				first[s.sid] = s.index
			}
		}
	},
}

// An unknown condition operator, an empty Action or Resource and an action
// without a service are the validator's (policygrammar): AWS refuses such
// documents, so a spec that holds one does not load.
func init() { register(neverMatches, allowNotAction, denyWildcard, duplicateSid) }
