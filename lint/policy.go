package lint

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/policygrammar"
)

// document is a parsed IAM-grammar policy (SCP or RCP).
type document struct {
	policy     string // the policy's name
	at         string // its model path, policies[2]
	statements []*statement
	node       *yaml.Node // the document's source, when it can be found
	file       string
}

// statement is one statement of a document, its lists normalised.
type statement struct {
	index                 int
	sid                   string
	effect                string
	action, notAction     []string
	hasAction, hasNotAct  bool
	resource, notResource []string
	hasResource           bool
	principal             any
	// condition maps operator -> key -> values, as written.
	condition map[string]map[string][]string
	raw       map[string]any
}

// doc returns the parsed document of the declared policy named name, or
// nil for an AWS-managed policy, another policy type or a document that
// does not parse.
func (c *Context) doc(name string) *document {
	if d, ok := c.docs[name]; ok {
		return d
	}
	var d *document
	if at, i := c.policyAt(name); i >= 0 {
		p := &c.Spec.Policies[i]
		if p.Type == scpType || p.Type == "RESOURCE_CONTROL_POLICY" {
			d = parseDocument(p.Content)
			if d != nil {
				d.policy, d.at = name, at
				d.node, d.file = c.documentNode(i)
			}
		}
	}
	c.docs[name] = d
	return d
}

func parseDocument(content string) *document {
	var raw map[string]any
	if json.Unmarshal([]byte(content), &raw) != nil {
		return nil
	}
	d := &document{}
	var list []any
	switch st := raw["Statement"].(type) {
	case []any:
		list = st
	case map[string]any:
		list = []any{st}
	}
	for i, x := range list {
		m, ok := x.(map[string]any)
		if !ok {
			continue
		}
		s := &statement{index: i, raw: m, condition: map[string]map[string][]string{}}
		s.sid, _ = m["Sid"].(string)
		s.effect, _ = m["Effect"].(string)
		s.action, s.hasAction = strings1(m, "Action")
		s.notAction, s.hasNotAct = strings1(m, "NotAction")
		s.resource, s.hasResource = strings1(m, "Resource")
		s.notResource, _ = strings1(m, "NotResource")
		s.principal = m["Principal"]
		if cond, ok := m["Condition"].(map[string]any); ok {
			for op, keys := range cond {
				km, _ := keys.(map[string]any)
				s.condition[op] = map[string][]string{}
				for k, v := range km {
					s.condition[op][k] = values(v)
				}
			}
		}
		d.statements = append(d.statements, s)
	}
	return d
}

// strings1 reads a string-or-list element.
func strings1(m map[string]any, key string) ([]string, bool) {
	v, ok := m[key]
	if !ok {
		return nil, false
	}
	return values(v), true
}

func values(v any) []string {
	switch t := v.(type) {
	case string:
		return []string{t}
	case bool:
		return []string{fmt.Sprint(t)}
	case float64, json.Number:
		return []string{fmt.Sprint(t)}
	case []any:
		out := make([]string, 0, len(t))
		for _, x := range t {
			out = append(out, values(x)...)
		}
		return out
	}
	return nil
}

// wildcard matches s against an IAM pattern (* and ?), case-insensitively
// as IAM compares action names.
func wildcard(pattern, s string) bool {
	ok, err := path.Match(strings.ToLower(strings.ReplaceAll(pattern, "/", "\x00")), strings.ToLower(strings.ReplaceAll(s, "/", "\x00")))
	return err == nil && ok
}

// wildcardCase is wildcard for values compared case-sensitively (ARNs,
// StringLike).
func wildcardCase(pattern, s string) bool {
	ok, err := path.Match(strings.ReplaceAll(pattern, "/", "\x00"), strings.ReplaceAll(s, "/", "\x00"))
	return err == nil && ok
}

// coversAction reports whether the statement's Action (or NotAction)
// covers action.
func (s *statement) coversAction(action string) bool {
	if s.hasNotAct {
		for _, p := range s.notAction {
			if wildcard(p, action) {
				return false
			}
		}
		return true
	}
	for _, p := range s.action {
		if wildcard(p, action) {
			return true
		}
	}
	return false
}

// anyResource reports whether the statement applies to every resource.
func (s *statement) anyResource() bool {
	for _, r := range s.resource {
		if r == "*" {
			return true
		}
	}
	return !s.hasResource && len(s.notResource) == 0
}

// usesKey reports whether a condition of the statement tests key.
func (s *statement) usesKey(key string) bool {
	for _, keys := range s.condition {
		for k := range keys {
			if strings.EqualFold(k, key) {
				return true
			}
		}
	}
	return false
}

// request is what a statement is evaluated against: condition keys
// (lower case) and their values. Keys it does not hold are absent from
// the request, as in AWS.
type request map[string]string

// modelled are the condition keys lint can evaluate; a condition on any
// other key leaves a statement's outcome unknown.
var modelled = map[string]bool{"aws:requestedregion": true, "aws:principalarn": true}

// conditionsHold evaluates the statement's conditions against req: holds
// is the outcome when known is true; known is false when a condition
// tests a key or uses an operator lint does not model.
func (s *statement) conditionsHold(req request) (holds, known bool) {
	for op, keys := range s.condition {
		for k, vals := range keys {
			lk := strings.ToLower(k)
			base, ifExists, qualifier, ok := policygrammar.ParseOperator(op)
			if !ok || !modelled[lk] || qualifier == "ForAllValues" {
				return false, false
			}
			v, present := req[lk]
			if base == "Null" {
				want := len(vals) > 0 && strings.EqualFold(vals[0], "true")
				if present == want {
					return false, true
				}
				continue
			}
			if !present {
				if ifExists {
					continue
				}
				return false, true
			}
			r, ok := compare(base, v, vals)
			if !ok {
				return false, false
			}
			if !r {
				return false, true
			}
		}
	}
	return true, true
}

// compare applies a string or ARN operator to one request value.
func compare(base, v string, vals []string) (bool, bool) {
	any := func(f func(p string) bool) bool {
		for _, p := range vals {
			if f(p) {
				return true
			}
		}
		return false
	}
	switch base {
	case "StringEquals", "ArnEquals":
		return any(func(p string) bool { return p == v }), true
	case "StringNotEquals", "ArnNotEquals":
		return !any(func(p string) bool { return p == v }), true
	case "StringEqualsIgnoreCase":
		return any(func(p string) bool { return strings.EqualFold(p, v) }), true
	case "StringNotEqualsIgnoreCase":
		return !any(func(p string) bool { return strings.EqualFold(p, v) }), true
	case "StringLike", "ArnLike":
		return any(func(p string) bool { return wildcardCase(p, v) }), true
	case "StringNotLike", "ArnNotLike":
		return !any(func(p string) bool { return wildcardCase(p, v) }), true
	}
	return false, false
}

// denies reports whether the statement, a Deny, certainly denies action
// on every resource to req. An outcome lint cannot know is not a denial.
func (s *statement) denies(action string, req request) bool {
	if s.effect != "Deny" || !s.coversAction(action) || !s.anyResource() {
		return false
	}
	holds, known := s.conditionsHold(req)
	return known && holds
}

// documentNode finds the source of policy i's document: its file, or
// the document written inline in the spec.
func (c *Context) documentNode(i int) (*yaml.Node, string) {
	p := &c.Spec.Policies[i]
	at := fmt.Sprintf("policies[%d]", i)
	if p.File != "" {
		pos := c.Spec.Locs.Pos(at + ".file")
		if pos == nil {
			return nil, ""
		}
		file := path.Join(path.Dir(pos.File), p.File)
		if n := c.parse(file); n != nil {
			return n, file
		}
		return nil, ""
	}
	pos, ok := c.Spec.Locs[at+".document"]
	if !ok {
		return nil, ""
	}
	root := c.parse(pos.File)
	if n := nodeAt(root, pos.Line, pos.Col); n != nil && n.Kind == yaml.MappingNode {
		return n, pos.File
	}
	return nil, ""
}

// parse reads a source file of the spec as YAML nodes, once.
func (c *Context) parse(file string) *yaml.Node {
	if n, ok := c.files[file]; ok {
		return n
	}
	var root yaml.Node
	var n *yaml.Node
	if b, ok := c.Spec.Sources[file]; ok && yaml.Unmarshal(b, &root) == nil {
		n = &root
		if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
			n = n.Content[0]
		}
	}
	c.files[file] = n
	return n
}

// nodeAt finds the node that starts at line:col.
func nodeAt(n *yaml.Node, line, col int) *yaml.Node {
	if n == nil || n.Line > line {
		return nil
	}
	if n.Line == line && n.Column == col && n.Kind != yaml.ScalarNode {
		return n
	}
	for _, ch := range n.Content {
		if f := nodeAt(ch, line, col); f != nil {
			return f
		}
	}
	return nil
}

// value returns the value node of key in a mapping.
func value(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// stmtPos places statement s of d, or an element of it (key: Action,
// Condition), falling back to the statement, then to the policy.
func (c *Context) stmtPos(d *document, s *statement, key string) (*diag.Pos, string) {
	at := fmt.Sprintf("%s.Statement[%d]", d.at, s.index)
	_, list := value(d.node, "Statement")
	var sn *yaml.Node
	switch {
	case list == nil:
	case list.Kind == yaml.SequenceNode && s.index < len(list.Content):
		sn = list.Content[s.index]
	case list.Kind == yaml.MappingNode:
		sn = list
	}
	if sn == nil {
		return c.pos(d.at), at
	}
	n := sn
	if key != "" {
		if k, _ := value(sn, key); k != nil {
			n, at = k, at+"."+key
		}
	}
	return &diag.Pos{File: d.file, Line: n.Line, Col: n.Column}, at
}

// reportStmt adds a finding at a statement of a document.
func (c *Context) reportStmt(d *document, s *statement, key, format string, args ...any) {
	pos, at := c.stmtPos(d, s, key)
	c.ReportAt(pos, at, format, args...)
}

// label names a statement for a message: policy region-guard, statement
// DenyOutsideRegions (or #2 without a Sid).
func (s *statement) label(d *document) string {
	if s.sid != "" {
		return fmt.Sprintf("policy %s, statement %s", d.policy, s.sid)
	}
	return fmt.Sprintf("policy %s, statement #%d", d.policy, s.index+1)
}
