package engine

import (
	"context"
	"fmt"
	"slices"

	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/spec"
)

// Provider reads and changes the resources of one AWS service family. The
// engine never sees AWS types: a provider translates between resources and
// API calls, and keeps whatever IDs it needs (an OU's ou-... ID for its
// path) to itself.
type Provider interface {
	// Name of the provider, e.g. "organizations".
	Name() string
	// Kinds it reads and changes.
	Kinds() []Kind
	// Read returns the live resources of its kinds. It changes nothing.
	Read(ctx context.Context) ([]Resource, error)
	// Apply carries out one change. It is idempotent: a change that is
	// already in effect succeeds.
	Apply(ctx context.Context, c *Change) error
}

// Desired returns every resource the spec asks for.
func Desired(s *spec.Spec) []Resource {
	return desiredOrg(s)
}

// ReadLive reads all providers concurrently. Resources of one provider
// keep their order; providers come in the order given.
func ReadLive(ctx context.Context, providers []Provider) ([]Resource, error) {
	parts := make([][]Resource, len(providers))
	g, ctx := errgroup.WithContext(ctx)
	for i, p := range providers {
		g.Go(func() error {
			rs, err := p.Read(ctx)
			if err != nil {
				return fmt.Errorf("reading %s: %w", p.Name(), err)
			}
			parts[i] = rs
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return slices.Concat(parts...), nil
}

// MakePlan reads the live organization and plans the changes that make it
// equal the spec; targets, when given, limit it as DiffOptions.Targets.
func MakePlan(ctx context.Context, s *spec.Spec, providers []Provider, targets ...Ref) (*Plan, error) {
	live, err := ReadLive(ctx, providers)
	if err != nil {
		return nil, err
	}
	prune := s.Settings.Prune == nil || *s.Settings.Prune
	return Diff(Desired(s), live, DiffOptions{Prune: prune, Spec: s.File, Targets: targets})
}

// providerFor returns the provider of kind k.
func providerFor(providers []Provider, k Kind) Provider {
	for _, p := range providers {
		if slices.Contains(p.Kinds(), k) {
			return p
		}
	}
	return nil
}
