package organizations

import "github.com/orgctl/orgctl/engine"

// Name is the service's name in the engine's catalogue.
const Name = "organizations"

func init() {
	engine.Register(engine.Service{
		Name:    Name,
		Kinds:   kinds,
		Desired: Desired,
		Predict: predictDefaultPolicies,
		Always:  true,
		Ignore:  ignoring,
		Rename:  renameLive,
	})
}
