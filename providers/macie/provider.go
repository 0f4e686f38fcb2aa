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

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/base"
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
	return []engine.Kind{mc.KindAdmin, mc.KindOrgConfig, mc.KindMembers}
}

// client returns a Macie client on cfg, paced per (service, region).
func (p *Provider) client(cfg aws.Config) *macie2.Client {
	return macie2.NewFromConfig(cfg, func(o *macie2.Options) {
		o.APIOptions = append(o.APIOptions, p.APIOptions(cfg)...)
	})
}

// management returns a client of the management account in region.
func (p *Provider) management(region string) *macie2.Client {
	return p.client(p.Management(region))
}

// admin returns a client of the administrator account in region.
func (p *Provider) admin(ctx context.Context, account, region string) (*macie2.Client, error) {
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
