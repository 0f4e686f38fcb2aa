package fmspolicies

import (
	_ "embed"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// Name is the service's name in the engine's catalogue.
const Name = "fmspolicies"

//go:embed section.go
var sectionSource []byte

func init() {
	spec.RegisterSection(spec.Section{
		Path:   Path,
		New:    func() any { return new(FirewallPolicies) },
		Source: sectionSource,
		Check:  check,
	})
	engine.Register(engine.Service{Name: Name, Kinds: kinds, Desired: Desired})
}
