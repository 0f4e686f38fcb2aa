package spec

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/policygrammar"
)

// Limits AWS puts on policies.
const (
	maxPolicyNameLen = 128
	maxPolicyDescLen = 512
)

// policyTypeList names the policy types for a message: A, B or C.
func policyTypeList() string {
	names := policyTypeNames()
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// checkPolicies: each declared policy has a valid, unique name, a known and
// enabled type, a short description and one document within its size.
func checkPolicies(s *Spec, r *reporter) {
	names := map[string]string{}
	enabled := enabledTypes(s)
	for i := range s.Policies {
		p := &s.Policies[i]
		at := indexPath("policies", i)
		if checkPolicyName(r, p, at) {
			if first, dup := names[p.Name]; dup {
				r.errorf(at+".name", fmt.Sprintf("It is first declared at %s; policy names must be unique.", r.where(first)),
					"duplicate policy name %q", p.Name)
			} else {
				names[p.Name] = at + ".name"
			}
		}
		checkPolicyType(s, r, p, at, enabled)
		checkPolicyDescription(r, p, at)
		checkPolicySource(r, p, at)
		checkPolicySize(r, p, at)
		checkPolicyGrammar(r, p, at)
	}
}

// checkPolicyName: 1-128 characters, not the name of an AWS-managed policy
// nor of orgctl's lock.
func checkPolicyName(r *reporter, p *Policy, at string) bool {
	n := utf8.RuneCountInString(p.Name)
	switch {
	case p.Name == "":
		r.errorf(at+".name", "Give the policy a name: name: deny-leave-organization.", "policy has no name")
	case n > maxPolicyNameLen:
		r.errorf(at+".name", fmt.Sprintf("Shorten it to %d characters or fewer.", maxPolicyNameLen),
			"policy name is %d characters; the limit is %d", n, maxPolicyNameLen)
	case facts.AWSManagedPolicies[p.Name] != "":
		r.errorf(at+".name", "AWS-managed policies are attached by name without being declared; rename this policy or remove its declaration.",
			"policy name %s is reserved for an AWS-managed policy", p.Name)
	case p.Name == facts.LockPolicyName:
		r.errorf(at+".name", "orgctl creates a policy of this name while it applies, as its lock; rename this policy.",
			"policy name %s is reserved for orgctl", p.Name)
	default:
		return true
	}
	return false
}

// checkPolicyType: a known type that organization.policyTypes enables.
func checkPolicyType(s *Spec, r *reporter, p *Policy, at string, enabled map[string]bool) {
	switch {
	case p.Type == "":
		r.errorf(at+".type", "Set type: to "+policyTypeList()+".", "policy %s has no type", p.Name)
	case !isPolicyTypeName(p.Type):
		hint := didYouMean(p.Type, policyTypeNames())
		if pt, ok := facts.LookupPolicyType(strings.ToLower(p.Type)); ok {
			hint = fmt.Sprintf(" Did you mean %q?", pt.Name)
		}
		r.errorf(at+".type", "Use "+policyTypeList()+"."+hint, "policy %s has unknown type %q", p.Name, p.Type)
	case !enabled[p.Type]:
		r.errorf(at+".type", enableTypeHelp(s, p.Type), "policy %s is a %s, which is not enabled", p.Name, p.Type)
	}
}

// enableTypeHelp says how to enable policy type t.
func enableTypeHelp(s *Spec, t string) string {
	if s.Organization.FeatureSet == "CONSOLIDATED_BILLING" {
		return fmt.Sprintf("Set organization.featureSet to ALL and add %s to organization.policyTypes.", t)
	}
	return fmt.Sprintf("Add %s to organization.policyTypes.", t)
}

// checkPolicyDescription: at most 512 characters.
func checkPolicyDescription(r *reporter, p *Policy, at string) {
	if n := utf8.RuneCountInString(p.Description); n > maxPolicyDescLen {
		r.errorf(at+".description", fmt.Sprintf("Shorten it to %d characters or fewer.", maxPolicyDescLen),
			"policy %s: description is %d characters; the limit is %d", p.Name, n, maxPolicyDescLen)
	}
}

// checkPolicySource: exactly one of document and file.
func checkPolicySource(r *reporter, p *Policy, at string) {
	switch {
	case p.Document != nil && p.File != "":
		r.errorf(at+".file", "Keep one: document: for a document in the spec, or file: for a document in its own file.",
			"policy %s has both document and file", p.Name)
	case p.Document == nil && p.File == "" && p.Content == "" && !r.skipped(at+".file"):
		r.errorf(at+".document", documentHelp, "policy %s has no document", p.Name)
	}
}

// checkPolicySize: the minified document fits the type's size limit. AWS
// counts every character, so orgctl sends documents minified and whitespace
// does not count.
func checkPolicySize(r *reporter, p *Policy, at string) {
	pt, ok := facts.LookupPolicyType(p.Type)
	if !ok || p.Content == "" || !isPolicyTypeName(p.Type) {
		return
	}
	n := utf8.RuneCountInString(p.Content)
	if n <= pt.MaxSize {
		return
	}
	where := at + ".document"
	if p.File != "" {
		where = at + ".file"
	}
	r.errorf(where, fmt.Sprintf("orgctl sends documents minified, so whitespace is not counted; shorten the document by %d characters (fewer statements, wildcards in actions) or split it into two policies.", n-pt.MaxSize),
		"policy %s is %d characters minified; a %s may have at most %d", p.Name, n, pt.Name, pt.MaxSize)
}

// checkPolicyGrammar: the document follows its type's grammar as AWS
// documents it (policygrammar, which the sandbox's CreatePolicy applies
// too), each problem at the line of the element at fault. AWS would
// refuse the document with MalformedPolicyDocumentException, after the
// changes before it in the plan were made.
func checkPolicyGrammar(r *reporter, p *Policy, at string) {
	if p.Content == "" || !isPolicyTypeName(p.Type) {
		return
	}
	base := at + ".document"
	if p.File != "" {
		base = at + ".file"
	}
	for _, pr := range policygrammar.Check(p.Type, p.Content) {
		where, in := base, ""
		for _, e := range pr.Path {
			switch e := e.(type) {
			case int:
				where = indexPath(where, e)
			case string:
				where = joinPath(where, e)
			}
		}
		if len(pr.Path) > 0 {
			in = " (at " + pr.PathString() + ")"
		}
		r.errorf(where, pr.Fix+" AWS refuses such a document (MalformedPolicyDocumentException).",
			"policy %s: %s%s", p.Name, pr.What, in)
	}
}
