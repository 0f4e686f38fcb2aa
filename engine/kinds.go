package engine

import (
	"slices"
	"strings"
)

// KindInfo is what the engine knows of one kind of resource: where it sits in
// the order of things, what it depends on, and how to treat a live one the
// spec does not mention. Adding a service means registering its kinds here
// (in a kinds_<area>.go file), building its desired resources from the spec
// and writing a provider; the diff, the plan and the walk need no change.
type KindInfo struct {
	Kind Kind
	// Rank orders kinds in plans and among ready changes: lower first.
	Rank int
	// Deps lists the resources r needs to exist before it can be created,
	// and that must outlive it.
	Deps func(r Resource) []Ref
	// Documents are attributes holding JSON documents: compared semantically
	// and shown as a line diff.
	Documents []string
	// CreateOnly are attributes AWS cannot change once the resource exists;
	// a difference is reported as a warning, not planned.
	CreateOnly []string
	// ReadOnly are attributes only providers report (AWS IDs, states); the
	// spec never sets them and they never make a difference.
	ReadOnly []string
	// OneWay are attributes that, once at the given value in AWS, cannot be
	// changed back through the API (a closed account stays closed).
	OneWay map[string]any
	// SkipCreate, when it returns a reason, leaves a desired resource that
	// does not exist uncreated (a closed account absent from AWS).
	SkipCreate func(r Resource) string
	// Extra decides the fate of a live resource the spec does not mention.
	Extra func(r Resource, env *ExtraEnv) Extra
	// Exclusive, when set, reports whether two resources of this kind
	// cannot exist at once (a service with one delegated administrator):
	// the plan deletes the one before it creates the other.
	Exclusive func(a, b Attrs) bool
	// Destructive reports whether a change loses something for good or
	// weakens the organization's defences: delete, disable, deregister,
	// close. Such changes need --allow-destroy.
	Destructive func(c *Change) bool
}

// Extra is the fate of a live resource absent from the spec.
type Extra struct {
	Delete bool
	// Unmanaged, when not empty, reports the resource as unmanaged drift
	// with this reason. A resource neither deleted nor reported is ignored.
	Unmanaged string
}

// ExtraEnv is what Extra may consult: settings and decisions already made
// about resources of lower rank.
type ExtraEnv struct {
	Prune    bool
	desired  map[Ref]*Resource
	live     map[Ref]*Resource
	deleting map[Ref]bool
	staying  []*Resource // live accounts and OUs no change removes; built once
}

// Remaining lists, sorted, what stays in the OU at path and below once the
// plan has run: accounts the spec does not place elsewhere and OUs orgctl
// may not delete. AWS deletes only an empty OU.
func (e *ExtraEnv) Remaining(path string) []string {
	if e.staying == nil {
		e.staying = []*Resource{}
		for _, r := range e.live {
			if r.Predicted || e.Desired(r.Ref()) {
				continue
			}
			if r.Kind == KindAccount || (r.Kind == KindOU && !(r.Managed && e.Prune)) {
				e.staying = append(e.staying, r)
			}
		}
	}
	var out []string
	for _, r := range e.staying {
		switch {
		case r.Kind == KindAccount && within(r.Attrs.String("ou"), path):
			out = append(out, "account "+r.Key)
		case r.Kind == KindOU && r.Key != path && within(r.Key, path):
			out = append(out, "OU "+r.Key)
		}
	}
	slices.Sort(out)
	return out
}

// within reports whether the OU path p is path or below it.
func within(p, path string) bool {
	return p == path || strings.HasPrefix(p, path+"/")
}

// Desired reports whether the spec declares ref.
func (e *ExtraEnv) Desired(ref Ref) bool { _, ok := e.desired[ref]; return ok }

// DesiredAny reports whether the spec declares a resource of kind that
// match accepts.
func (e *ExtraEnv) DesiredAny(kind Kind, match func(*Resource) bool) bool {
	for ref, r := range e.desired {
		if ref.Kind == kind && match(r) {
			return true
		}
	}
	return false
}

// Deleting reports whether the plan deletes ref.
func (e *ExtraEnv) Deleting(ref Ref) bool { return e.deleting[ref] }

var kinds = map[Kind]*KindInfo{}

// RegisterKind adds a kind. It is called from init functions; registering a
// kind twice is a programming error.
func RegisterKind(k KindInfo) {
	if _, dup := kinds[k.Kind]; dup {
		panic("engine: kind registered twice: " + string(k.Kind))
	}
	kinds[k.Kind] = &k
}

// kindInfo returns the registered info of k, or a neutral one.
func kindInfo(k Kind) *KindInfo {
	if info, ok := kinds[k]; ok {
		return info
	}
	return &KindInfo{Kind: k, Rank: 1 << 20}
}

// KindNames lists the registered kinds by rank.
func KindNames() []string {
	infos := make([]*KindInfo, 0, len(kinds))
	for _, k := range kinds {
		infos = append(infos, k)
	}
	slices.SortFunc(infos, func(a, b *KindInfo) int { return a.Rank - b.Rank })
	out := make([]string, len(infos))
	for i, k := range infos {
		out[i] = string(k.Kind)
	}
	return out
}

func (k *KindInfo) deps(r Resource) []Ref {
	if k.Deps == nil {
		return nil
	}
	return k.Deps(r)
}

func (k *KindInfo) skipCreate(r *Resource) (bool, string) {
	if k.SkipCreate == nil {
		return false, ""
	}
	why := k.SkipCreate(*r)
	return why != "", why
}

// Predictor returns live resources that do not exist yet but will appear as
// a side effect of creating desired ones.
type Predictor func(desired, live map[Ref]*Resource) []Resource

var predictors []Predictor

// RegisterPredictor adds a predictor; called from init functions.
func RegisterPredictor(p Predictor) { predictors = append(predictors, p) }

func (k *KindInfo) isDocument(attr string) bool { return slices.Contains(k.Documents, attr) }

// AttrOwner is the attribute in which a provider reports the value of a
// managed-by tag that names another tool (managed-by=terraform): never
// compared, but said in reports and import, as that tool may own the
// resource.
const AttrOwner = "managedBy"

func (k *KindInfo) isReadOnly(attr string) bool {
	return attr == "id" || attr == AttrOwner || slices.Contains(k.ReadOnly, attr)
}

func (k *KindInfo) isCreateOnly(attr string) bool { return slices.Contains(k.CreateOnly, attr) }
