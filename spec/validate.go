package spec

import (
	"fmt"
	"maps"
	"strings"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/internal/suggest"
)

// Validate checks the rules that need no AWS call on a spec built in code
// (Load runs them itself): versions and settings, names, uniqueness,
// references, limits and tags. Policies are checked on their Content, so it
// must be set. Every problem is reported, each at its place in Locs.
func (s *Spec) Validate() diag.Diagnostics {
	return visibleDiags(validate(s, nil))
}

// rules run in this order; each reports through the reporter and never
// stops the others.
var rules = []func(*Spec, *reporter){
	checkVersion,
	checkText, // first: the rules after it stay silent about what it refuses
	checkSettings,
	checkOrganization,
	checkOUs,
	checkAccounts,
	checkPolicies,
	checkAttachments,
	checkAllTags,
	checkSecurity,
	checkSections,
}

// validate runs every rule. Paths in skip could not be decoded and were
// reported already; rules stay silent about them.
func validate(s *Spec, skip map[string]bool) diag.Diagnostics {
	// checkText adds to the paths skipped; the caller's set stays as is.
	r := &reporter{s: s, skip: maps.Clone(skip)}
	if r.skip == nil {
		r.skip = map[string]bool{}
	}
	for _, rule := range rules {
		rule(s, r)
	}
	return r.diags
}

// reporter turns problems found at model paths into diagnostics placed by
// the spec's Locations.
type reporter struct {
	s     *Spec
	skip  map[string]bool
	diags diag.Diagnostics
}

func (r *reporter) add(sev diag.Severity, at, detail, format string, args ...any) {
	path := strings.TrimSuffix(at, KeySuffix)
	if r.skipped(path) {
		return
	}
	r.diags = append(r.diags, diag.Diagnostic{
		Severity: sev,
		Summary:  fmt.Sprintf(format, args...),
		Detail:   detail,
		Subject:  r.s.Locs.Pos(at),
		Path:     path,
	})
}

// skipped reports whether path, or a path it is part of, could not be
// decoded: what is missing below it is a consequence, not a new problem.
func (r *reporter) skipped(path string) bool {
	if len(r.skip) == 0 {
		return false
	}
	for {
		if r.skip[path] {
			return true
		}
		if path == "" {
			return false
		}
		path = parentPath(path)
	}
}

// errorf reports an error at model path at.
func (r *reporter) errorf(at, detail, format string, args ...any) {
	r.add(diag.Error, at, detail, format, args...)
}

// warnf reports a warning at model path at.
func (r *reporter) warnf(at, detail, format string, args ...any) {
	r.add(diag.Warning, at, detail, format, args...)
}

// where names the place of model path at as file:line:col for a message,
// such as where the first of two duplicates is.
func (r *reporter) where(at string) string {
	p := r.s.Locs.Pos(at)
	if p == nil {
		return at
	}
	return p.String()
}

// didYouMean is " Did you mean X?" when a candidate is close to s.
func didYouMean(s string, candidates []string) string {
	if c := suggest.Closest(s, candidates); c != "" {
		return fmt.Sprintf(" Did you mean %q?", c)
	}
	return ""
}

// policyTypeNames lists the AWS names of the policy types orgctl knows.
func policyTypeNames() []string {
	names := make([]string, len(facts.PolicyTypes))
	for i, t := range facts.PolicyTypes {
		names[i] = t.Name
	}
	return names
}

// enabledTypes is the set of policy types organization.policyTypes enables.
func enabledTypes(s *Spec) map[string]bool {
	m := map[string]bool{}
	if s.Organization.FeatureSet == "CONSOLIDATED_BILLING" {
		return m
	}
	for _, t := range s.Organization.PolicyTypes {
		m[t] = true
	}
	return m
}
