// Package securityhub is the provider of Security Hub CSPM with central
// configuration: it designates the security account Security Hub's
// administrator in each governed region, from the management account,
// and, as that account (through settings.crossAccountRole), keeps in the
// aggregation Region the finding aggregator, the organization
// configuration (CENTRAL), the configuration policies and their
// associations with the root, OUs and accounts.
//
// Calls by account and region:
//
//	management, each region:        ListOrganizationAdminAccounts,
//	                                Enable/DisableOrganizationAdminAccount
//	administrator, aggregation Region: ListFindingAggregators,
//	                                Get/Create/Update/DeleteFindingAggregator,
//	                                Describe/UpdateOrganizationConfiguration,
//	                                List/Get/Create/Update/DeleteConfigurationPolic(y|ies),
//	                                ListTagsForResource, TagResource,
//	                                ListConfigurationPolicyAssociations,
//	                                StartConfigurationPolicy(Dis)Association
//
// It keeps no state between Read and Apply and imports no other provider.
package securityhub

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/smithy-go/middleware"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	sh "github.com/orgctl/orgctl/services/securityhub"
)

// Name of the provider, and the signing name of its service.
const Name = "securityhub"

// Security Hub's published limits for these operations are a few requests
// a second (ListConfigurationPolicies and friends: 10/s); 10 is what the
// sandbox models.
var defaultRate = providers.Rate{RPS: 10, Burst: 10}

// Provider reads and changes Security Hub's organization-wide settings.
type Provider struct {
	env     providers.Env
	polling awsapi.Polling
	// settle bounds the wait for a new administrator to be able to write
	// the organization configuration, and for central configuration and
	// associations to settle: minutes on AWS.
	settle time.Duration
	bound  func(*middleware.Stack) error
}

// New returns the provider on env's sessions and settings.
func New(env providers.Env) *Provider {
	p := &Provider{env: env, polling: awsapi.Polling{Interval: 2 * time.Second, Max: 15 * time.Second},
		settle: 10 * time.Minute, bound: awsapi.Bound(8)}
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
	return []engine.Kind{sh.KindAdmin, sh.KindAggregator, sh.KindOrgConfig, sh.KindPolicy, sh.KindAssociation}
}

// client returns a Security Hub client on cfg, paced per (service, region).
func (p *Provider) client(cfg aws.Config) *securityhub.Client {
	rate := p.env.Limiters.Middleware(Name, cfg.Region, p.env.RateFor(Name, defaultRate))
	return securityhub.NewFromConfig(cfg, func(o *securityhub.Options) {
		o.APIOptions = append(o.APIOptions, p.bound, rate)
	})
}

// management returns a client of the management account in region.
func (p *Provider) management(region string) *securityhub.Client {
	return p.client(p.env.Sessions.Management(region))
}

// admin returns a client of the administrator account in region.
func (p *Provider) admin(ctx context.Context, account, region string) (*securityhub.Client, error) {
	cfg, err := p.env.Sessions.Account(ctx, account, region)
	if err != nil {
		return nil, err
	}
	return p.client(cfg), nil
}
