// Package auditmanager is the provider of AWS Audit Manager,
// organization-wide: it registers the security account as Audit Manager's
// delegated administrator in each governed region, from the management
// account, and, as that account (through settings.crossAccountRole),
// registers Audit Manager there.
//
// Calls by account and region:
//
//	management, each region:    GetOrganizationAdminAccount,
//	                            Register/DeregisterOrganizationAdminAccount
//	administrator, each region: GetAccountStatus, RegisterAccount
//
// It keeps no state between Read and Apply and imports no other provider.
package auditmanager

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/smithy-go/middleware"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	am "github.com/orgctl/orgctl/services/auditmanager"
)

// Name of the provider, and the signing name of its service.
const Name = "auditmanager"

// Audit Manager's request limits are not published for these
// operations; 10 a second is what the sandbox models.
var defaultRate = providers.Rate{RPS: 10, Burst: 10}

// Provider reads and changes Audit Manager's organization-wide settings.
type Provider struct {
	env     providers.Env
	polling awsapi.Polling
	// settle bounds the wait for a new administrator to be able to
	// register Audit Manager for itself.
	settle time.Duration
	bound  func(*middleware.Stack) error
}

// New returns the provider on env's sessions and settings.
func New(env providers.Env) *Provider {
	p := &Provider{env: env, polling: awsapi.Polling{Interval: 2 * time.Second, Max: 15 * time.Second},
		settle: 5 * time.Minute, bound: awsapi.Bound(8)}
	if env.Limiters == nil {
		p.env.Limiters = &providers.Limiters{}
	}
	if env.Poll > 0 {
		p.polling = awsapi.Polling{Interval: env.Poll, Max: 4 * env.Poll}
	}
	return p
}

// Name implements engine.Provider.
func (p *Provider) Name() string { return Name }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind { return []engine.Kind{am.KindAdmin, am.KindAccount} }

func (p *Provider) client(cfg aws.Config) *auditmanager.Client {
	rate := p.env.Limiters.Middleware(Name, cfg.Region, p.env.RateFor(Name, defaultRate))
	return auditmanager.NewFromConfig(cfg, func(o *auditmanager.Options) {
		o.APIOptions = append(o.APIOptions, p.bound, rate)
	})
}

func (p *Provider) management(region string) *auditmanager.Client {
	return p.client(p.env.Sessions.Management(region))
}

func (p *Provider) admin(ctx context.Context, account, region string) (*auditmanager.Client, error) {
	cfg, err := p.env.Sessions.Account(ctx, account, region)
	if err != nil {
		return nil, err
	}
	return p.client(cfg), nil
}
