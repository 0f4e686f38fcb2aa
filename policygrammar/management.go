package policygrammar

import (
	"fmt"
	"slices"
	"strings"
)

// mgmt is the grammar of a management policy type.
type mgmt struct {
	// what names a document of the type in messages: "a tag policy".
	what string
	// top are the keys a document may hold at its top, as the type's
	// syntax page documents them; nil where AWS documents none, and
	// only the inheritance operators are checked.
	top []string
	// entry, when set, lists the keys an entry below the top key may
	// hold (a tag policy's tags.costcenter: tag_key, tag_value, ...).
	entry []string
	// assign, when set, checks the value given by @@assign to an entry's
	// key: it returns what is wrong, or "".
	assign func(key string, v *value) string
}

// management maps the management policy types to their grammar. Every
// type AWS has is here, so that a type's document is never left
// unchecked by mistake; a test pins the list to orgctl's facts.
var management = map[string]mgmt{
	// "Tag policy syntax and examples".
	"TAG_POLICY": {
		what:  "a tag policy",
		top:   []string{"tags"},
		entry: []string{"tag_key", "tag_value", "enforced_for", "report_required_tag_for"},
	},
	// "Backup policy syntax and examples".
	"BACKUP_POLICY": {what: "a backup policy", top: []string{"plans"}},
	// "AI services opt-out policy syntax and examples": the values'
	// capitalization matters.
	"AISERVICES_OPT_OUT_POLICY": {
		what:  "an AI services opt-out policy",
		top:   []string{"services"},
		entry: []string{"opt_out_policy"},
		assign: func(key string, v *value) string {
			if key == "opt_out_policy" && !(v.kind == kString && (v.str == "optOut" || v.str == "optIn")) {
				return `takes "optOut" or "optIn", capitalized so`
			}
			return ""
		},
	},
	// "Chat applications policy syntax and examples".
	"CHATBOT_POLICY": {what: "a chat applications policy", top: []string{"chatbot"}},
	// "Declarative policy syntax and examples": EC2 is the one service.
	"DECLARATIVE_POLICY_EC2": {what: "a declarative policy", top: []string{"ec2_attributes"}},
	// The newer types: their syntax pages are checked for the operators
	// only.
	"SECURITYHUB_POLICY":               {what: "a Security Hub policy"},
	"INSPECTOR_POLICY":                 {what: "an Inspector policy"},
	"UPGRADE_ROLLOUT_POLICY":           {what: "an upgrade rollout policy"},
	"BEDROCK_POLICY":                   {what: "a Bedrock policy"},
	"S3_POLICY":                        {what: "an S3 policy"},
	"NETWORK_SECURITY_DIRECTOR_POLICY": {what: "a network security director policy"},
	"GUARDDUTY_POLICY":                 {what: "a GuardDuty policy"},
	"SECURITYHUB_CSPM_POLICY":          {what: "a Security Hub CSPM policy"},
}

// Types lists the policy types Check has a grammar for.
func Types() []string {
	out := []string{"SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"}
	for t := range management {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// The inheritance operators ("Inheritance operators" of the management
// policy syntax page).
const (
	opAssign  = "@@assign"
	opAppend  = "@@append"
	opRemove  = "@@remove"
	opAllowed = "@@operators_allowed_for_child_policies"
)

var (
	valueOperators = []string{opAssign, opAppend, opRemove}
	allOperators   = []string{opAssign, opAppend, opRemove, opAllowed}
	// childOperators are what @@operators_allowed_for_child_policies
	// lists: @@all or @@none alone, or value operators.
	childOperators = []string{"@@all", "@@none", opAssign, opAppend, opRemove}
)

func (c *checker) management(root *value, g mgmt) {
	if len(root.members) == 0 {
		c.add(nil, g.what+" is empty", "Write the document under its top-level key"+topHint(g)+".")
		return
	}
	for _, m := range root.members {
		p := []any{m.key}
		if g.top != nil && !slices.Contains(g.top, m.key) {
			c.unknownKey(p, m.key, g.what+" at its top", g.top)
			continue
		}
		if m.val.kind != kObject {
			c.add(p, fmt.Sprintf("%s is %s", m.key, m.val.kind), fmt.Sprintf("Write %s as an object of settings.", m.key))
			continue
		}
		for _, e := range m.val.members {
			ep := at(p, e.key)
			if strings.HasPrefix(e.key, "@@") {
				c.operator(ep, e.key, e.val)
				continue
			}
			if g.entry != nil {
				c.entry(ep, e.key, e.val, g)
				continue
			}
			c.settings(ep, e.key, e.val)
		}
	}
}

func topHint(g mgmt) string {
	if g.top == nil {
		return ""
	}
	return ", " + list(g.top)
}

// entry checks one entry of a type whose entries are documented: a tag
// policy's tag, an AI opt-out policy's service.
func (c *checker) entry(path []any, name string, v *value, g mgmt) {
	if v.kind != kObject {
		c.add(path, fmt.Sprintf("%s is %s", name, v.kind), fmt.Sprintf("Write %s as an object holding %s.", name, list(g.entry)))
		return
	}
	for _, m := range v.members {
		p := at(path, m.key)
		switch {
		case strings.HasPrefix(m.key, "@@"):
			c.operator(p, m.key, m.val)
		case !slices.Contains(g.entry, m.key):
			c.unknownKey(p, m.key, name, g.entry)
		default:
			c.settings(p, m.key, m.val)
			if g.assign == nil || m.val.kind != kObject {
				continue
			}
			if a := m.val.get(opAssign); a != nil {
				if what := g.assign(m.key, a); what != "" {
					c.add(at(p, opAssign), fmt.Sprintf("%s %s; it is %s", m.key, what, show(a)), fmt.Sprintf(`Write "%s": {"@@assign": "optOut"}.`, m.key))
				}
			}
		}
	}
}

// settings checks a setting below a type's top key: an object whose keys
// are settings or inheritance operators. A value is always given through
// an operator ({"@@assign": "enabled"}), never directly: AWS's page on
// management policy syntax warns that an effective policy, which shows
// values without their operators, cannot be used as a policy's content.
func (c *checker) settings(path []any, name string, v *value) {
	if v.kind != kObject {
		c.add(path, fmt.Sprintf("%s is set to %s without an inheritance operator", name, show(v)),
			fmt.Sprintf(`Give the value through an operator: "%s": {"@@assign": ...}.`, name))
		return
	}
	for _, m := range v.members {
		p := at(path, m.key)
		if strings.HasPrefix(m.key, "@@") {
			c.operator(p, m.key, m.val)
			continue
		}
		c.settings(p, m.key, m.val)
	}
}

// operator checks an inheritance operator and its value. The value of
// @@assign is the setting's, which each service defines; @@append and
// @@remove apply to multi-valued settings only, so take an array.
func (c *checker) operator(path []any, op string, v *value) {
	switch {
	case (op == opAppend || op == opRemove) && v.kind != kArray:
		c.add(path, fmt.Sprintf("%s is given %s", op, show(v)), op+` adds to or removes from a list: give it an array, ["value"], or use "@@assign" for a single value.`)
	case slices.Contains(valueOperators, op):
	case op == opAllowed:
		c.allowed(path, v)
	default:
		c.unknownKey(path, op, "an inheritance operator", allOperators)
	}
}

// allowed checks @@operators_allowed_for_child_policies: an array holding
// "@@all" or "@@none" alone, or any of the value operators.
func (c *checker) allowed(path []any, v *value) {
	const fix = `Write ["@@all"], ["@@none"], or a list of "@@assign", "@@append" and "@@remove".`
	if v.kind != kArray || len(v.items) == 0 {
		c.add(path, opAllowed+" is "+show(v), fix)
		return
	}
	for i, e := range v.items {
		switch {
		case e.kind != kString || !slices.Contains(childOperators, e.str):
			c.add(at(path, i), opAllowed+" lists "+show(e), fix)
		case (e.str == "@@all" || e.str == "@@none") && len(v.items) > 1:
			c.add(at(path, i), e.str+" is listed with other operators", e.str+" stands alone: "+fix)
		}
	}
}

// TopKey returns the key a document of the management policy type
// policyType is written under, as its syntax page documents it (tags for
// TAG_POLICY), or "" when AWS documents none.
func TopKey(policyType string) string {
	if g := management[policyType]; len(g.top) == 1 {
		return g.top[0]
	}
	return ""
}
