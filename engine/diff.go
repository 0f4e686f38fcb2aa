package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/engine/dag"
	"github.com/orgctl/orgctl/facts"
)

// DiffOptions tune how the spec is compared with the live organization.
type DiffOptions struct {
	// Prune deletes resources orgctl created once the spec drops them.
	Prune bool
	// Spec names the spec file, recorded in the plan.
	Spec string
	// Targets, when given, limit the plan to them and what they depend on.
	Targets []Ref
	// Ignore, when set, reports live resources the spec tells orgctl to
	// leave alone (settings.ignore): not the spec's, they are neither
	// changed nor drift.
	Ignore func(Resource) bool
}

// Diff compares the desired resources (from the spec) with the live ones
// (from the providers) and returns the plan that makes live equal desired.
// It never calls AWS.
func Diff(desired, live []Resource, opts DiffOptions) (*Plan, error) {
	d := index(desired)
	l := index(live)
	plan := &Plan{FormatVersion: FormatVersion, Spec: opts.Spec, LiveDigest: LiveDigest(live)}
	for _, predict := range predictors {
		for _, r := range predict(d, l) {
			if _, exists := l[r.Ref()]; !exists {
				r.Predicted = true
				l[r.Ref()] = &r
			}
		}
	}

	if ds := check(d, l); ds.HasErrors() {
		return nil, ds
	}

	var changes []*Change
	unchanged := 0
	skipped := map[Ref]bool{}
	for _, r := range sorted(d) {
		info := kindInfo(r.Kind)
		lr, exists := l[r.Ref()]
		if !exists {
			if skip, why := info.skipCreate(r); skip {
				skipped[r.Ref()] = true
				plan.Diags = append(plan.Diags, diag.Warnf(nil, "", "%s %q: %s", r.Kind, r.Key, why))
				continue
			}
			if slices.ContainsFunc(info.deps(*r), func(dep Ref) bool { return skipped[dep] }) {
				skipped[r.Ref()] = true // it needs something that will not exist
				continue
			}
			changes = append(changes, &Change{Kind: r.Kind, Key: r.Key, Action: Create, After: r.Attrs})
			continue
		}
		want := ownedAttrs(r, lr)
		if owner := lr.Attrs.String(AttrOwner); owner != "" && r.Managed && !lr.Managed {
			plan.Diags = append(plan.Diags, diag.Warnf(nil, "", "%s %q is tagged %s=%s: adopting it retags it %s=%s. Stop managing it with %s first, or the two tools will undo each other's changes.",
				r.Kind, r.Key, facts.ManagedTagKey, owner, facts.ManagedTagKey, facts.ManagedTagValue, owner))
		}
		fields, notes := diffAttrs(info, lr.Attrs, want)
		for _, n := range notes {
			plan.Diags = append(plan.Diags, diag.Warnf(nil, "", "%s %q: %s", r.Kind, r.Key, n))
		}
		if len(fields) == 0 {
			unchanged++
			continue
		}
		changes = append(changes, &Change{Kind: r.Kind, Key: r.Key, Action: Update, Before: lr.Attrs, After: want, Fields: fields})
	}

	env := &ExtraEnv{Prune: opts.Prune, desired: d, live: l, deleting: map[Ref]bool{}}
	for _, r := range sorted(l) {
		if _, wanted := d[r.Ref()]; wanted {
			continue
		}
		info := kindInfo(r.Kind)
		if info.Extra == nil || (opts.Ignore != nil && opts.Ignore(*r)) {
			continue
		}
		x := info.Extra(*r, env)
		switch {
		case x.Delete:
			env.deleting[r.Ref()] = true
			changes = append(changes, &Change{Kind: r.Kind, Key: r.Key, Action: Delete, Before: r.Attrs, Destructive: x.Destructive})
		case x.Unmanaged != "" && !r.Predicted:
			plan.Unmanaged = append(plan.Unmanaged, Unmanaged{Kind: r.Kind, Key: r.Key, Reason: x.Unmanaged, Owner: x.Owner})
		}
	}
	for _, w := range env.warnings {
		plan.Diags = append(plan.Diags, diag.Warnf(nil, "", "%s", w))
	}
	for _, c := range changes {
		if info := kindInfo(c.Kind); info.Destructive != nil && !c.Destructive {
			c.Destructive = info.Destructive(c)
		}
	}

	if len(opts.Targets) > 0 {
		var err error
		if changes, err = selectTargets(plan, changes, opts.Targets, d, l); err != nil {
			return nil, err
		}
	}
	g, err := order(changes, l)
	if err != nil {
		return nil, err
	}
	plan.Changes = g
	plan.summarize(unchanged)
	return plan, nil
}

// check runs the kinds' Check rules on the desired resources. Few kinds
// have one: the map is walked, not sorted, and what is found is sorted.
func check(desired, live map[Ref]*Resource) diag.Diagnostics {
	var ds diag.Diagnostics
	env := &CheckEnv{desired: desired, live: live}
	for _, r := range desired {
		info := kindInfo(r.Kind)
		if info.Check == nil {
			continue
		}
		if why := info.Check(*r, env); why != "" {
			ds = append(ds, diag.Errorf(r.Source, "", "%s %q: %s", r.Kind, r.Key, why))
		}
	}
	slices.SortFunc(ds, func(a, b diag.Diagnostic) int { return strings.Compare(a.Summary, b.Summary) })
	return ds
}

// diffAttrs returns the attributes that differ between live and desired,
// and notes on differences that cannot be planned.
func diffAttrs(info *KindInfo, live, desired Attrs) ([]FieldDiff, []string) {
	var fields []FieldDiff
	var notes []string
	for _, name := range unionKeys(live, desired) {
		before, after := live[name], desired[name]
		if info.isDocument(name) {
			before, after = NormalizeDocument(Attrs(live).String(name)), NormalizeDocument(Attrs(desired).String(name))
		}
		if info.isReadOnly(name) || equalValues(before, after) {
			continue
		}
		if info.isCreateOnly(name) {
			notes = append(notes, fmt.Sprintf("%s is %v in AWS but %v in the spec; AWS cannot change it once it exists, so orgctl leaves it", name, show(before), show(after)))
			continue
		}
		if settling, ok := info.Settling[name]; ok && equalValues(before, settling) {
			notes = append(notes, fmt.Sprintf("%s is %v in AWS, on its way to %v; orgctl leaves it to finish", name, show(before), show(after)))
			continue
		}
		if oneWay, ok := info.OneWay[name]; ok && equalValues(before, oneWay) {
			notes = append(notes, fmt.Sprintf("%s is %v in AWS and cannot be undone through the API; the spec's %v is ignored", name, show(before), show(after)))
			continue
		}
		fields = append(fields, FieldDiff{Name: name, Before: canonical(before), After: canonical(after), Document: info.isDocument(name), Digest: info.isDigest(name)})
	}
	return fields, notes
}

func show(v any) string {
	if v = canonical(v); v == nil {
		return "unset"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func index(rs []Resource) map[Ref]*Resource {
	m := make(map[Ref]*Resource, len(rs))
	for i := range rs {
		m[rs[i].Ref()] = &rs[i]
	}
	return m
}

// sorted returns the resources of m by kind rank, then key.
func sorted(m map[Ref]*Resource) []*Resource {
	out := make([]*Resource, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Resource) int {
		if ra, rb := kindInfo(a.Kind).Rank, kindInfo(b.Kind).Rank; ra != rb {
			return ra - rb
		}
		switch {
		case a.Key < b.Key:
			return -1
		case a.Key > b.Key:
			return 1
		}
		return 0
	})
	return out
}

// LiveDigest fingerprints live resources, independent of their order.
func LiveDigest(live []Resource) string {
	rs := make([]*Resource, 0, len(live))
	for i := range live {
		if !live[i].Predicted {
			rs = append(rs, &live[i])
		}
	}
	slices.SortFunc(rs, func(a, b *Resource) int {
		if a.Kind != b.Kind {
			if a.Kind < b.Kind {
				return -1
			}
			return 1
		}
		if a.Key < b.Key {
			return -1
		} else if a.Key > b.Key {
			return 1
		}
		return 0
	})
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, r := range rs {
		_ = enc.Encode(r) // maps encode in key order: stable
	}
	return hex.EncodeToString(h.Sum(nil))
}

// graph builds the dependency graph of changes for a plan already ordered.
func graph(changes []*Change) *dag.Graph {
	g := dag.New(len(changes))
	for _, c := range changes {
		for _, d := range c.DependsOn {
			g.Connect(d, c.ID)
		}
	}
	return g
}

// ownedAttrs returns the attributes a desired resource r is compared with
// when it exists live as lr. A resource the spec adopts (r.Managed) that
// lacks orgctl's ownership tag gets it among its tags, so the plan tags it;
// once tagged, the live resource is Managed and nothing differs. Creates
// need no help: the provider tags everything it creates.
func ownedAttrs(r, lr *Resource) Attrs {
	if !r.Managed || lr.Managed {
		return r.Attrs
	}
	a := maps.Clone(r.Attrs)
	t := maps.Clone(r.Attrs.Map(AttrTags))
	if t == nil {
		t = map[string]string{}
	}
	t[facts.ManagedTagKey] = facts.ManagedTagValue
	a[AttrTags] = t
	return a
}
