package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

// render lays the model out as files, by slash-separated path.
func (m *model) render(o Options) (map[string][]byte, error) {
	files := map[string][]byte{}
	m.layoutPolicies(files)

	split := len(m.accounts) > o.splitThreshold()
	doc := &yaml.Node{Kind: yaml.MappingNode}
	put(doc, "version", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "1"})
	if split {
		put(doc, "include", seq([]string{"accounts/*.yaml"}))
	}
	if o.Adopt {
		settings := &yaml.Node{Kind: yaml.MappingNode}
		put(settings, "adopt", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		put(doc, "settings", settings)
	}
	put(doc, "organization", m.organizationNode())
	if len(m.top) > 0 {
		put(doc, "organizationalUnits", ouList(m.top))
	}
	if split {
		for name, accounts := range m.accountFiles() {
			f := &yaml.Node{Kind: yaml.MappingNode}
			put(f, "version", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: "1"})
			put(f, "accounts", accountList(accounts))
			b, err := encode(f)
			if err != nil {
				return nil, err
			}
			head := "# yaml-language-server: $schema=../schema.json\n#\n" +
				fmt.Sprintf("# Accounts of %s, written by orgctl import.\n", accountFileSubject(accounts)) +
				"# org.yaml includes every accounts/*.yaml.\n"
			files[name] = append([]byte(head), b...)
		}
	} else if len(m.accounts) > 0 {
		put(doc, "accounts", accountList(m.accounts))
	}
	if len(m.policies) > 0 {
		put(doc, "policies", m.policyList())
	}
	b, err := encode(doc)
	if err != nil {
		return nil, err
	}
	files["org.yaml"] = append([]byte(m.header(o, split)), b...)
	files["schema.json"] = o.schema()
	return files, nil
}

// header is the comment block that starts org.yaml.
func (m *model) header(o Options, split bool) string {
	var b strings.Builder
	line := func(format string, args ...any) {
		s := fmt.Sprintf(format, args...)
		s = strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
		b.WriteString(strings.TrimRight("# "+s, " ") + "\n")
	}
	b.WriteString("# yaml-language-server: $schema=schema.json\n")
	line("")
	line("Written by orgctl import: %d OUs, %d accounts, %d policies.", m.countOUs(), len(m.accounts), len(m.policies))
	if split {
		line("Accounts are in accounts/, one file per top-level OU (root.yaml: those in the root).")
	}
	line("Policy documents are in policies/; AWS-managed policies are referenced by name.")
	if o.Adopt {
		line("")
		line("settings.adopt: the next apply tags every OU, policy and account of this spec")
		line("%s=%s. They are then orgctl's: an OU or policy removed from the spec is", facts.ManagedTagKey, facts.ManagedTagValue)
		line("deleted (with settings.prune, the default, and apply --allow-destroy).")
	}
	if len(m.skipped) > 0 {
		line("")
		line("Not in this spec, because the spec cannot express it. orgctl leaves what the")
		line("spec does not mention alone (plan reports it as unmanaged), unless a line says")
		line("otherwise:")
		for _, s := range m.skipped {
			line("  - %s", s)
		}
	}
	if len(m.closed) > 0 {
		line("")
		line("Closed accounts, kept with closed: true until AWS removes them:")
		for _, s := range m.closed {
			line("  - %s", s)
		}
	}
	return b.String()
}

func (m *model) countOUs() int {
	n := 0
	for _, ou := range m.ous {
		if ou != nil {
			n++
		}
	}
	return n
}

func (m *model) organizationNode() *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	fs := m.featureSet
	if fs == "" {
		fs = spec.DefaultFeatureSet
	}
	put(n, "featureSet", str(fs))
	if len(m.policyTypes) > 0 {
		put(n, "policyTypes", seq(m.policyTypes))
	}
	if len(m.trusted) > 0 {
		put(n, "trustedAccess", seq(m.trusted))
	}
	if len(m.rootPolicies) > 0 {
		put(n, "policies", seq(m.rootPolicies))
	}
	if len(m.rootTags) > 0 {
		put(n, "tags", tagMap(m.rootTags))
	}
	if len(m.delegations) > 0 {
		l := &yaml.Node{Kind: yaml.SequenceNode}
		for _, d := range m.delegations {
			e := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
			put(e, "service", str(d.service))
			put(e, "account", str(d.account))
			l.Content = append(l.Content, e)
		}
		put(n, "delegatedAdministrators", l)
	}
	return n
}

func ouList(ous []*ouNode) *yaml.Node {
	l := &yaml.Node{Kind: yaml.SequenceNode}
	for _, ou := range ous {
		n := &yaml.Node{Kind: yaml.MappingNode}
		put(n, "name", str(ou.name))
		if len(ou.policies) > 0 {
			put(n, "policies", seq(ou.policies))
		}
		if len(ou.tags) > 0 {
			put(n, "tags", tagMap(ou.tags))
		}
		if len(ou.children) > 0 {
			put(n, "children", ouList(ou.children))
		}
		l.Content = append(l.Content, n)
	}
	return l
}

func accountList(accounts []*account) *yaml.Node {
	l := &yaml.Node{Kind: yaml.SequenceNode}
	for _, a := range accounts {
		n := &yaml.Node{Kind: yaml.MappingNode}
		if a.management {
			n.HeadComment = "The management account."
		}
		put(n, "name", str(a.name))
		put(n, "email", str(a.email))
		if a.ou != "" {
			put(n, "ou", str(a.ou))
		}
		if len(a.tags) > 0 {
			put(n, "tags", tagMap(a.tags))
		}
		if len(a.policies) > 0 {
			put(n, "policies", seq(a.policies))
		}
		if a.closed {
			put(n, "closed", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
		}
		l.Content = append(l.Content, n)
	}
	return l
}

func (m *model) policyList() *yaml.Node {
	ps := slices.Clone(m.policies)
	slices.SortFunc(ps, func(a, b *policy) int {
		if c := typeIndex(a.typ) - typeIndex(b.typ); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	l := &yaml.Node{Kind: yaml.SequenceNode}
	for _, p := range ps {
		n := &yaml.Node{Kind: yaml.MappingNode}
		put(n, "name", str(p.name))
		put(n, "type", str(p.typ))
		if p.description != "" {
			put(n, "description", str(p.description))
		}
		put(n, "file", str(p.file))
		if len(p.tags) > 0 {
			put(n, "tags", tagMap(p.tags))
		}
		l.Content = append(l.Content, n)
	}
	return l
}

// layoutPolicies names each policy's file and writes it: policies/NAME.json,
// the name made safe for file systems, unique even where names differ in
// case only.
func (m *model) layoutPolicies(files map[string][]byte) {
	ps := slices.Clone(m.policies)
	slices.SortFunc(ps, func(a, b *policy) int { return strings.Compare(a.name, b.name) })
	taken := map[string]bool{}
	for _, p := range ps {
		p.file = "policies/" + unique(slug(p.name, "policy"), taken) + ".json"
		files[p.file] = prettyJSON(p.document)
	}
}

// accountFiles groups the accounts by top-level OU: accounts/root.yaml for
// those in the root, accounts/<OU>.yaml for each top-level OU.
func (m *model) accountFiles() map[string][]*account {
	groups := map[string][]*account{}
	for _, a := range m.accounts {
		top, _, _ := strings.Cut(a.ou, "/")
		groups[top] = append(groups[top], a)
	}
	taken := map[string]bool{"root": true}
	out := map[string][]*account{}
	if g, ok := groups[""]; ok {
		out["accounts/root.yaml"] = g
	}
	for _, top := range sortedGroupKeys(groups) {
		if top == "" {
			continue
		}
		out["accounts/"+unique(slug(top, "ou"), taken)+".yaml"] = groups[top]
	}
	return out
}

func sortedGroupKeys(m map[string][]*account) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func accountFileSubject(accounts []*account) string {
	top, _, _ := strings.Cut(accounts[0].ou, "/")
	if top == "" {
		return "the root"
	}
	return "OU " + quote(top) + " and the OUs below it"
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// slug makes a name safe as a file name on any file system: ASCII letters,
// digits, . _ -; no leading dot; at most 100 characters.
func slug(name, fallback string) string {
	s := unsafeChars.ReplaceAllString(name, "-")
	s = strings.Trim(s, "-.")
	if len(s) > 100 {
		s = strings.TrimRight(s[:100], "-.")
	}
	if s == "" {
		return fallback
	}
	return s
}

// unique returns s, or s-2, s-3, ... when s is taken, compared without
// regard to case (macOS and Windows file systems ignore it).
func unique(s string, taken map[string]bool) string {
	out := s
	for i := 2; taken[strings.ToLower(out)]; i++ {
		out = fmt.Sprintf("%s-%d", s, i)
	}
	taken[strings.ToLower(out)] = true
	return out
}

// prettyJSON indents a document in its own key order; text that is not
// JSON is written as it is.
func prettyJSON(doc string) []byte {
	var compact, out bytes.Buffer
	if err := json.Compact(&compact, []byte(doc)); err != nil {
		return []byte(doc + "\n")
	}
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return []byte(doc + "\n")
	}
	out.WriteByte('\n')
	return out.Bytes()
}

// put appends key: value to a mapping node.
func put(m *yaml.Node, key string, value *yaml.Node) {
	m.Content = append(m.Content, str(key), value)
}

// yaml11Words are plain scalars that YAML 1.1 readers take for booleans or
// null; they are quoted so every YAML reader sees strings.
var yaml11Words = map[string]bool{
	"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true,
	"true": true, "false": true, "null": true, "~": true,
}

func str(v string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	if yaml11Words[strings.ToLower(v)] {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// flowWidth is how long a list or map may be to be written on one line.
const flowWidth = 80

func seq(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode}
	width := 0
	for _, it := range items {
		n.Content = append(n.Content, str(it))
		width += len(it) + 2
	}
	if width <= flowWidth {
		n.Style = yaml.FlowStyle
	}
	return n
}

func tagMap(tags map[string]string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	width := 0
	for _, k := range sortedKeys(tags) {
		put(n, k, str(tags[k]))
		width += len(k) + len(tags[k]) + 4
	}
	if width <= flowWidth {
		n.Style = yaml.FlowStyle
	}
	return n
}

// encode writes a document with two-space indents and a blank line
// before each top-level key after the first and between the items of
// top-level lists, for reading.
func encode(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{doc}}); err != nil {
		return nil, fmt.Errorf("writing YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing YAML: %w", err)
	}
	var out bytes.Buffer
	prev := ""
	for _, l := range strings.SplitAfter(buf.String(), "\n") {
		topKey := len(l) > 0 && (l[0] >= 'a' && l[0] <= 'z' || l[0] >= 'A' && l[0] <= 'Z')
		item := strings.HasPrefix(l, "  - ") || strings.HasPrefix(l, "  # ")
		afterItemStart := strings.HasSuffix(prev, ":\n") || strings.HasPrefix(prev, "  # ")
		if prev != "" && (topKey || item && !afterItemStart) {
			out.WriteByte('\n')
		}
		out.WriteString(l)
		prev = l
	}
	return out.Bytes(), nil
}
