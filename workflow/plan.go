package workflow

import (
	"context"
	"strings"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// Plan reads the organization and plans the changes that make it equal
// the spec, limited to targets when given. The plan knows the commit its
// spec came from (source, or nil) and the commit recorded as live.
func Plan(ctx context.Context, s *spec.Spec, providers []Provider, source *engine.GitCommit, targets ...engine.Ref) (*engine.Plan, error) {
	p, err := engine.MakePlan(ctx, s, providers, targets...)
	if err != nil {
		return nil, err
	}
	p.Settings = Settings(s)
	p.Source = source
	liveCommit(p, providers)
	return p, nil
}

// Settings are the spec's settings a saved plan carries, so that it
// applies (and is checked) without its spec: the role new accounts get,
// where the services are.
func Settings(s *spec.Spec) map[string]string {
	m := map[string]string{
		"crossAccountRole": s.Settings.CrossAccountRole,
		"homeRegion":       s.Settings.HomeRegion,
		"regions":          strings.Join(s.Settings.Regions, ","),
	}
	if id := s.Settings.CrossAccountExternalID; id != "" {
		m["crossAccountExternalId"] = id
	}
	return m
}
