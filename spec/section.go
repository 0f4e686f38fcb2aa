package spec

import (
	"slices"
	"strings"
)

// Section is a part of org.yaml that a service adds to the spec: the
// organization trail (cloudTrail), GuardDuty's settings (security.guardDuty).
// A service registers its sections from its model package; spec decodes,
// validates and describes them (schema.json) without naming any service.
type Section struct {
	// Path is where the section sits: a top-level key ("cloudTrail") or a
	// key of the security mapping ("security.guardDuty").
	Path string
	// New returns a pointer to a zero value of the section's type. Its
	// json tags are the YAML keys and its fields' doc comments the
	// schema's descriptions, as for the core model.
	New func() any
	// Source is the Go source that declares the section's types (its
	// go:embed), for the schema's descriptions.
	Source []byte
	// Check validates the decoded section (the pointer New returned).
	Check func(s *Spec, v any, r *Reporter)
	// TrustedAccess lists the service principals the section needs
	// trusted access for; orgctl gives it, as if the spec listed them.
	TrustedAccess func(v any) []string
}

// sectionParents are the places of the model that hold sections.
var sectionParents = []string{"", "security"}

var sections []Section

// RegisterSection adds a section to every spec; it is called from the init
// function of the service's model package. A path registered twice, one
// that is not at the top level or in security, or one that is a key of
// the core model is a programming error.
func RegisterSection(sec Section) {
	parent, key := splitSectionPath(sec.Path)
	if !slices.Contains(sectionParents, parent) || key == "" {
		panic("spec: section " + sec.Path + " is not a top-level key nor a key of security")
	}
	if _, ok := sectionAt(sec.Path); ok {
		panic("spec: section registered twice: " + sec.Path)
	}
	holder := specType
	if parent == "security" {
		holder = securityType
	}
	if _, core := structFields(holder).byName[key]; core {
		panic("spec: section " + sec.Path + " is a key of the core model")
	}
	if sec.New == nil || sec.Check == nil {
		panic("spec: section " + sec.Path + " needs New and Check")
	}
	// Kept sorted by path: packages initialise in an order that depends
	// on what imports them, and the schema must not.
	i, _ := slices.BinarySearchFunc(sections, sec.Path, func(s Section, path string) int { return strings.Compare(s.Path, path) })
	sections = slices.Insert(sections, i, sec)
}

// Sections lists the registered sections, sorted by path.
func Sections() []Section { return slices.Clone(sections) }

// sectionAt returns the section registered at path.
func sectionAt(path string) (Section, bool) {
	for _, s := range sections {
		if s.Path == path {
			return s, true
		}
	}
	return Section{}, false
}

// sectionKeys lists the keys registered below parent.
func sectionKeys(parent string) []string {
	var keys []string
	for _, s := range sections {
		if p, k := splitSectionPath(s.Path); p == parent {
			keys = append(keys, k)
		}
	}
	return keys
}

func splitSectionPath(path string) (parent, key string) {
	if i := strings.LastIndex(path, "."); i >= 0 {
		return path[:i], path[i+1:]
	}
	return "", path
}

// Section returns the decoded section at path (the pointer its New made),
// or nil when the spec does not have it.
func (s *Spec) Section(path string) any {
	return s.sections[path]
}

// SectionOf returns the section at path as a *T, or nil when the spec does
// not have it.
func SectionOf[T any](s *Spec, path string) *T {
	v, _ := s.Section(path).(*T)
	return v
}

// checkSections runs every present section's Check.
func checkSections(s *Spec, r *reporter) {
	for _, sec := range sections {
		if v := s.sections[sec.Path]; v != nil {
			sec.Check(s, v, &Reporter{r: r})
		}
	}
}

// impliedTrustedAccess lists the principals the spec's sections need.
func (s *Spec) impliedTrustedAccess() []string {
	var out []string
	for _, sec := range sections {
		if v := s.sections[sec.Path]; v != nil && sec.TrustedAccess != nil {
			out = append(out, sec.TrustedAccess(v)...)
		}
	}
	return out
}

// Reporter is how a section's Check reports problems: at a path of the
// model (security.guardDuty.features), which the spec turns into
// file:line:col.
type Reporter struct{ r *reporter }

// Errorf reports an error at at; detail says what to change.
func (r *Reporter) Errorf(at, detail, format string, args ...any) {
	r.r.errorf(at, detail, format, args...)
}

// Warnf reports a warning at at.
func (r *Reporter) Warnf(at, detail, format string, args ...any) {
	r.r.warnf(at, detail, format, args...)
}

// Where names the place of at as file:line:col, for a message.
func (r *Reporter) Where(at string) string { return r.r.where(at) }

// DidYouMean is " Did you mean X?" when a candidate is close to s.
func DidYouMean(s string, candidates []string) string { return didYouMean(s, candidates) }

// Account checks that name, at at, is an open account of the spec, and
// returns it; what it reports says what to name instead.
func (r *Reporter) Account(at, name, role string) (*Account, bool) {
	s := r.r.s
	a, found := s.Account(name)
	switch {
	case name == "":
		r.Errorf(at, "Name an account of the spec (accounts[].name).", "%s names no account", role)
		return nil, false
	case !found:
		names := make([]string, len(s.Accounts))
		for i, a := range s.Accounts {
			names[i] = a.Name
		}
		r.Errorf(at, "Name an account of the spec (accounts[].name)."+didYouMean(name, names),
			"%s: unknown account %q", role, name)
		return nil, false
	case a.Closed:
		r.Errorf(at, "A closed account cannot do this; name an open one.", "%s: account %q is closed", role, name)
		return nil, false
	}
	return a, true
}

// GovernedRegions returns the regions the spec governs (settings.regions, or the
// home region), before defaults are applied.
func (s *Spec) GovernedRegions() []string {
	if len(s.Settings.Regions) > 0 {
		return s.Settings.Regions
	}
	if s.Settings.HomeRegion != "" {
		return []string{s.Settings.HomeRegion}
	}
	return []string{DefaultHomeRegion}
}

// Home returns the home region, before defaults are applied.
func (s *Spec) Home() string {
	if s.Settings.HomeRegion != "" {
		return s.Settings.HomeRegion
	}
	return DefaultHomeRegion
}

// Tags checks the tags at at of the resource label names as AWS and
// orgctl check every tag: count, lengths, characters, reserved keys.
// orgctl adds its managed-by tag to what it creates, which counts.
func (r *Reporter) Tags(label, at string, tags map[string]string) {
	checkTags(r.r, label, at, tags, ownTags)
}
