package importer

import (
	"cmp"
	"fmt"
	"github.com/orgctl/orgctl/spec"
	"maps"
	"slices"
	"strings"
	"unicode"

	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
)

// model is the organization as the spec will say it, with what cannot be
// said collected in notes.
type model struct {
	featureSet   string
	policyTypes  []string
	trusted      []string
	rootPolicies []string
	rootTags     map[string]string

	ous      map[string]*ouNode // by path
	top      []*ouNode
	accounts []*account
	policies []*policy
	// declared maps a policy key (scp/name) to the policy the spec
	// declares; byName the same by name.
	declared map[string]*policy
	byName   map[string]*policy

	// skipped lists what the spec leaves out, one line each.
	skipped []string
	// closed lists the closed accounts kept with closed: true.
	closed []string
	// delegations are the delegated administrators, by service then
	// account name.
	delegations []delegation
}

type delegation struct{ service, account string }

type ouNode struct {
	name, path string
	tags       map[string]string
	policies   []string
	children   []*ouNode
}

type account struct {
	name, email, ou string
	tags            map[string]string
	policies        []string
	closed          bool
	management      bool
}

type policy struct {
	name, typ, description, document string
	tags                             map[string]string
	file                             string // set by layout
}

// build turns live resources into a model.
func build(live []engine.Resource) *model {
	m := &model{ous: map[string]*ouNode{}, declared: map[string]*policy{}, byName: map[string]*policy{}}
	byKind := map[engine.Kind][]engine.Resource{}
	for _, r := range live {
		if r.Predicted {
			continue
		}
		byKind[r.Kind] = append(byKind[r.Kind], r)
	}
	for _, rs := range byKind {
		slices.SortFunc(rs, func(a, b engine.Resource) int { return strings.Compare(a.Key, b.Key) })
	}

	for _, r := range byKind[orgs.KindOrganization] {
		m.featureSet = r.Attrs.String(orgs.AttrFeatureSet)
		m.rootTags = m.tags("the root", r, true)
	}
	enabled := map[string]bool{}
	for _, r := range byKind[orgs.KindPolicyType] {
		enabled[r.Key] = true
	}
	for _, t := range facts.PolicyTypes {
		if enabled[t.Name] {
			m.policyTypes = append(m.policyTypes, t.Name)
		}
	}
	for _, r := range byKind[orgs.KindTrustedAccess] {
		m.trusted = append(m.trusted, r.Key)
	}
	m.buildOUs(byKind[orgs.KindOU])
	m.buildPolicies(byKind[orgs.KindPolicy], enabled)
	m.buildAccounts(byKind[orgs.KindAccount])
	m.buildAttachments(byKind[orgs.KindAttachment])
	m.buildDelegations(byKind[orgs.KindDelegatedAdmin])
	// What other services run is not written yet: the spec leaves it
	// alone until a section for it is added.
	for _, k := range slices.Sorted(maps.Keys(byKind)) {
		if !slices.Contains(orgKinds, k) {
			for _, r := range byKind[k] {
				m.skip("%s %s: import does not write it yet, and a spec without its service's section leaves it alone", k, r.Key)
			}
		}
	}
	slices.Sort(m.skipped)
	return m
}

// orgKinds are the kinds import writes.
var orgKinds = []engine.Kind{orgs.KindOrganization, orgs.KindPolicyType, orgs.KindTrustedAccess, orgs.KindOU,
	orgs.KindPolicy, orgs.KindAccount, orgs.KindAttachment, orgs.KindDelegatedAdmin}

func (m *model) skip(format string, args ...any) {
	m.skipped = append(m.skipped, fmt.Sprintf(format, args...))
}

// tags returns tags without orgctl's reserved ones. On the root those are
// orgctl's own records and go unsaid; elsewhere the spec may not hold them,
// so they are listed.
func (m *model) tags(what string, r engine.Resource, root bool) map[string]string {
	if owner := r.Attrs.String(engine.AttrOwner); owner != "" {
		m.skip("tag %s=%s on %s: the spec keeps %s for orgctl, and another tool may manage this; with --adopt, the first apply retags it %s=%s",
			facts.ManagedTagKey, quote(owner), what, facts.ManagedTagKey, facts.ManagedTagKey, facts.ManagedTagValue)
	}
	tags := r.Attrs.Map(engine.AttrTags)
	out := map[string]string{}
	for _, k := range sortedKeys(tags) {
		if why := textProblem(k); why != "" {
			m.skip("tag %s on %s: the spec refuses its key: %s", quote(k), what, why)
			continue
		}
		if why := textProblem(tags[k]); why != "" {
			m.skip("tag %s on %s: the spec refuses its value: %s", quote(k), what, why)
			continue
		}
		if strings.HasPrefix(k, facts.ReservedTagPrefix) {
			if !root {
				m.skip("tag %s on %s: keys starting with %s are reserved for orgctl", quote(k), what, facts.ReservedTagPrefix)
			}
			continue
		}
		out[k] = tags[k]
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (m *model) buildOUs(rs []engine.Resource) {
	var bad []string    // paths of OUs left out, with everything below them
	var hidden []string // every OU left out
	under := func(path string) bool {
		for _, b := range bad {
			if strings.HasPrefix(path, b+"/") {
				return true
			}
		}
		return false
	}
	// Sorted by key, a parent comes before its children.
	for _, r := range rs {
		name := r.Attrs.String(engine.AttrName)
		switch {
		case under(r.Key):
			hidden = append(hidden, r.Key)
			continue
		case name == "" || strings.Contains(name, "/") || !strings.HasSuffix(r.Key, name):
			bad = append(bad, r.Key)
			hidden = append(hidden, r.Key)
			m.skip("OU %s and everything in it: its name contains /, which the spec uses to separate the levels of a path", quote(r.Key))
			continue
		case textProblem(name) != "":
			bad = append(bad, r.Key)
			hidden = append(hidden, r.Key)
			m.skip("OU %s and everything in it: the spec refuses its name: %s", quote(r.Key), textProblem(name))
			continue
		}
		ou := &ouNode{name: name, path: r.Key, tags: m.tags("OU "+quote(r.Key), r, false)}
		parent := strings.TrimSuffix(strings.TrimSuffix(r.Key, name), "/")
		if parent == "" {
			m.top = append(m.top, ou)
		} else if p := m.ous[parent]; p != nil {
			p.children = append(p.children, ou)
		} else {
			m.skip("OU %s: its parent %s was not read", quote(r.Key), quote(parent))
			continue
		}
		m.ous[r.Key] = ou
	}
	// Skipped paths stay known so that accounts in them are reported.
	for _, h := range hidden {
		m.ous[h] = nil
	}
}

func (m *model) buildPolicies(rs []engine.Resource, enabled map[string]bool) {
	// Spec policy names are unique across types: keep the first by type
	// order, then name.
	slices.SortStableFunc(rs, func(a, b engine.Resource) int {
		return typeIndex(a.Attrs.String(orgs.AttrType)) - typeIndex(b.Attrs.String(orgs.AttrType))
	})
	names := map[string]string{}
	for _, r := range rs {
		name, typ := r.Attrs.String(engine.AttrName), r.Attrs.String(orgs.AttrType)
		what := fmt.Sprintf("%s %s", typ, quote(name))
		switch {
		case name == facts.LockPolicyName:
			continue // orgctl's apply lock
		case facts.AWSManagedPolicies[name] != "":
			m.skip("policy %s: the name is reserved for the AWS-managed policy", what)
			continue
		case !enabled[typ]:
			m.skip("policy %s: its type is not enabled, and the spec declares policies of enabled types only", what)
			continue
		case names[name] != "":
			m.skip("policy %s: a %s has the same name, and spec policy names are unique", what, names[name])
			continue
		case textProblem(name) != "":
			m.skip("policy %s: the spec refuses its name: %s", what, textProblem(name))
			continue
		case textProblem(descriptionText(r.Attrs.String(orgs.AttrDescription))) != "":
			m.skip("policy %s: the spec refuses its description: %s", what, textProblem(descriptionText(r.Attrs.String(orgs.AttrDescription))))
			continue
		}
		names[name] = typ
		p := &policy{
			name: name, typ: typ,
			description: r.Attrs.String(orgs.AttrDescription),
			document:    r.Attrs.String(orgs.AttrDocument),
			tags:        m.tags("policy "+what, r, false),
		}
		m.policies = append(m.policies, p)
		m.declared[r.Key] = p
		m.byName[name] = p
	}
}

func (m *model) buildAccounts(rs []engine.Resource) {
	// Spec account names are unique: the management account first, then
	// active accounts, keep theirs.
	rank := func(r engine.Resource) int {
		switch {
		case r.Attrs.Bool(orgs.AttrManagement):
			return 0
		case !r.Attrs.Bool(orgs.AttrClosed):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(rs, func(a, b engine.Resource) int { return rank(a) - rank(b) })
	names := map[string]string{}
	for _, r := range rs {
		name, email, ou := r.Attrs.String(engine.AttrName), r.Attrs.String(orgs.AttrEmail), r.Attrs.String(orgs.AttrOU)
		what := fmt.Sprintf("account %s <%s>", quote(name), email)
		if node, known := m.ous[ou]; ou != "" && node == nil {
			if known {
				m.skip("%s: it is in OU %s, which the spec cannot express", what, quote(ou))
			} else {
				m.skip("%s: its OU %s was not read", what, quote(ou))
			}
			continue
		}
		why := badAccountName(name)
		if why == "" {
			why = badAccountEmail(email)
		}
		if why != "" {
			m.skip("%s: %s", what, why)
			continue
		}
		if first, dup := names[name]; dup {
			m.skip("%s: account <%s> has the same name, and spec account names are unique", what, first)
			continue
		}
		names[name] = email
		a := &account{
			name: name, email: email, ou: ou,
			tags:       m.tags(what, r, false),
			closed:     r.Attrs.Bool(orgs.AttrClosed),
			management: r.Attrs.Bool(orgs.AttrManagement),
		}
		if a.closed {
			m.closed = append(m.closed, fmt.Sprintf("%s (%s)", what, strings.ToLower(r.Attrs.String("state"))))
		}
		m.accounts = append(m.accounts, a)
	}
	slices.Sort(m.closed)
	slices.SortFunc(m.accounts, func(a, b *account) int {
		if c := strings.Compare(a.ou, b.ou); c != 0 {
			return c
		}
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(a.email, b.email)
	})
}

// badAccountName says why the spec rejects an account name, or "".
func badAccountName(name string) string {
	switch {
	case name == "":
		return "it has no name"
	case len(name) > 50:
		return "its name is longer than the 50 characters the spec allows"
	case strings.IndexFunc(name, func(c rune) bool { return c < 0x20 || c > 0x7e }) >= 0:
		return "its name has characters outside printable ASCII, which the spec does not allow"
	}
	return ""
}

// badAccountEmail says why the spec rejects an account email, or "": AWS's
// pattern lets through a few the spec's stricter rule refuses.
func badAccountEmail(email string) string {
	local, domain, _ := strings.Cut(email, "@")
	switch {
	case len(email) < 6 || len(email) > 64:
		return "its email is not 6 to 64 characters long, as the spec requires"
	case strings.ContainsFunc(email, unicode.IsSpace) || strings.Count(email, "@") != 1 || local == "" ||
		!strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, ".."):
		return "its email is not one the spec accepts (one @, a domain with a dot, no spaces)"
	}
	return ""
}

func (m *model) buildAttachments(rs []engine.Resource) {
	accounts := map[string]*account{}
	for _, a := range m.accounts {
		accounts[orgs.AccountKey(a.email)] = a
	}
	implied := map[string]bool{} // non-detachable defaults: on every target
	for _, t := range facts.PolicyTypes {
		if t.Default != "" && !t.DefaultDetachable {
			implied[t.Default] = true
		}
	}
	for _, r := range rs {
		name, typ, target := r.Attrs.String(orgs.AttrPolicy), r.Attrs.String(orgs.AttrPolicyType), r.Attrs.String(orgs.AttrTarget)
		if implied[name] || name == facts.LockPolicyName {
			continue
		}
		var list *[]string
		switch ref := orgs.TargetRef(target); {
		case ref == orgs.Organization:
			list = &m.rootPolicies
		case ref.Kind == orgs.KindOU:
			if ou := m.ous[ref.Key]; ou != nil {
				list = &ou.policies
			}
		case ref.Kind == orgs.KindAccount:
			if a := accounts[ref.Key]; a != nil {
				list = &a.policies
			}
		}
		if list == nil {
			continue // the target is left out and listed already
		}
		if _, aws := facts.AWSManagedPolicies[name]; !aws && m.declared[orgs.PolicyKey(typ, name)] == nil {
			m.skip("attachment of %s %s to %s: the policy is left out (see above), so a plan with this spec detaches it", typ, quote(name), quote(target))
			continue
		}
		*list = append(*list, name)
	}
	sortPolicies := func(l []string) {
		slices.SortFunc(l, func(a, b string) int {
			if c := m.policyRank(a) - m.policyRank(b); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})
	}
	sortPolicies(m.rootPolicies)
	for _, ou := range m.ous {
		if ou != nil {
			sortPolicies(ou.policies)
		}
	}
	for _, a := range m.accounts {
		a.policies = m.dropImpliedDefault(a.policies)
		sortPolicies(a.policies)
	}
}

// dropImpliedDefault leaves out a detachable default (FullAWSAccess) when
// it is the only policy of its type on an account: a target that lists
// none of the type gets it anyway, and most accounts have just that.
func (m *model) dropImpliedDefault(names []string) []string {
	for _, t := range facts.PolicyTypes {
		if t.Default == "" || !t.DefaultDetachable || !slices.Contains(names, t.Default) {
			continue
		}
		alone := true
		for _, n := range names {
			if p := m.byName[n]; p != nil && p.typ == t.Name {
				alone = false
			}
		}
		if alone {
			names = slices.DeleteFunc(names, func(n string) bool { return n == t.Default })
		}
	}
	return names
}

// policyRank orders a target's policies: by type, AWS-managed first.
func (m *model) policyRank(name string) int {
	if typ, ok := facts.AWSManagedPolicies[name]; ok {
		return 2 * typeIndex(typ)
	}
	if p := m.byName[name]; p != nil {
		return 2*typeIndex(p.typ) + 1
	}
	return 1 << 20
}

func typeIndex(typ string) int {
	for i, t := range facts.PolicyTypes {
		if t.Name == typ {
			return i
		}
	}
	return len(facts.PolicyTypes)
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}

// quote writes a name so that it reads unambiguously in a comment.
func quote(s string) string { return fmt.Sprintf("%q", s) }

// textProblem says why the spec refuses text AWS holds (an invisible or
// control character), or "".
func textProblem(s string) string { return spec.TextProblem(s) }

// descriptionText is a description as the spec checks it: line breaks and
// tabs are allowed there.
func descriptionText(s string) string { return strings.NewReplacer("\n", "", "\t", "").Replace(s) }

// buildDelegations keeps the delegated administrators whose account the
// spec holds, by name.
func (m *model) buildDelegations(rs []engine.Resource) {
	names := map[string]string{} // account key -> name
	for _, a := range m.accounts {
		names[orgs.AccountKey(a.email)] = a.name
	}
	for _, r := range rs {
		service, email := r.Attrs.String(orgs.AttrPrincipal), r.Attrs.String(orgs.AttrAccount)
		name, ok := names[orgs.AccountKey(email)]
		switch {
		case !ok:
			m.skip("delegated administrator %s for %s: its account is left out (see above)", email, service)
		case !slices.Contains(m.trusted, service):
			m.skip("delegated administrator %s for %s: the service has no trusted access, which the spec requires", email, service)
		default:
			m.delegations = append(m.delegations, delegation{service: service, account: name})
		}
	}
	slices.SortFunc(m.delegations, func(a, b delegation) int {
		return cmp.Or(strings.Compare(a.service, b.service), strings.Compare(a.account, b.account))
	})
}
