// Package config is the provider of AWS Config organization-wide: the
// organization aggregator the security account keeps in the home region.
// The administrator's registrations with Organizations are the
// organizations provider's (the model asks for them). orgctl does not
// create the aggregator's IAM role: when AWS Config cannot use it, the
// error says what the role needs.
//
// Calls by account and region, all in the home region:
//
//	management:    organizations ListDelegatedAdministrators (which account
//	               is AWS Config's administrator)
//	administrator: DescribeConfigurationAggregators,
//	               Put/DeleteConfigurationAggregator
//
// It keeps no state between Read and Apply and imports no other provider.
package config

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go/middleware"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	cfg "github.com/orgctl/orgctl/services/config"
)

// Name of the provider, and the signing name of its service.
const Name = "config"

// AWS Config's limits for these operations are not published per
// operation; a few a second is what its other control-plane calls take.
var defaultRate = providers.Rate{RPS: 5, Burst: 5}

// Provider reads and changes the organization aggregator.
type Provider struct {
	env   providers.Env
	bound func(*middleware.Stack) error
}

// New returns the provider on env's sessions and settings.
func New(env providers.Env) *Provider {
	if env.Limiters == nil {
		env.Limiters = &providers.Limiters{}
	}
	return &Provider{env: env, bound: awsapi.Bound(4)}
}

// Name implements engine.Provider.
func (p *Provider) Name() string { return Name }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind { return []engine.Kind{cfg.KindAggregator} }

// home is the region of the aggregator.
func (p *Provider) home() string { return p.env.Settings.HomeRegion }

// organizations returns the management account's Organizations client.
func (p *Provider) organizations() *organizations.Client {
	return organizations.NewFromConfig(p.env.Sessions.Management(p.home()),
		func(o *organizations.Options) { o.APIOptions = append(o.APIOptions, p.bound) }, p.env.PaceOrganizations)
}

// admin returns an AWS Config client of the administrator account.
func (p *Provider) admin(ctx context.Context, account string) (*configservice.Client, error) {
	c, err := p.env.Sessions.Account(ctx, account, p.home())
	if err != nil {
		return nil, err
	}
	rate := p.env.Limiters.Middleware(Name, c.Region, p.env.RateFor(Name, defaultRate))
	return configservice.NewFromConfig(c, func(o *configservice.Options) { o.APIOptions = append(o.APIOptions, p.bound, rate) }), nil
}
