package engine

import (
	"fmt"
	"slices"

	"github.com/orgctl/orgctl/spec"
)

// Service is what one AWS service family registers with the engine: the
// kinds of resources it manages, how the spec asks for them, and what AWS
// does by itself when they change. The engine names no service; it learns
// them all through Register.
type Service struct {
	// Name of the service family, e.g. "organizations".
	Name string
	// Kinds of resources it manages.
	Kinds []KindInfo
	// Desired returns the resources the spec asks for. It may assume a
	// valid spec: Load has checked it.
	Desired func(s *spec.Spec) []Resource
	// Predict, when set, foresees live resources that creating desired
	// ones will make appear (AWS attaches FullAWSAccess to a new OU).
	Predict Predictor
	// Always is set for a service that is read whatever the spec asks
	// (the organization itself); others are read only when the spec asks
	// something of them.
	Always bool
	// Ignore, when set, returns what of the service's live resources the
	// spec tells orgctl to leave alone (settings.ignore).
	Ignore func(s *spec.Spec) func(Resource) bool
	// Rename, when set, rewrites the service's live resources in place
	// for a resource the spec renames (rename.go): what names the old key
	// names the new one.
	Rename func(live []Resource, rn Rename)
}

var services []Service

// Register adds a service; it is called from the service's init function.
// Registering a service or a kind twice is a programming error.
func Register(svc Service) {
	for _, s := range services {
		if s.Name == svc.Name {
			panic("engine: service registered twice: " + svc.Name)
		}
	}
	for _, k := range svc.Kinds {
		registerKind(k)
	}
	if svc.Predict != nil {
		predictors = append(predictors, svc.Predict)
	}
	services = append(services, svc)
}

// Services lists the registered services, in registration order.
func Services() []Service { return slices.Clone(services) }

// ServiceOf returns the name of the service that registered kind k.
func ServiceOf(k Kind) (string, error) {
	for _, s := range services {
		for _, ki := range s.Kinds {
			if ki.Kind == k {
				return s.Name, nil
			}
		}
	}
	return "", fmt.Errorf("no service registers kind %q", k)
}

// Desired returns every resource the spec asks for, of every service.
func Desired(s *spec.Spec) []Resource {
	var out []Resource
	for _, svc := range services {
		if svc.Desired != nil {
			out = append(out, svc.Desired(s)...)
		}
	}
	return out
}

// ignore composes the services' Ignore rules for a spec; nil when none.
func ignore(s *spec.Spec) func(Resource) bool {
	var rules []func(Resource) bool
	for _, svc := range services {
		if svc.Ignore != nil {
			if f := svc.Ignore(s); f != nil {
				rules = append(rules, f)
			}
		}
	}
	if len(rules) == 0 {
		return nil
	}
	return func(r Resource) bool {
		for _, f := range rules {
			if f(r) {
				return true
			}
		}
		return false
	}
}
