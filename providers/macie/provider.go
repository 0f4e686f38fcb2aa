// Package macie is the provider of Amazon Macie, organization-wide: it
// designates the security account Macie's administrator in each governed
// region, from the management account, and, as that account (through
// settings.crossAccountRole), keeps each region's organization
// configuration (whether accounts that join are enrolled) and enrols the
// accounts already in the organization (members: all).
//
// Calls by account and region:
//
//	management, each region:    ListOrganizationAdminAccounts,
//	                            Enable/DisableOrganizationAdminAccount
//	management, Organizations:  ListAccounts (enrolment, or --members)
//	administrator, each region: Describe/UpdateOrganizationConfiguration,
//	                            ListMembers (enrolment, or --members),
//	                            CreateMember (one account a call)
//
// It keeps no state between Read and Apply and imports no other provider.
package macie

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/smithy-go/middleware"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/members"
	mc "github.com/orgctl/orgctl/services/macie"
)

// Name of the provider, and the signing name of its service.
const Name = "macie2"

// Macie's request limits are not published for these operations; 10 a
// second per account and region is what orgctl keeps to.
var defaultRate = providers.Rate{RPS: 10, Burst: 10}

// enrolParallel bounds the CreateMember calls under way at once in a region.
const enrolParallel = 4

// Provider reads and changes Macie's organization-wide settings.
type Provider struct {
	env     providers.Env
	polling awsapi.Polling
	// settle bounds the wait for a new administrator to be able to write
	// the organization configuration: minutes on AWS.
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
func (p *Provider) Kinds() []engine.Kind {
	return []engine.Kind{mc.KindAdmin, mc.KindOrgConfig, mc.KindMembers}
}

// client returns a Macie client on cfg, paced per (service, region).
func (p *Provider) client(cfg aws.Config) *macie2.Client {
	rate := p.env.Limiters.Middleware(Name, cfg.Region, p.env.RateFor(Name, defaultRate))
	return macie2.NewFromConfig(cfg, func(o *macie2.Options) {
		o.APIOptions = append(o.APIOptions, p.bound, rate)
	})
}

// management returns a client of the management account in region.
func (p *Provider) management(region string) *macie2.Client {
	return p.client(p.env.Sessions.Management(region))
}

// admin returns a client of the administrator account in region.
func (p *Provider) admin(ctx context.Context, account, region string) (*macie2.Client, error) {
	cfg, err := p.env.Sessions.Account(ctx, account, region)
	if err != nil {
		return nil, err
	}
	return p.client(cfg), nil
}

// active lists the organization's active accounts, as the management
// account sees them in the home region.
func (p *Provider) active(ctx context.Context) ([]members.Account, error) {
	return members.Active(ctx, p.env.Sessions.Management(p.env.Settings.HomeRegion))
}
