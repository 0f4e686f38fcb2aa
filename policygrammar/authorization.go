package policygrammar

import (
	"fmt"
	"slices"
	"strings"
)

// authz is the grammar of an authorization policy type: IAM's policy
// language, cut down as the type's syntax page says.
type authz struct {
	// what names a document of the type in messages: "an SCP".
	what string
	// effects are the values Effect may take.
	effects []string
	// keys are the statement elements the type supports.
	keys []string
	// unsupported are IAM statement elements the type refuses, with what
	// to do instead.
	unsupported map[string]string
	// principalStar makes Principal required, and "*".
	principalStar bool
}

// scp is the grammar of "SCP syntax": every IAM element but Principal and
// NotPrincipal, in Allow and Deny statements (SCPs take the full IAM
// language since September 2025: conditions, resource ARNs, NotAction
// and NotResource in Allow statements too). Resource is optional: AWS's
// own examples leave it out.
var scp = authz{
	what:    "an SCP",
	effects: []string{"Allow", "Deny"},
	keys:    []string{"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"},
	unsupported: map[string]string{
		"Principal":    "SCPs apply to the IAM users and roles of the accounts they are attached to and take no Principal; remove it, and narrow who is affected with a Condition on aws:PrincipalArn.",
		"NotPrincipal": "SCPs take no NotPrincipal; remove it, and exempt principals with a Condition on aws:PrincipalArn.",
	},
}

// rcp is the grammar of "RCP syntax": Deny statements only (Allow is
// RCPFullAWSAccess's, which AWS manages), Principal "*" in each, and
// neither NotAction nor NotPrincipal.
var rcp = authz{
	what:          "an RCP",
	effects:       []string{"Deny"},
	keys:          []string{"Sid", "Effect", "Principal", "Action", "Resource", "NotResource", "Condition"},
	principalStar: true,
	unsupported: map[string]string{
		"NotPrincipal": `RCPs take no NotPrincipal; write "Principal": "*" and exempt principals with a Condition on aws:PrincipalArn.`,
		"NotAction":    "RCPs take no NotAction; list the actions to deny under Action.",
	},
}

// versions are the policy language versions IAM knows. The syntax pages
// ask for 2012-10-17 and AWS's examples sometimes leave Version out;
// IAM's grammar knows 2008-10-17 as well.
var versions = []string{"2012-10-17", "2008-10-17"}

// topKeys are what an IAM policy holds at its top.
var topKeys = []string{"Version", "Id", "Statement"}

func (c *checker) authorization(root *value, g authz) {
	for _, m := range root.members {
		p := []any{m.key}
		switch m.key {
		case "Version":
			if m.val.kind != kString || !slices.Contains(versions, m.val.str) {
				c.add(p, fmt.Sprintf("Version is %s", show(m.val)), `Write "Version": "2012-10-17".`)
			}
		case "Id":
			if m.val.kind != kString {
				c.add(p, "Id is "+m.val.kind.String(), "Make Id a string, or remove it.")
			}
		case "Statement":
			c.statements(p, m.val, g)
		default:
			c.unknownKey(p, m.key, g.what, topKeys)
		}
	}
	if root.get("Statement") == nil {
		c.add(nil, g.what+" has no Statement", `Add "Statement": [{"Effect": ..., "Action": ..., "Resource": "*"}].`)
	}
}

// statements checks Statement: one statement, or an array of them.
func (c *checker) statements(path []any, v *value, g authz) {
	switch {
	case v.kind == kObject:
		c.statement(path, v, g)
	case v.kind == kArray && len(v.items) == 0:
		c.add(path, "Statement is an empty array", "Give at least one statement.")
	case v.kind == kArray:
		for i, s := range v.items {
			if s.kind != kObject {
				c.add(at(path, i), "a statement is "+s.kind.String(), "Write each statement as an object: {\"Effect\": ..., \"Action\": ...}.")
				continue
			}
			c.statement(at(path, i), s, g)
		}
	default:
		c.add(path, "Statement is "+v.kind.String(), "Write Statement as an array of statements.")
	}
}

func (c *checker) statement(path []any, s *value, g authz) {
	for _, m := range s.members {
		p := at(path, m.key)
		if fix, ok := g.unsupported[m.key]; ok {
			c.add(p, fmt.Sprintf("%s does not support %s", g.what, m.key), fix)
			continue
		}
		if !slices.Contains(g.keys, m.key) {
			c.unknownKey(p, m.key, "a statement", g.keys)
			continue
		}
		switch m.key {
		case "Sid":
			if m.val.kind != kString {
				c.add(p, "Sid is "+m.val.kind.String(), "Make Sid a string, or remove it.")
			}
		case "Effect":
			c.effect(p, m.val, g)
		case "Action", "NotAction":
			c.stringList(p, m.key, m.val, checkAction)
		case "Resource", "NotResource":
			c.stringList(p, m.key, m.val, checkResource)
		case "Principal":
			if m.val.kind != kString || m.val.str != "*" {
				c.add(p, fmt.Sprintf("Principal is %s", show(m.val)), `RCPs apply to every principal: write "Principal": "*" and narrow who is denied with a Condition.`)
			}
		case "Condition":
			c.condition(p, m.val)
		}
	}
	if s.get("Effect") == nil {
		c.add(path, "a statement has no Effect", fmt.Sprintf("Add \"Effect\": %s.", list(g.effects)))
	}
	switch hasA, hasN := s.get("Action") != nil, s.get("NotAction") != nil; {
	case hasA && hasN:
		c.add(at(path, "NotAction"), "a statement has both Action and NotAction", "Keep one of the two.")
	case !hasA && !hasN && g.unsupported["NotAction"] == "":
		c.add(path, "a statement has neither Action nor NotAction", `Add "Action": ["service:Action"], or NotAction.`)
	case !hasA && !hasN:
		c.add(path, "a statement has no Action", `Add "Action": ["service:Action"].`)
	}
	if s.get("Resource") != nil && s.get("NotResource") != nil {
		c.add(at(path, "NotResource"), "a statement has both Resource and NotResource", "Keep one of the two.")
	}
	if g.principalStar && s.get("Principal") == nil {
		c.add(path, g.what+" statement has no Principal", `Add "Principal": "*"; RCPs apply to every principal.`)
	}
}

func (c *checker) effect(path []any, v *value, g authz) {
	if v.kind == kString && slices.Contains(g.effects, v.str) {
		return
	}
	fix := fmt.Sprintf("Write \"Effect\": %s.", list(g.effects))
	if v.kind == kString && v.str == "Allow" && g.principalStar {
		fix = `RCPs only deny: Allow is kept for AWS's own RCPFullAWSAccess. Write "Effect": "Deny".`
	} else if v.kind == kString {
		if near := closestCase(v.str, g.effects); near != "" {
			fix = fmt.Sprintf("Did you mean %q? %s", near, fix)
		}
	}
	c.add(path, "Effect is "+show(v), fix)
}

// closestCase is the effect v was probably meant to be: the same word in
// another case, or a letter or two off.
func closestCase(v string, effects []string) string {
	for _, e := range effects {
		if strings.EqualFold(v, e) || len(v) >= 3 && strings.HasPrefix(strings.ToLower(e), strings.ToLower(v[:3])) {
			return e
		}
	}
	return ""
}

// stringList checks an element that takes a string or a non-empty array of
// strings, each string by check.
func (c *checker) stringList(path []any, key string, v *value, check func(string) string) {
	switch {
	case v.kind == kString:
		if what := check(v.str); what != "" {
			c.add(path, fmt.Sprintf("%s %q %s", key, v.str, what), elementFix[key])
		}
	case v.kind == kArray && len(v.items) == 0:
		c.add(path, key+" is an empty array", "List at least one value, or remove "+key+".")
	case v.kind == kArray:
		for i, e := range v.items {
			if e.kind != kString {
				c.add(at(path, i), fmt.Sprintf("%s holds %s", key, e.kind), "Every value of "+key+" is a string.")
			} else if what := check(e.str); what != "" {
				c.add(at(path, i), fmt.Sprintf("%s %q %s", key, e.str, what), elementFix[key])
			}
		}
	default:
		c.add(path, fmt.Sprintf("%s is %s", key, v.kind), fmt.Sprintf("Write %s as a string or an array of strings.", key))
	}
}

var elementFix = map[string]string{
	"Action":      `Write actions as "*" or service:action, such as "s3:GetObject" or "ec2:*".`,
	"NotAction":   `Write actions as "*" or service:action, such as "s3:GetObject" or "ec2:*".`,
	"Resource":    `Write resources as "*" or an ARN, such as "arn:aws:s3:::my-bucket/*".`,
	"NotResource": `Write resources as "*" or an ARN, such as "arn:aws:s3:::my-bucket/*".`,
}

// checkAction: "*" or service:action, the service a prefix of letters,
// digits and hyphens.
func checkAction(a string) string {
	if a == "*" {
		return ""
	}
	svc, name, ok := strings.Cut(a, ":")
	switch {
	case !ok:
		return "has no service prefix"
	case svc == "" || strings.IndexFunc(svc, func(r rune) bool { return !isPrefixChar(r) }) >= 0:
		return "has no valid service prefix"
	case name == "" || strings.ContainsAny(name, ": \t\n"):
		return "is not service:action"
	}
	return ""
}

func isPrefixChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '*' || r == '?'
}

// checkResource: "*" or an ARN (wildcards allowed).
func checkResource(r string) string {
	if r == "*" || strings.HasPrefix(r, "arn:") {
		return ""
	}
	return `is neither "*" nor an ARN`
}

// conditionOperators are IAM's condition operators. Each but Null may end
// in IfExists, and each may start with ForAllValues: or ForAnyValue:.
var conditionOperators = []string{
	"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
	"StringLike", "StringNotLike",
	"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
	"NumericGreaterThan", "NumericGreaterThanEquals",
	"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
	"Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
	"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
	"Null",
}

// knownOperator reports whether op is a condition operator.
func knownOperator(op string) bool {
	_, _, _, ok := ParseOperator(op)
	return ok
}

// ParseOperator splits a condition operator such as
// ForAnyValue:StringLikeIfExists into its base operator, whether it ends
// in IfExists, and its set qualifier ("" when none); ok is false for an
// operator IAM does not know.
func ParseOperator(op string) (base string, ifExists bool, qualifier string, ok bool) {
	base = op
	if q, rest, found := strings.Cut(op, ":"); found {
		if q != "ForAnyValue" && q != "ForAllValues" {
			return "", false, "", false
		}
		qualifier, base = q, rest
	}
	if b, found := strings.CutSuffix(base, "IfExists"); found && b != "Null" {
		base, ifExists = b, true
	}
	return base, ifExists, qualifier, slices.Contains(conditionOperators, base)
}

// condition checks Condition: operator -> condition key -> value(s).
func (c *checker) condition(path []any, v *value) {
	if v.kind != kObject {
		c.add(path, "Condition is "+v.kind.String(), `Write Condition as {"Operator": {"condition-key": "value"}}.`)
		return
	}
	for _, m := range v.members {
		p := at(path, m.key)
		if !knownOperator(m.key) {
			c.unknownKey(p, m.key, "Condition", conditionOperators)
			continue
		}
		if m.val.kind != kObject || len(m.val.members) == 0 {
			c.add(p, fmt.Sprintf("Condition operator %s holds %s", m.key, show(m.val)), fmt.Sprintf(`Write {"%s": {"condition-key": "value"}}.`, m.key))
			continue
		}
		for _, k := range m.val.members {
			c.conditionValue(at(p, k.key), k.key, k.val)
		}
	}
}

// conditionValue: a string, number or boolean, or a non-empty array of
// them.
func (c *checker) conditionValue(path []any, key string, v *value) {
	scalar := func(v *value) bool { return v.kind == kString || v.kind == kNumber || v.kind == kBool }
	ok := scalar(v)
	if v.kind == kArray {
		ok = len(v.items) > 0 && !slices.ContainsFunc(v.items, func(e *value) bool { return !scalar(e) })
	}
	if !ok || key == "" {
		c.add(path, fmt.Sprintf("the condition on %q has %s", key, show(v)), "Give a condition key a string, a number, a boolean, or an array of them.")
	}
}

// show writes a value for a message: a string quoted, else its kind.
func show(v *value) string {
	if v.kind == kString {
		return fmt.Sprintf("%q", v.str)
	}
	if v.kind == kObject && len(v.members) == 0 {
		return "an empty object"
	}
	return v.kind.String()
}
