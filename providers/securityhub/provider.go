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

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/base"
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
	base.Base
}

// New returns the provider on env's sessions and settings.
func New(env providers.Env) *Provider {
	return &Provider{Base: base.New(env, base.Options{Name: Name, Rate: defaultRate, Settle: 10 * time.Minute,
		Polling: awsapi.Polling{Interval: 2 * time.Second, Max: 15 * time.Second}, InFlight: 8})}
}

// Name implements engine.Provider.
func (p *Provider) Name() string { return Name }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind {
	return []engine.Kind{sh.KindAdmin, sh.KindAggregator, sh.KindOrgConfig, sh.KindPolicy, sh.KindAssociation}
}

// client returns a Security Hub client on cfg, paced per (service, region).
func (p *Provider) client(cfg aws.Config) *securityhub.Client {
	return securityhub.NewFromConfig(cfg, func(o *securityhub.Options) {
		o.APIOptions = append(o.APIOptions, p.APIOptions(cfg)...)
	})
}

// management returns a client of the management account in region.
func (p *Provider) management(region string) *securityhub.Client {
	return p.client(p.Management(region))
}

// admin returns a client of the administrator account in region.
func (p *Provider) admin(ctx context.Context, account, region string) (*securityhub.Client, error) {
	cfg, err := p.Account(ctx, account, region)
	if err != nil {
		return nil, err
	}
	return p.client(cfg), nil
}
