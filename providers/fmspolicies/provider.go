// Package fmspolicies is the provider of AWS Firewall Manager's policies:
// made, read, updated and deleted by Firewall Manager's administrator in
// each governed region, through settings.crossAccountRole. An update
// carries the policy's PolicyUpdateToken, read just before it, and reads
// it again when another writer changed the policy in between.
//
// Calls of a no-change plan:
//
//	management, us-east-1: GetAdminAccount
//	administrator, per region: ListPolicies; per policy ListTagsForResource,
//	  and GetPolicy for the spec's policies
//	management: DescribeOrganizationalUnit and ListParents per OU, and
//	  DescribeAccount per account, that a policy's include or exclude names
//
// It keeps no state between Read and Apply and imports no other provider.
package fmspolicies

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/fms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go/middleware"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	fm "github.com/orgctl/orgctl/services/fms"
	fp "github.com/orgctl/orgctl/services/fmspolicies"
)

// Name of the provider; its calls are paced as Firewall Manager's ("fms").
const Name = "fmspolicies"

// Firewall Manager's request limits are not published per operation; a
// few a second is what its operations allow.
var defaultRate = providers.Rate{RPS: 5, Burst: 5}

// updateAttempts bounds the re-reads of a policy another writer keeps
// changing between GetPolicy and PutPolicy.
const updateAttempts = 4

// createAttempts bounds the tries of a create that fails in transit.
const createAttempts = 5

// Provider reads and changes Firewall Manager's policies.
type Provider struct {
	env   providers.Env
	bound func(*middleware.Stack) error
	// retryWait paces the tries of a create that failed in transit.
	retryWait time.Duration
	// beforePut, in tests, runs between GetPolicy and PutPolicy.
	beforePut func()
}

// New returns the provider on env's sessions and settings.
func New(env providers.Env) *Provider {
	p := &Provider{env: env, bound: awsapi.Bound(4), retryWait: time.Second}
	if env.Poll > 0 {
		p.retryWait = env.Poll
	}
	if env.Limiters == nil {
		p.env.Limiters = &providers.Limiters{}
	}
	return p
}

// Name implements engine.Provider.
func (p *Provider) Name() string { return Name }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind { return []engine.Kind{fp.KindPolicy} }

// client returns a Firewall Manager client on cfg, paced.
func (p *Provider) client(cfg aws.Config) *fms.Client {
	rate := p.env.Limiters.Middleware("fms", cfg.Region, p.env.RateFor("fms", defaultRate))
	return fms.NewFromConfig(cfg, func(o *fms.Options) { o.APIOptions = append(o.APIOptions, p.bound, rate) })
}

// management returns the management account's Firewall Manager client in
// us-east-1, where the administrator is read.
func (p *Provider) management() *fms.Client { return p.client(p.env.Sessions.Management(fm.Region)) }

// orgs returns the management account's Organizations client.
func (p *Provider) orgs() *organizations.Client {
	return organizations.NewFromConfig(p.env.Sessions.Management(p.home()),
		func(o *organizations.Options) { o.APIOptions = append(o.APIOptions, p.bound) }, p.env.PaceOrganizations)
}

// admin returns the administrator's client in region.
func (p *Provider) admin(ctx context.Context, account, region string) (*fms.Client, error) {
	cfg, err := p.env.Sessions.Account(ctx, account, region)
	if err != nil {
		return nil, err
	}
	return p.client(cfg), nil
}

func (p *Provider) home() string {
	if p.env.Settings.HomeRegion != "" {
		return p.env.Settings.HomeRegion
	}
	return fm.Region
}

// regions are the governed regions, where policies are read.
func (p *Provider) regions() []string {
	if len(p.env.Settings.Regions) > 0 {
		return p.env.Settings.Regions
	}
	return []string{p.home()}
}

// SetBeforePut sets a function run between GetPolicy and PutPolicy, for
// tests of a token gone stale in between.
func (p *Provider) SetBeforePut(fn func()) { p.beforePut = fn }

var errs = awsapi.Errors{Hints: map[string]string{
	"AccessDeniedException":     "Firewall Manager's policies are made by its administrator (security.firewallManager), once its role is READY",
	"InvalidInputException":     "check the policy's type, resource types and managedServiceData against the Firewall Manager API reference",
	"LimitExceededException":    "Firewall Manager limits policies per administrator and region; ask AWS for more, or remove some",
	"InvalidOperationException": "Firewall Manager refused the operation in this state",
}}

func apiError(op string, err error) error { return errs.Wrap(op, err) }
