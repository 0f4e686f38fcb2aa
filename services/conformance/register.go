package conformance

import (
	_ "embed"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// Name is the service's name in the engine's catalogue.
const Name = "conformance"

// The sections' places in org.yaml: top-level lists.
const (
	PacksPath = "conformancePacks"
	RulesPath = "configRules"
)

//go:embed section.go
var sectionSource []byte

func init() {
	trusted := func(any) []string { return []string{Principal} }
	spec.RegisterSection(spec.Section{Path: PacksPath, New: func() any { return new(ConformancePacks) },
		Source: sectionSource, Check: checkPacks, TrustedAccess: trusted})
	spec.RegisterSection(spec.Section{Path: RulesPath, New: func() any { return new(ConfigRules) },
		Source: sectionSource, Check: checkRules, TrustedAccess: trusted})
	engine.Register(engine.Service{Name: Name, Kinds: kinds, Desired: Desired})
}
