// Package inspector is the provider of Amazon Inspector, organization-wide:
// it designates the security account Inspector's delegated administrator
// in each governed region, from the management account, and, as that
// account (through settings.crossAccountRole), keeps each region's
// organization configuration (the scan types accounts that join later
// get) and, with members: all, enrols the accounts already in the
// organization as its members with the spec's scan types.
//
// Calls by account and region:
//
//	management, each region:    ListDelegatedAdminAccounts,
//	                            Enable/DisableDelegatedAdminAccount
//	management, home region:    organizations:ListAccounts (enrolment, --members)
//	administrator, each region: DescribeOrganizationConfiguration,
//	                            Enable (itself), UpdateOrganizationConfiguration;
//	                            ListMembers, BatchGetAccountStatus (enrolment, --members),
//	                            AssociateMember, Enable (members)
//
// It keeps no state between Read and Apply and imports no other provider.
package inspector

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/base"
	ins "github.com/orgctl/orgctl/services/inspector"
)

// Name of the provider, and the signing name of its service.
const Name = "inspector2"

// Inspector's request limits per account and region are not published
// for these operations; 10 a second is what the sandbox models.
var defaultRate = providers.Rate{RPS: 10, Burst: 10}

// Provider reads and changes Inspector's organization-wide settings.
type Provider struct {
	base.Base
	// enrolParallel is how many batches of accounts are enrolled at once.
	enrolParallel int
}

// New returns the provider on env's sessions and settings.
func New(env providers.Env) *Provider {
	return &Provider{Base: base.New(env, base.Options{Name: Name, Rate: defaultRate, Settle: 5 * time.Minute,
		Polling: awsapi.Polling{Interval: 2 * time.Second, Max: 15 * time.Second}, InFlight: 8}), enrolParallel: 2}
}

// Name implements engine.Provider.
func (p *Provider) Name() string { return Name }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind {
	return []engine.Kind{ins.KindAdmin, ins.KindOrgConfig, ins.KindMembers}
}

// client returns an Inspector client on cfg, paced per (service, region).
func (p *Provider) client(cfg aws.Config) *inspector2.Client {
	return inspector2.NewFromConfig(cfg, func(o *inspector2.Options) {
		o.APIOptions = append(o.APIOptions, p.APIOptions(cfg)...)
	})
}

// management returns a client of the management account in region.
func (p *Provider) management(region string) *inspector2.Client {
	return p.client(p.Management(region))
}

// admin returns a client of the administrator account in region.
func (p *Provider) admin(ctx context.Context, account, region string) (*inspector2.Client, error) {
	cfg, err := p.Account(ctx, account, region)
	if err != nil {
		return nil, err
	}
	return p.client(cfg), nil
}
