package engine

import (
	"slices"
	"strings"
)

// Renames: a desired resource may say which live one it was
// (KindInfo.RenamedFrom: an OU's renamedFrom). When that one is live and
// the desired one is not, the live resource stands for the desired one:
// every service rewrites its live resources to match (Service.Rename: the
// OU's children, its accounts' OU, its attachments), so the plan holds an
// in-place update (the OU's name) instead of a create and a delete. The
// plan records the renames; a saved plan's check rewrites what it reads
// the same way.

// renames finds the renames the desired resources ask for and rewrites
// live for each, parents before their children (a child's old key is
// under its parent's new one). It returns them in the order applied.
func renames(desired []Resource, live []Resource) []Rename {
	var asks []Resource
	for _, r := range desired {
		if info := kindInfo(r.Kind); info.RenamedFrom != nil && info.RenamedFrom(r) != "" {
			asks = append(asks, r)
		}
	}
	slices.SortFunc(asks, func(a, b Resource) int {
		if d := strings.Count(a.Key, "/") - strings.Count(b.Key, "/"); d != 0 {
			return d
		}
		return strings.Compare(a.Key, b.Key)
	})
	var out []Rename
	for _, r := range asks {
		from := Ref{Kind: r.Kind, Key: kindInfo(r.Kind).RenamedFrom(r)}
		if !slices.ContainsFunc(live, func(l Resource) bool { return l.Ref() == from }) ||
			slices.ContainsFunc(live, func(l Resource) bool { return l.Ref() == r.Ref() }) {
			continue // nothing to rename, or the new one is there already
		}
		rn := Rename{From: from, To: r.Ref()}
		rename(live, rn)
		out = append(out, rn)
	}
	return out
}

// rename has every service rewrite its live resources for rn.
func rename(live []Resource, rn Rename) {
	for _, svc := range services {
		if svc.Rename != nil {
			svc.Rename(live, rn)
		}
	}
}
