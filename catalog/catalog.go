// Package catalog lists the services orgctl manages. Adding a service is
// one line in Services: its provider package declares its provider and
// IAM actions, and, by being imported, registers its model (kinds,
// desired builder, spec sections) with the engine and the spec. Nothing
// else names a service.
package catalog

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/account"
	"github.com/orgctl/orgctl/providers/auditmanager"
	"github.com/orgctl/orgctl/providers/cloudtrail"
	"github.com/orgctl/orgctl/providers/config"
	"github.com/orgctl/orgctl/providers/conformance"
	"github.com/orgctl/orgctl/providers/detective"
	"github.com/orgctl/orgctl/providers/fms"
	"github.com/orgctl/orgctl/providers/fmspolicies"
	"github.com/orgctl/orgctl/providers/guardduty"
	"github.com/orgctl/orgctl/providers/inspector"
	"github.com/orgctl/orgctl/providers/macie"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/securityhub"
)

// Services orgctl manages, in the order their providers read.
var Services = []providers.Service{
	orgp.Service,
	cloudtrail.Service,
	guardduty.Service,
	macie.Service,
	detective.Service,
	securityhub.Service,
	account.Service,
	inspector.Service,
	auditmanager.Service,
	config.Service,
	conformance.Service,
	fms.Service,
	fmspolicies.Service,
}

// Providers builds every service's provider on env.
func Providers(env providers.Env) []engine.Provider {
	out := make([]engine.Provider, len(Services))
	for i, s := range Services {
		out[i] = s.New(env)
	}
	return out
}

// Permissions lists every service's IAM actions.
func Permissions() []providers.Permissions {
	out := make([]providers.Permissions, len(Services))
	for i, s := range Services {
		out[i] = s.Permissions
	}
	return out
}
