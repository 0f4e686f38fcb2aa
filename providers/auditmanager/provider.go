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

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/base"
	am "github.com/orgctl/orgctl/services/auditmanager"
)

// Name of the provider, and the signing name of its service.
const Name = "auditmanager"

// Audit Manager's request limits are not published for these
// operations; 10 a second is what the sandbox models.
var defaultRate = providers.Rate{RPS: 10, Burst: 10}

// Provider reads and changes Audit Manager's organization-wide settings.
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
func (p *Provider) Kinds() []engine.Kind { return []engine.Kind{am.KindAdmin, am.KindAccount} }

func (p *Provider) client(cfg aws.Config) *auditmanager.Client {
	return auditmanager.NewFromConfig(cfg, func(o *auditmanager.Options) {
		o.APIOptions = append(o.APIOptions, p.APIOptions(cfg)...)
	})
}

func (p *Provider) management(region string) *auditmanager.Client {
	return p.client(p.Management(region))
}

func (p *Provider) admin(ctx context.Context, account, region string) (*auditmanager.Client, error) {
	cfg, err := p.Account(ctx, account, region)
	if err != nil {
		return nil, err
	}
	return p.client(cfg), nil
}
