package spec

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/orgctl/orgctl/facts"
)

// maxOUNameLen is the longest OU name AWS accepts.
const maxOUNameLen = 128

// checkOUs: names, unique paths among siblings, and depth.
func checkOUs(s *Spec, r *reporter) {
	checkOULevel(r, s.OrganizationalUnits, "", "organizationalUnits", 1, false)
}

// checkOULevel checks the siblings ous below parent, at depth (1 for the
// OUs directly below the root). tooDeep is set below an OU already
// reported as too deep, so only the first offending level is reported.
func checkOULevel(r *reporter, ous []OU, parent, loc string, depth int, tooDeep bool) {
	seen := map[string]string{}
	for i := range ous {
		ou := &ous[i]
		at := indexPath(loc, i)
		path := facts.JoinOUPath(parent, ou.Name)
		checkOUName(r, ou, at)
		if first, dup := seen[ou.Name]; dup && ou.Name != "" {
			r.errorf(at+".name", fmt.Sprintf("It is first declared at %s; sibling organizational units need different names.", r.where(first)),
				"duplicate organizational unit %s", path)
		} else {
			seen[ou.Name] = at + ".name"
		}
		checkRenamedFrom(r, ous, ou, at, parent)
		deep := tooDeep
		if !tooDeep && checkOUDepth(r, path, at, depth) {
			deep = true
		}
		checkOULevel(r, ou.Children, path, at+".children", depth+1, deep)
	}
}

// checkOUName: 1-128 characters, no '/'.
func checkOUName(r *reporter, ou *OU, at string) {
	n := utf8.RuneCountInString(ou.Name)
	switch {
	case ou.Name == "":
		r.errorf(at+".name", "Give the OU a name: name: Workloads.", "organizational unit has no name")
	case n > maxOUNameLen:
		r.errorf(at+".name", fmt.Sprintf("Shorten it to %d characters or fewer.", maxOUNameLen),
			"organizational unit name is %d characters; the limit is %d", n, maxOUNameLen)
	case strings.Contains(ou.Name, "/"):
		r.errorf(at+".name", "A / separates the levels of an OU path; nest the OU under children: instead.",
			"organizational unit name %q contains /", ou.Name)
	}
}

// checkOUDepth: at most facts.MaxOUDepth levels below the root. It reports the
// OU and returns true when it is too deep.
func checkOUDepth(r *reporter, path, at string, depth int) bool {
	if depth <= facts.MaxOUDepth {
		return false
	}
	r.errorf(at+".name", fmt.Sprintf("AWS allows at most %d levels of organizational units below the root; move this OU, or one of its parents, higher in the tree.", facts.MaxOUDepth),
		"organizational unit %s is %d levels below the root", path, depth)
	return true
}

// ouPaths lists the path of every OU, in walk order.
func ouPaths(s *Spec) []string {
	var out []string
	s.WalkOUs(func(path string, _ *OU, _ string) { out = append(out, path) })
	return out
}

// checkRenamedFrom: a previous name is an OU name, not the OU's own, and
// not one a sibling in the spec still has (then nothing was renamed).
func checkRenamedFrom(r *reporter, siblings []OU, ou *OU, at, parent string) {
	old := ou.RenamedFrom
	if _, given := r.s.Locs[at+".renamedFrom"]; !given && old == "" {
		return
	}
	at += ".renamedFrom"
	switch {
	case old == "" || strings.Contains(old, "/") || utf8.RuneCountInString(old) > maxOUNameLen:
		r.errorf(at, "Give the OU's previous name: 1 to 128 characters, no /, under the same parent (a move to another parent is not a rename).",
			"renamedFrom %q is not an OU name", old)
	case old == ou.Name:
		r.errorf(at, "It is the OU's name already; remove renamedFrom.", "organizational unit %s is renamed from its own name", facts.JoinOUPath(parent, ou.Name))
	default:
		for i := range siblings {
			if siblings[i].Name == old {
				r.errorf(at, fmt.Sprintf("The spec still declares %s; rename one of them, or remove renamedFrom.", facts.JoinOUPath(parent, old)),
					"organizational unit %s is renamed from %s, which the spec still declares", facts.JoinOUPath(parent, ou.Name), old)
			}
		}
	}
}
