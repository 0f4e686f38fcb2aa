package fms

import (
	_ "embed"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// Name is the service's name in the engine's catalogue.
const Name = "fms"

//go:embed section.go
var sectionSource []byte

func init() {
	spec.RegisterSection(spec.Section{
		Path:          Path,
		New:           func() any { return new(FirewallManager) },
		Source:        sectionSource,
		Check:         check,
		TrustedAccess: func(any) []string { return []string{Principal} },
	})
	engine.Register(engine.Service{Name: Name, Kinds: kinds, Desired: Desired})
}
