package engine

import (
	"fmt"
	"slices"
)

// KindInfo is what the engine knows of one kind of resource: where it sits in
// the order of things, what it depends on, and how to treat a live one the
// spec does not mention. A service registers its kinds with Register; the
// diff, the plan and the walk need no change for a new one.
type KindInfo struct {
	Kind Kind
	// Rank orders kinds in plans and among ready changes: lower first.
	Rank int
	// Section, when set, is the spec section that holds the kind
	// (firewallPolicies): a spec that has it, even empty, reads the kind,
	// so that an empty list deletes orgctl's; one without it does not,
	// whatever else of the service it asks. A kind without a Section is
	// read with the rest of its service.
	Section string
	// Deps lists the resources r needs to exist before it can be created,
	// and that must outlive it.
	Deps func(r Resource) []Ref
	// Documents are attributes holding JSON documents: compared semantically
	// and shown as a line diff.
	Documents []string
	// Digests are attributes holding a digest of content AWS does not
	// return (a conformance pack template's hash): compared as any other,
	// but a change is shown as "NAME changed", the two digests meaning
	// nothing to a reader.
	Digests []string
	// CreateOnly are attributes AWS cannot change once the resource exists;
	// a difference is reported as a warning, not planned.
	CreateOnly []string
	// ReadOnly are attributes only providers report (AWS IDs, states); the
	// spec never sets them and they never make a difference.
	ReadOnly []string
	// Hidden are desired attributes that only guide the order of changes
	// (which region is designated first): never compared, never shown.
	Hidden []string
	// Refs are attributes naming another resource: providers report its
	// AWS ID (an account's 12 digits), the spec its key (the account's
	// email). ReadLive turns the IDs into keys, so providers need not know
	// other providers' keys.
	Refs map[string]Kind
	// RenamedFrom, when set, returns the key a desired resource had before
	// the spec renamed it ("" when it was not renamed): see rename.go.
	RenamedFrom func(r Resource) string
	// KeyOf, when set, computes a live resource's key from its attributes
	// once Refs are resolved: a key that names another resource (the
	// account administering GuardDuty in a region) is reported by the
	// provider with that resource's AWS ID, and made the spec's here.
	KeyOf func(r Resource) string
	// OneWay are attributes that, once at the given value in AWS, cannot be
	// changed back through the API (a closed account stays closed).
	OneWay map[string]any
	// Settling are attributes that, at the given value in AWS, are on
	// their way to what the spec says (a deployment still running): not
	// a difference, only a note.
	Settling map[string]any
	// Terse kinds are named fully by their key: plans show no attributes.
	Terse bool
	// Switch kinds are settings turned on and off (a policy type on the
	// root, a service's trusted access): their creates read "enabled",
	// their deletes "disabled" (Verbs).
	Switch bool
	// SkipCreate, when it returns a reason, leaves a desired resource that
	// does not exist uncreated (a closed account absent from AWS).
	SkipCreate func(r Resource) string
	// Check, when it returns a reason, refuses the plan: the desired r
	// cannot be carried out against this organization (a service's
	// administrator that is the management account, more policies on a
	// target than AWS allows once other tools' are counted). It is
	// reported as an error at r.Source.
	Check func(r Resource, env *CheckEnv) string
	// Extra decides the fate of a live resource the spec does not mention.
	Extra func(r Resource, env *ExtraEnv) Extra
	// GoesWith lists the resources whose deletion deletes r by itself (an
	// OU's attachments go with the OU): r's delete is then implicit.
	GoesWith func(r Resource) []Ref
	// Chain, when set, groups resources whose creates and deletes AWS
	// counts together (the SCPs attached to one target) and gives the
	// least and most that may exist at once: the plan runs a group's
	// changes one at a time, in an order that stays within them. max 0
	// means no maximum.
	Chain func(r Resource) (group string, min, max int)
	// Exclusive, when set, reports whether two resources of this kind
	// cannot exist at once (a service with one delegated administrator):
	// the plan deletes the one before it creates the other.
	Exclusive func(a, b Attrs) bool
	// Aliases are other names --target accepts for r (an account's name).
	Aliases func(r Resource) []string
	// Destructive reports whether a change loses something for good or
	// weakens the organization's defences: delete, disable, deregister,
	// close. Such changes need --allow-destroy.
	Destructive func(c *Change) bool
}

// Live looks up live resources.
type Live func(Ref) (*Resource, bool)

// CheckEnv is what Check may consult: the desired and live resources.
type CheckEnv struct {
	desired, live map[Ref]*Resource
	memo          map[string]any
}

// NewCheckEnv returns the CheckEnv of desired and live resources, for
// tests of a service's checks.
func NewCheckEnv(desired, live []Resource) *CheckEnv {
	e := &CheckEnv{desired: map[Ref]*Resource{}, live: map[Ref]*Resource{}}
	for i := range desired {
		e.desired[desired[i].Ref()] = &desired[i]
	}
	for i := range live {
		e.live[live[i].Ref()] = &live[i]
	}
	return e
}

// Live returns the live resource ref.
func (e *CheckEnv) Live(ref Ref) (*Resource, bool) { r, ok := e.live[ref]; return r, ok }

// Desired returns the desired resource ref.
func (e *CheckEnv) Desired(ref Ref) (*Resource, bool) { r, ok := e.desired[ref]; return r, ok }

// EachLive calls fn for every live resource, in no order.
func (e *CheckEnv) EachLive(fn func(*Resource)) {
	for _, r := range e.live {
		fn(r)
	}
}

// EachDesired calls fn for every desired resource, in no order.
func (e *CheckEnv) EachDesired(fn func(*Resource)) {
	for _, r := range e.desired {
		fn(r)
	}
}

// Memo returns what fn computes, once per plan and key: for checks that
// need a view of the whole organization.
func (e *CheckEnv) Memo(key string, fn func() any) any {
	if v, ok := e.memo[key]; ok {
		return v
	}
	if e.memo == nil {
		e.memo = map[string]any{}
	}
	v := fn()
	e.memo[key] = v
	return v
}

// Extra is the fate of a live resource absent from the spec.
type Extra struct {
	Delete bool
	// Destructive marks the delete as destructive whatever the kind's
	// rule: it takes away what orgctl does not own (a policy attached by
	// hand).
	Destructive bool
	// Unmanaged, when not empty, reports the resource as unmanaged drift
	// with this reason. A resource neither deleted nor reported is ignored.
	Unmanaged string
	// Owner, with Unmanaged, names who owns the resource instead (AWS
	// Control Tower, a tool that tagged it): it is reported, but is not
	// drift, as it is not the spec's to say.
	Owner string
}

// ExtraEnv is what Extra may consult: settings and decisions already made
// about resources of lower rank.
type ExtraEnv struct {
	Prune    bool
	desired  map[Ref]*Resource
	live     map[Ref]*Resource
	deleting map[Ref]bool
	memo     map[string]any
	warnings []string
}

// Warn adds a warning to the plan, about what a rule noticed.
func (e *ExtraEnv) Warn(format string, args ...any) {
	e.warnings = append(e.warnings, fmt.Sprintf(format, args...))
}

// EachLive calls fn for every live resource, predicted ones included, in
// no order.
func (e *ExtraEnv) EachLive(fn func(*Resource)) {
	for _, r := range e.live {
		fn(r)
	}
}

// Memo returns what fn computes, once per plan and key: for rules that
// need a view of the whole organization (what stays in an OU).
func (e *ExtraEnv) Memo(key string, fn func() any) any {
	if v, ok := e.memo[key]; ok {
		return v
	}
	if e.memo == nil {
		e.memo = map[string]any{}
	}
	v := fn()
	e.memo[key] = v
	return v
}

// Desired reports whether the spec declares ref.
func (e *ExtraEnv) Desired(ref Ref) bool { _, ok := e.desired[ref]; return ok }

// Live returns the live resource ref, predicted ones included.
func (e *ExtraEnv) Live(ref Ref) (*Resource, bool) { r, ok := e.live[ref]; return r, ok }

// EachDesired calls fn for every desired resource, in no order.
func (e *ExtraEnv) EachDesired(fn func(*Resource)) {
	for _, r := range e.desired {
		fn(r)
	}
}

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

// registerKind adds a kind; registering a kind twice is a programming error.
func registerKind(k KindInfo) {
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

func (k *KindInfo) isDocument(attr string) bool { return slices.Contains(k.Documents, attr) }

func (k *KindInfo) isDigest(attr string) bool { return slices.Contains(k.Digests, attr) }

// Attributes every kind may have.
const (
	// AttrID is the AWS ID a provider reports, for IDs and Refs.
	AttrID = "id"
	// AttrTags are the resource's tags, orgctl's own left out.
	AttrTags = "tags"
	// AttrName is shown first in plans.
	AttrName = "name"
)

// AttrOwner is the attribute in which a provider reports the value of a
// managed-by tag that names another tool (managed-by=terraform): never
// compared, but said in reports and import, as that tool may own the
// resource.
const AttrOwner = "managedBy"

func (k *KindInfo) isReadOnly(attr string) bool {
	return attr == AttrID || attr == AttrOwner || slices.Contains(k.ReadOnly, attr) || slices.Contains(k.Hidden, attr)
}

func (k *KindInfo) isCreateOnly(attr string) bool { return slices.Contains(k.CreateOnly, attr) }
