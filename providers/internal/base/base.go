// Package base holds what every service provider keeps between calls:
// its environment, how it polls and how long it waits for AWS to settle,
// and the middleware that paces and bounds its requests. A provider
// embeds a Base and builds its own service's clients with APIOptions.
package base

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/middleware"

	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

// Options describe a provider's service.
type Options struct {
	// Name is the service's signing name, which rates are keyed by.
	Name string
	// Rate is the service's request rate unless the settings say
	// otherwise: what AWS allows, or what the sandbox models.
	Rate providers.Rate
	// Settle bounds the waits for AWS to settle (a new administrator,
	// an asynchronous change): minutes on AWS.
	Settle time.Duration
	// Polling is how often an asynchronous change is checked.
	Polling awsapi.Polling
	// InFlight is how many requests a provider has in flight at once.
	InFlight int
}

// Base is embedded by a provider.
type Base struct {
	Env     providers.Env
	Polling awsapi.Polling
	Settle  time.Duration
	name    string
	rate    providers.Rate
	bound   func(*middleware.Stack) error
}

// New returns the base of a provider on env. Tests set env.Poll to poll
// fast.
func New(env providers.Env, o Options) Base {
	b := Base{Env: env, Polling: o.Polling, Settle: o.Settle, name: o.Name, rate: o.Rate, bound: awsapi.Bound(o.InFlight)}
	if env.Limiters == nil {
		b.Env.Limiters = &providers.Limiters{}
	}
	if env.Poll > 0 {
		b.Polling = awsapi.Polling{Interval: env.Poll, Max: 4 * env.Poll}
	}
	return b
}

// APIOptions bound and pace the requests of a client on cfg, per
// (service, region).
func (b *Base) APIOptions(cfg aws.Config) []func(*middleware.Stack) error {
	return []func(*middleware.Stack) error{b.bound, b.Env.Limiters.Middleware(b.name, cfg.Region, b.Env.RateFor(b.name, b.rate))}
}

// Management is the management account's config in region.
func (b *Base) Management(region string) aws.Config { return b.Env.Sessions.Management(region) }

// Account is account's config in region, through the cross-account role.
func (b *Base) Account(ctx context.Context, account, region string) (aws.Config, error) {
	return b.Env.Sessions.Account(ctx, account, region)
}
