// Package fms is the provider of AWS Firewall Manager's default
// administrator: associated from the management account in us-east-1,
// which Firewall Manager takes a while to make ready (RoleStatus CREATING,
// then READY); removed by the administrator itself, after which the
// organization is offboarding (PENDING_DELETION) for a while and no new
// administrator can be associated.
//
// Calls, all in us-east-1:
//
//	management:    GetAdminAccount, AssociateAdminAccount
//	administrator: DisassociateAdminAccount
//
// It keeps no state between Read and Apply and imports no other provider.
package fms

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/fms"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/base"
	fm "github.com/orgctl/orgctl/services/fms"
)

// Name of the provider, and the signing name of its service.
const Name = "fms"

// Firewall Manager's request limits are not published for these
// operations; a few a second is what its other operations allow.
var defaultRate = providers.Rate{RPS: 5, Burst: 5}

// Provider reads and changes Firewall Manager's default administrator.
type Provider struct {
	base.Base
}

// New returns the provider on env's sessions and settings.
func New(env providers.Env) *Provider {
	return &Provider{Base: base.New(env, base.Options{Name: Name, Rate: defaultRate, Settle: 30 * time.Minute,
		Polling: awsapi.Polling{Interval: 5 * time.Second, Max: 30 * time.Second}, InFlight: 4})}
}

// Name implements engine.Provider.
func (p *Provider) Name() string { return Name }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind { return []engine.Kind{fm.KindAdmin} }

// client returns a Firewall Manager client on cfg, paced.
func (p *Provider) client(cfg aws.Config) *fms.Client {
	return fms.NewFromConfig(cfg, func(o *fms.Options) { o.APIOptions = append(o.APIOptions, p.APIOptions(cfg)...) })
}

// management returns the management account's client in us-east-1.
func (p *Provider) management() *fms.Client {
	return p.client(p.Management(fm.Region))
}

// admin returns the administrator account's client in us-east-1.
func (p *Provider) admin(ctx context.Context, account string) (*fms.Client, error) {
	cfg, err := p.Account(ctx, account, fm.Region)
	if err != nil {
		return nil, err
	}
	return p.client(cfg), nil
}
