// Package providers says what a provider is given and what it declares,
// so that a service's provider is built the same way as every other:
// from an Env, by the Factory its service registers, asking for the IAM
// actions its Permissions list. The providers themselves are the packages
// below (providers/organizations, providers/guardduty, ...); none imports
// another, and providers/internal holds what they share.
package providers

import (
	"time"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/awsconfig"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

// Env is what a provider is built from.
type Env struct {
	// Sessions give AWS configs per (account, region): the management
	// account's from the credential chain, others through AssumeRole.
	Sessions *awsconfig.Sessions
	// Settings of the spec (or of a saved plan).
	Settings Settings
	// Poll paces polls of asynchronous work; zero leaves each provider's
	// default, paced for AWS (a sandbox is faster).
	Poll time.Duration
	// Rates pace requests per service signing name ("organizations"), or
	// "*" for every service not named; a service absent from it keeps its
	// provider's default, a zero Rate is no limit.
	Rates map[string]Rate
	// Limiters hold the token buckets, shared by every provider of a run.
	Limiters *Limiters
	// Verbose, when set, prints a line for -v: what a read assumed.
	Verbose func(format string, args ...any)
}

// Limiters pace requests per (service, region).
type Limiters = awsapi.Limiters

// Rate is a request limit: RPS requests a second, Burst at once.
type Rate = awsapi.Rate

// RateFor returns the rate for service: Rates' when set, else def.
func (e Env) RateFor(service string, def Rate) Rate {
	if r, ok := e.Rates[service]; ok {
		return r
	}
	if r, ok := e.Rates["*"]; ok {
		return r
	}
	return def
}

// Settings are the spec's settings that providers need.
type Settings struct {
	// HomeRegion holds global and organization-wide resources.
	HomeRegion string
	// Regions are where regional services are configured.
	Regions []string
	// CrossAccountRole is the role assumed in member accounts, and the
	// role new accounts are created with; CrossAccountExternalID, when
	// set, is passed to STS with it.
	CrossAccountRole       string
	CrossAccountExternalID string
	// Members asks the services that enrol existing accounts (Macie,
	// Inspector, Detective) to read who is enrolled: a listing per region
	// and service, so plans make it only with --members, and otherwise
	// trust that an enabled organization configuration enrolled them.
	Members bool
	// NoWait leaves long deployments (conformance packs, organization
	// Config rules) running when apply has started them.
	NoWait bool
}

// Factory builds a service's provider.
type Factory func(env Env) engine.Provider

// Permissions are the IAM actions a provider's requests need, declared
// next to the code that makes them, for `orgctl iam-policy`.
type Permissions struct {
	// Read are the requests Read makes: all that plan and drift need.
	Read []string
	// ApplyRead are reads only Apply makes.
	ApplyRead []string
	// Write are the changes Apply makes.
	Write []string
	// Unplanned are requests the provider has code for but no plan can
	// contain yet, so orgctl does not ask for them.
	Unplanned []string
	// Implied maps an action to the permissions AWS checks for what it
	// does on the caller's behalf.
	Implied map[string][]Implied
	// CrossAccount lists the actions made in other accounts than the
	// management account, through settings.crossAccountRole: the role
	// there needs them, and the management account's identity needs
	// sts:AssumeRole on it.
	CrossAccount []string
}

// Implied is a permission AWS checks for what an action does on the
// caller's behalf. No request names it, so no request log shows it.
type Implied struct {
	Action    string
	Resource  string
	Condition map[string]map[string]string
}

// Service is what a provider package declares to the catalogue: the
// engine service it carries out (by name: its kinds, desired builder and
// spec sections register themselves from the service's model package),
// how to build its provider, and the IAM actions it needs.
type Service struct {
	Name        string
	New         Factory
	Permissions Permissions
}
