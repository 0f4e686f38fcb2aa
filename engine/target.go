package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/internal/suggest"
)

// Partial plans (--target), as Terraform's -target: the plan keeps the
// changes of the targeted resources and of everything they depend on,
// transitively, whether those change or not. A targeted resource being
// deleted also brings what must go before it: the deletes of its
// dependents (an OU's attachments) and the moves of what it holds.

// resolveTargets checks every target names a resource of the spec or of
// the organization, by its key or an alias (an account by its name as well
// as by its email). The error lists near matches.
func resolveTargets(targets []Ref, desired, live map[Ref]*Resource) ([]Ref, error) {
	var out []Ref
	var bad []string
	for _, t := range targets {
		if _, ok := desired[t]; ok {
			out = append(out, t)
			continue
		}
		if _, ok := live[t]; ok {
			out = append(out, t)
			continue
		}
		if r, ok := byAlias(t, desired, live); ok {
			out = append(out, r)
			continue
		}
		msg := fmt.Sprintf("--target %s: no such resource in the spec or the organization", t)
		if near := nearRefs(t, desired, live); len(near) > 0 {
			msg += "; did you mean " + strings.Join(near, ", ") + "?"
		}
		bad = append(bad, msg)
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(bad, "\n"))
	}
	return out, nil
}

// byAlias finds the resource of t's kind that t's key names by another
// name (KindInfo.Aliases): an account by its name as well as its email.
func byAlias(t Ref, maps ...map[Ref]*Resource) (Ref, bool) {
	aliases := kindInfo(t.Kind).Aliases
	if aliases == nil {
		return Ref{}, false
	}
	for _, m := range maps {
		for ref, r := range m {
			if ref.Kind == t.Kind && slices.Contains(aliases(*r), t.Key) {
				return ref, true
			}
		}
	}
	return Ref{}, false
}

// nearRefs lists up to five resources whose KIND:KEY is close to t: the
// same key under another kind, a key containing t's or within a few edits.
func nearRefs(t Ref, maps ...map[Ref]*Resource) []string {
	type cand struct {
		ref  string
		dist int
	}
	seen := map[Ref]bool{}
	var cs []cand
	want := strings.ToLower(t.String())
	key := strings.ToLower(t.Key)
	for _, m := range maps {
		for ref := range m {
			if seen[ref] {
				continue
			}
			seen[ref] = true
			s := strings.ToLower(ref.String())
			d := suggest.Distance(want, s)
			k := strings.ToLower(ref.Key)
			switch {
			case k == key:
				d = 0
			case strings.Contains(k, key) || strings.Contains(key, k):
				d = min(d, 1+abs(len(k)-len(key))/4)
			}
			if d <= max(2, len(want)/4) {
				cs = append(cs, cand{ref.String(), d})
			}
		}
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return strings.Compare(a.ref, b.ref)
	})
	var out []string
	for i := 0; i < len(cs) && i < 5; i++ {
		out = append(out, cs[i].ref)
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// targetClosure returns the targets and everything they depend on in the
// spec, plus, for what the plan deletes, what must be removed or moved
// first. What a delete depends on already exists and is left alone.
func targetClosure(targets []Ref, changes []*Change, desired, live map[Ref]*Resource) map[Ref]bool {
	in := map[Ref]bool{}
	var queue []Ref
	add := func(r Ref) {
		if !in[r] {
			in[r] = true
			queue = append(queue, r)
		}
	}
	for _, t := range targets {
		add(t)
	}
	deleting := map[Ref]bool{}
	for _, c := range changes {
		if c.Action == Delete {
			deleting[c.Ref()] = true
		}
	}
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		if !deleting[ref] {
			// What it depends on must exist as the spec says.
			if r, ok := desired[ref]; ok {
				for _, dep := range kindInfo(ref.Kind).deps(*r) {
					add(dep)
				}
			}
			continue
		}
		// Removing ref needs its live dependents gone or moved first.
		for _, c := range changes {
			lr, ok := live[c.Ref()]
			if !ok || in[c.Ref()] {
				continue
			}
			if slices.Contains(kindInfo(c.Kind).deps(*lr), ref) {
				add(c.Ref())
			}
		}
	}
	return in
}

// selectTargets keeps the changes and unmanaged resources within the
// targets' closure, and warns that the rest was not considered.
func selectTargets(plan *Plan, changes []*Change, targets []Ref, desired, live map[Ref]*Resource) ([]*Change, error) {
	resolved, err := resolveTargets(targets, desired, live)
	if err != nil {
		return nil, err
	}
	in := targetClosure(resolved, changes, desired, live)
	var kept []*Change
	for _, c := range changes {
		if in[c.Ref()] {
			kept = append(kept, c)
		}
	}
	var unmanaged []Unmanaged
	for _, u := range plan.Unmanaged {
		if in[Ref{u.Kind, u.Key}] {
			unmanaged = append(unmanaged, u)
		}
	}
	plan.Unmanaged = unmanaged
	names := make([]string, len(resolved))
	for i, r := range resolved {
		names[i] = r.String()
	}
	plan.Targets = names
	plan.Diags = append(plan.Diags, diag.Warnf(nil,
		"Run plan without --target to see every change; use --target only to get out of a tight spot.",
		"this plan is limited to %s and what it depends on: the rest of the spec and of the organization was not considered",
		strings.Join(names, ", ")))
	return kept, nil
}
