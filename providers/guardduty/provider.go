// Package guardduty is the provider of GuardDuty, organization-wide: it
// designates the security account GuardDuty's administrator in each
// governed region, from the management account, and, as that account
// (through settings.crossAccountRole), keeps each region's organization
// configuration: which accounts are enrolled and with which protection
// plans.
//
// Calls by account and region:
//
//	management, each region:  ListOrganizationAdminAccounts,
//	                          Enable/DisableOrganizationAdminAccount
//	administrator, each region: ListDetectors,
//	                          Describe/UpdateOrganizationConfiguration
//
// It keeps no state between Read and Apply and imports no other provider.
package guardduty

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/base"
	gd "github.com/orgctl/orgctl/services/guardduty"
)

// Name of the provider, and the signing name of its service.
const Name = "guardduty"

// GuardDuty's request limits per account and region are not published
// for these operations; 10 a second is what the sandbox models.
var defaultRate = providers.Rate{RPS: 10, Burst: 10}

// Provider reads and changes GuardDuty's organization-wide settings.
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
func (p *Provider) Kinds() []engine.Kind { return []engine.Kind{gd.KindAdmin, gd.KindOrgConfig} }

// client returns a GuardDuty client on cfg, paced per (service, region).
func (p *Provider) client(cfg aws.Config) *guardduty.Client {
	return guardduty.NewFromConfig(cfg, func(o *guardduty.Options) {
		o.APIOptions = append(o.APIOptions, p.APIOptions(cfg)...)
	})
}

// management returns a client of the management account in region.
func (p *Provider) management(region string) *guardduty.Client {
	return p.client(p.Management(region))
}

// admin returns a client of the administrator account in region.
func (p *Provider) admin(ctx context.Context, account, region string) (*guardduty.Client, error) {
	cfg, err := p.Account(ctx, account, region)
	if err != nil {
		return nil, err
	}
	return p.client(cfg), nil
}
