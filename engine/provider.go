package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/spec"
)

// Provider reads and changes the resources of one AWS service family. The
// engine never sees AWS types: a provider translates between resources and
// API calls. It keeps no state between Read and Apply: the AWS IDs it needs,
// its own or another provider's, come from the IDs the engine hands Apply.
type Provider interface {
	// Name of the provider, e.g. "organizations".
	Name() string
	// Kinds it reads and changes.
	Kinds() []Kind
	// Read returns the live resources of its kinds. It changes nothing. It
	// lists every resource, so the plan sees all that exists, but may leave
	// out the details (tags, documents) of those scope does not name,
	// marking them Shallow. A nil scope reads everything.
	Read(ctx context.Context, scope *Scope) ([]Resource, error)
	// Apply carries out one change and returns the AWS ID of what it
	// created, or "". ids resolves other resources, live or created
	// earlier in the run, to their AWS IDs. It is idempotent: a change
	// that is already in effect succeeds.
	Apply(ctx context.Context, c *Change, ids *IDs) (string, error)
}

// Scope names the resources whose details a run needs. Reading the tags of
// an account costs one API call, so a plan reads them only for the accounts
// the spec declares; a resource outside the scope is still listed, without
// its details.
type Scope struct {
	refs    map[Ref]*Resource
	exclude bool
	// kinds the run reads at all; nil for every kind.
	kinds map[Kind]bool
}

// ScopeOf returns the scope of a plan for the desired resources, as
// ScopeFor without a spec: a kind with a Section is read when a desired
// resource is of it.
func ScopeOf(desired []Resource) *Scope { return ScopeFor(nil, desired) }

// ScopeFor returns the scope of a plan of spec s for its desired
// resources. Of the services, only those the spec asks something of are
// read: a service the spec does not mention is not orgctl's to manage,
// nor worth a call. A kind with a Section is read when s has the section.
func ScopeFor(s *spec.Spec, desired []Resource) *Scope {
	sc := &Scope{refs: make(map[Ref]*Resource, len(desired)), kinds: map[Kind]bool{}}
	wanted := map[Kind]bool{}
	for i := range desired {
		sc.refs[desired[i].Ref()] = &desired[i]
		wanted[desired[i].Kind] = true
	}
	for _, svc := range services {
		asked := false
		for _, k := range svc.Kinds {
			if k.Section != "" && s != nil {
				wanted[k.Kind] = s.Section(k.Section) != nil
			}
			asked = asked || wanted[k.Kind]
		}
		for _, k := range svc.Kinds {
			if svc.Always || k.Section != "" && wanted[k.Kind] || k.Section == "" && asked {
				sc.kinds[k.Kind] = true
			}
		}
	}
	return sc
}

// ScopeExcept returns the scope of everything of kinds (all when nil) but
// refs: how a saved plan is checked, reading what its plan read, shallow
// where it read shallow.
func ScopeExcept(refs []Ref, kinds []Kind) *Scope {
	s := &Scope{refs: make(map[Ref]*Resource, len(refs)), exclude: true}
	for _, r := range refs {
		s.refs[r] = nil
	}
	if kinds != nil {
		s.kinds = map[Kind]bool{}
		for _, k := range kinds {
			s.kinds[k] = true
		}
	}
	return s
}

// Reads reports whether the run reads live resources of kind k at all.
// It is safe to call on a nil scope.
func (s *Scope) Reads(k Kind) bool {
	return s == nil || s.kinds == nil || s.kinds[k]
}

// Kinds lists the kinds the scope reads, sorted; nil for every kind.
func (s *Scope) Kinds() []Kind {
	if s == nil || s.kinds == nil {
		return nil
	}
	out := make([]Kind, 0, len(s.kinds))
	for k := range s.kinds {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Detailed reports whether a read must include ref's details. It is safe
// to call on a nil scope.
func (s *Scope) Detailed(ref Ref) bool {
	if s == nil {
		return true
	}
	_, in := s.refs[ref]
	return in != s.exclude
}

// Each calls fn for every desired resource of the scope, in no order;
// nothing for a nil or excluding scope. Providers use it to estimate what
// a read will find.
func (s *Scope) Each(fn func(*Resource)) {
	if s == nil || s.exclude {
		return
	}
	for _, r := range s.refs {
		fn(r)
	}
}

// ReadLive reads all providers concurrently and returns what they found,
// with references between resources resolved to keys (KindInfo.Refs), and
// the AWS IDs of it all. Resources of one provider keep their order;
// providers come in the order given.
func ReadLive(ctx context.Context, providers []Provider, scope *Scope) ([]Resource, *IDs, error) {
	parts := make([][]Resource, len(providers))
	g, ctx := errgroup.WithContext(ctx)
	for i, p := range providers {
		g.Go(func() error {
			rctx, done := readStarting(ctx, p.Name())
			rs, err := p.Read(rctx, scope)
			done(err)
			if err != nil {
				return fmt.Errorf("reading %s: %w", p.Name(), err)
			}
			parts[i] = rs
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	live := slices.Concat(parts...)
	ids := NewIDs(live)
	resolveRefs(live, ids)
	if rekey(live) {
		ids = NewIDs(live)
	}
	return live, ids, nil
}

// MakePlan reads the live organization, in the details the spec needs, and
// plans the changes that make it equal the spec; targets, when given, limit
// it as DiffOptions.Targets.
func MakePlan(ctx context.Context, s *spec.Spec, providers []Provider, targets ...Ref) (*Plan, error) {
	live, _, err := ReadLive(ctx, providers, ScopeFor(s, Desired(s)))
	if err != nil {
		return nil, err
	}
	return PlanFrom(s, live, targets...)
}

// PlanFrom plans the spec against live resources already read (import's
// check of what it wrote, tests): of them, only the kinds a plan of the
// spec reads count, as MakePlan would read them.
func PlanFrom(s *spec.Spec, live []Resource, targets ...Ref) (*Plan, error) {
	desired := Desired(s)
	scope := ScopeFor(s, desired)
	read := make([]Resource, 0, len(live))
	for _, r := range live {
		if scope.Reads(r.Kind) {
			read = append(read, r)
		}
	}
	rns := renames(desired, read)
	prune := s.Settings.Prune == nil || *s.Settings.Prune
	p, err := Diff(desired, read, DiffOptions{Prune: prune, Spec: s.File, Targets: targets, Ignore: ignore(s)})
	if err != nil {
		return nil, err
	}
	p.Renames = rns
	p.ids, p.live = NewIDs(read), index(read)
	p.Kinds = scope.Kinds()
	for _, r := range read {
		if r.Shallow {
			p.Shallow = append(p.Shallow, r.Ref())
		}
	}
	return p, nil
}

// CheckFresh reads the live organization as a saved plan's was read and
// refuses the plan when it has changed since; otherwise the plan is ready
// to apply, with the AWS IDs of what is live.
func CheckFresh(ctx context.Context, p *Plan, providers []Provider) error {
	live, _, err := ReadLive(ctx, providers, ScopeExcept(p.Shallow, p.Kinds))
	if err != nil {
		return err
	}
	for _, rn := range p.Renames {
		rename(live, rn)
	}
	if LiveDigest(live) != p.LiveDigest {
		return ErrStale
	}
	p.ids, p.live = NewIDs(live), index(live)
	return nil
}

// ErrStale refuses a saved plan made against an organization that has
// changed since.
var ErrStale = errors.New("the organization has changed since the plan was made")

// providerFor returns the provider of kind k.
func providerFor(providers []Provider, k Kind) Provider {
	for _, p := range providers {
		if slices.Contains(p.Kinds(), k) {
			return p
		}
	}
	return nil
}
