package lint

import (
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/spec"
)

const scpType = "SERVICE_CONTROL_POLICY"

// Context is what a rule sees: the spec, where to report, and what rules
// share, computed once (OUs by path, parsed policy documents).
type Context struct {
	Spec     *spec.Spec
	rule     *Rule
	findings []Finding

	// orgctlActions are the calls orgctl makes through crossAccountRole.
	orgctlActions []string

	ous   map[string]*spec.OU
	docs  map[string]*document
	files map[string]*yaml.Node
}

func newContext(s *spec.Spec) *Context {
	c := &Context{Spec: s, ous: map[string]*spec.OU{}, docs: map[string]*document{}, files: map[string]*yaml.Node{}}
	s.WalkOUs(func(p string, ou *spec.OU, _ string) { c.ous[p] = ou })
	return c
}

// Report adds a finding of the running rule at a path of the spec's model.
func (c *Context) Report(at, format string, args ...any) {
	c.ReportAt(c.pos(at), at, format, args...)
}

// ReportAt adds a finding at pos; at is the model path kept for JSON.
func (c *Context) ReportAt(pos *diag.Pos, at, format string, args ...any) {
	c.findings = append(c.findings, Finding{Rule: c.rule.ID, Severity: c.rule.Severity,
		Message: fmt.Sprintf(format, args...), Path: at, Subject: pos})
}

// pos places a model path, falling back to the top of the spec file.
func (c *Context) pos(at string) *diag.Pos {
	if p := c.Spec.Locs.Pos(at); p != nil {
		return p
	}
	return &diag.Pos{File: c.Spec.File, Line: 1, Col: 1}
}

// Section is a service section of the spec, looked up by path through
// spec's registry: registered says whether any service declares it (a
// spec cannot have it otherwise), value is the spec's section as plain
// JSON values (maps, slices), nil when the spec leaves it out. Rules read
// sections this way so that none depends on a service's Go types.
func (c *Context) Section(at string) (registered bool, value any) {
	for _, sec := range spec.Sections() {
		if sec.Path == at {
			registered = true
		}
	}
	v := c.Spec.Section(at)
	if v == nil {
		return registered, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return registered, nil
	}
	var out any
	if json.Unmarshal(b, &out) != nil || out == nil {
		return registered, map[string]any{}
	}
	return registered, out
}

// nonEmpty reports whether a section's value holds anything: a list with
// items, or a mapping with a non-empty value.
func nonEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case []any:
		return len(t) > 0
	case map[string]any:
		for _, x := range t {
			if nonEmpty(x) {
				return true
			}
		}
		return false
	case string:
		return t != ""
	default:
		return true
	}
}

// str returns m[key] as a string.
func str(v any, key string) string {
	m, _ := v.(map[string]any)
	s, _ := m[key].(string)
	return s
}

// sectionPos places a section, or where it would go: security for a
// security service, else the top of the file.
func (c *Context) sectionPos(at string) string {
	if _, ok := c.Spec.Locs[at]; ok {
		return at
	}
	if parent, _ := splitPath(at); parent != "" {
		if _, ok := c.Spec.Locs[parent]; ok {
			return parent
		}
	}
	return ""
}

func splitPath(p string) (parent, key string) {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '.' {
			return p[:i], p[i+1:]
		}
	}
	return "", p
}

// securityAccount is security.admin's account, or nil.
func (c *Context) securityAccount() *spec.Account {
	a, ok := c.Spec.Account(c.Spec.Security.Admin)
	if !ok {
		return nil
	}
	return a
}

// attachedSCPs lists the SCPs attached directly to a target: those its
// list names, or FullAWSAccess, which AWS keeps attached when none is.
func (c *Context) attachedSCPs(names []string) []string {
	var out []string
	for _, n := range names {
		if t, _ := c.Spec.PolicyTypeOf(n); t == scpType {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		out = []string{"FullAWSAccess"}
	}
	return out
}

// scp is an SCP that applies to a target, and where it is attached.
type scp struct {
	name  string
	where string // the model path of the attachment list
}

// effectiveSCPs lists the SCPs that apply to an OU (by path) or, with
// account set, to an account in it: the root's, each ancestor's, its own.
func (c *Context) effectiveSCPs(ouPath string, account *spec.Account, accountAt string) []scp {
	out := []scp{}
	add := func(names []string, where string) {
		for _, n := range c.attachedSCPs(names) {
			out = append(out, scp{n, where})
		}
	}
	add(c.Spec.Organization.Policies, "organization.policies")
	c.Spec.WalkOUs(func(p string, ou *spec.OU, loc string) {
		if p == ouPath || isAncestor(p, ouPath) {
			add(ou.Policies, loc+".policies")
		}
	})
	if account != nil {
		add(account.Policies, accountAt+".policies")
	}
	return out
}

func isAncestor(a, b string) bool {
	return len(b) > len(a) && b[:len(a)] == a && b[len(a)] == '/'
}

// accountAt returns the model path of the account named name.
func (c *Context) accountAt(name string) string {
	for i := range c.Spec.Accounts {
		if c.Spec.Accounts[i].Name == name {
			return fmt.Sprintf("accounts[%d]", i)
		}
	}
	return ""
}

// policyAt returns the model path of the declared policy named name.
func (c *Context) policyAt(name string) (string, int) {
	for i := range c.Spec.Policies {
		if c.Spec.Policies[i].Name == name {
			return fmt.Sprintf("policies[%d]", i), i
		}
	}
	return "", -1
}

// roleARN is the ARN of a role in an account the spec cannot number:
// conditions on aws:PrincipalArn match it by pattern.
func roleARN(role string) string {
	return "arn:aws:iam::111122223333:role/" + role
}
