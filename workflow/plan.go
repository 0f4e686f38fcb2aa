package workflow

import (
	"context"
	"strings"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// PlanOptions say what a plan is of and where it is made.
type PlanOptions struct {
	// Source is the commit the spec came from, or nil (files on disk).
	Source *engine.GitCommit
	// Targets limit the plan (--target).
	Targets []engine.Ref
	// Endpoint names where the providers' requests go ("" for AWS's own):
	// the plan records it with the organization, and a saved plan applies
	// only through the same one.
	Endpoint string
}

// Plan reads the organization and plans the changes that make it equal
// the spec, limited to o.Targets when given. The plan knows the
// organization it was made for, the commit its spec came from and the
// commit recorded as live, and warns about how the two stand (Notes).
func Plan(ctx context.Context, s *spec.Spec, providers []Provider, o PlanOptions) (*engine.Plan, error) {
	p, err := engine.MakePlan(ctx, s, providers, o.Targets...)
	if err != nil {
		return nil, err
	}
	p.Settings = Settings(s)
	p.Source = o.Source
	p.Organization = identity(p, providers, o.Endpoint)
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
