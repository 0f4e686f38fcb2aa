// Package detective is the provider of Amazon Detective, organization-wide:
// it designates the security account Detective's administrator in each
// governed region, from the management account (which makes the
// organization behavior graph), and, as that account (through
// settings.crossAccountRole), keeps each region's organization
// configuration (whether accounts that join become members) and enrols
// the accounts already in the organization (members: all).
//
// Calls by account and region:
//
//	management, each region:    ListOrganizationAdminAccounts (with the
//	                            graph's ARN),
//	                            Enable/DisableOrganizationAdminAccount
//	management, Organizations:  ListAccounts (enrolment, or --members)
//	administrator, each region: DescribeOrganizationConfiguration;
//	                            ListGraphs and UpdateOrganizationConfiguration
//	                            (apply); ListMembers (enrolment, or
//	                            --members); CreateMembers (50 accounts a call)
//
// It keeps no state between Read and Apply and imports no other provider.
package detective

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/detective"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/base"
	"github.com/orgctl/orgctl/providers/internal/members"
	dt "github.com/orgctl/orgctl/services/detective"
)

// Name of the provider, and the signing name of its service.
const Name = "detective"

// Detective's request limits are not published for these operations; 10 a
// second per account and region is what orgctl keeps to.
var defaultRate = providers.Rate{RPS: 10, Burst: 10}

// Enrolment: CreateMembers takes at most 50 accounts a call (its model's
// AccountList); two calls at once in a region.
const (
	enrolBatch    = 50
	enrolParallel = 2
)

// Provider reads and changes Detective's organization-wide settings.
type Provider struct {
	base.Base
}

// New returns the provider on env's sessions and settings.
func New(env providers.Env) *Provider {
	return &Provider{Base: base.New(env, base.Options{Name: Name, Rate: defaultRate, Settle: 5 * time.Minute,
		Polling: awsapi.Polling{Interval: 2 * time.Second, Max: 15 * time.Second}, InFlight: 8})}
}

// Name implements engine.Provider.
func (p *Provider) Name() string { return Name }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind {
	return []engine.Kind{dt.KindAdmin, dt.KindOrgConfig, dt.KindMembers}
}

// client returns a Detective client on cfg, paced per (service, region).
func (p *Provider) client(cfg aws.Config) *detective.Client {
	return detective.NewFromConfig(cfg, func(o *detective.Options) {
		o.APIOptions = append(o.APIOptions, p.APIOptions(cfg)...)
	})
}

// management returns a client of the management account in region.
func (p *Provider) management(region string) *detective.Client {
	return p.client(p.Management(region))
}

// admin returns a client of the administrator account in region.
func (p *Provider) admin(ctx context.Context, account, region string) (*detective.Client, error) {
	cfg, err := p.Account(ctx, account, region)
	if err != nil {
		return nil, err
	}
	return p.client(cfg), nil
}

// active lists the organization's active accounts, as the management
// account sees them in the home region.
func (p *Provider) active(ctx context.Context) ([]members.Account, error) {
	return members.Active(ctx, p.Env.Sessions.Management(p.Env.Settings.HomeRegion), p.Env.PaceOrganizations)
}
