// Package conformance is the provider of AWS Config's organization
// guardrails: the organization conformance packs and organization Config
// rules that AWS Config's delegated administrator deploys, per Region.
// The administrator's registrations are the organizations provider's
// (the model asks for them). Apply waits, with a bound, for each
// deployment to finish in every account, reporting progress, and names
// the accounts where it failed with AWS's reason (an account without a
// configuration recorder: a prerequisite orgctl does not create).
//
// AWS never returns a pack's template: orgctl keeps its hash in a tag of
// the pack (services/conformance.TemplateTag), set at creation and by
// TagResource on each update.
//
// Calls by account and region of a no-change plan:
//
//	management:    organizations ListDelegatedAdministrators (home region);
//	               ListAccounts only when a pack or rule excludes accounts
//	administrator: per governed region, DescribeOrganizationConformancePacks,
//	               DescribeOrganizationConformancePackStatuses and
//	               ListTagsForResource per pack; DescribeOrganizationConfigRules,
//	               DescribeOrganizationConfigRuleStatuses, and
//	               ListTagsForResource per rule the spec does not name
//
// A plan where a pack or rule is still to be deployed in a Region (not
// live, or its last deployment did not succeed) adds, there, one
// DescribeConfigurationRecorderStatus per target account through the
// cross-account role, so that the plan says which have no recorder; with
// Settings.Members (--members), in every Region the spec deploys to.
//
// Apply adds, per pack or rule changed, the statuses of its deployment
// until it ends (Describe...Statuses, Get...DetailedStatus) and, when it
// failed, ListAccounts from the management account to name the accounts.
//
// It keeps no state between Read and Apply and imports no other provider.
package conformance

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go/middleware"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	cp "github.com/orgctl/orgctl/services/conformance"
)

// Name of the provider; its requests are AWS Config's ("config").
const (
	Name    = "conformance"
	signing = "config"
)

// AWS Config's limits for these operations are not published per
// operation; a few a second is what its control-plane calls take.
var defaultRate = providers.Rate{RPS: 5, Burst: 5}

// Provider reads and changes organization packs and rules.
type Provider struct {
	env     providers.Env
	polling awsapi.Polling
	// deploy bounds the wait for a deployment to every account: AWS
	// takes minutes, an organization of hundreds of accounts longer.
	deploy time.Duration
	bound  func(*middleware.Stack) error
}

// New returns the provider on env's sessions and settings.
func New(env providers.Env) *Provider {
	p := &Provider{env: env, polling: awsapi.Polling{Interval: 10 * time.Second, Max: time.Minute},
		deploy: 30 * time.Minute, bound: awsapi.Bound(4)}
	if env.Limiters == nil {
		p.env.Limiters = &providers.Limiters{}
	}
	if env.Poll > 0 {
		p.polling = awsapi.Polling{Interval: env.Poll, Max: 4 * env.Poll}
	}
	return p
}

// WithDeployTimeout returns p waiting at most d for a deployment.
func (p *Provider) WithDeployTimeout(d time.Duration) *Provider { p.deploy = d; return p }

// Name implements engine.Provider.
func (p *Provider) Name() string { return Name }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind {
	return []engine.Kind{cp.KindPack, cp.KindRule, cp.KindRecorders}
}

func (p *Provider) home() string { return p.env.Settings.HomeRegion }

// organizations returns the management account's Organizations client.
func (p *Provider) organizations() *organizations.Client {
	return organizations.NewFromConfig(p.env.Sessions.Management(p.home()),
		func(o *organizations.Options) { o.APIOptions = append(o.APIOptions, p.bound) }, p.env.PaceOrganizations)
}

// admin returns an AWS Config client of the administrator in region.
func (p *Provider) admin(ctx context.Context, account, region string) (*configservice.Client, error) {
	c, err := p.env.Sessions.Account(ctx, account, region)
	if err != nil {
		return nil, err
	}
	rate := p.env.Limiters.Middleware(signing, c.Region, p.env.RateFor(signing, defaultRate))
	return configservice.NewFromConfig(c, func(o *configservice.Options) { o.APIOptions = append(o.APIOptions, p.bound, rate) }), nil
}

var errs = awsapi.Errors{Hints: map[string]string{
	"OrganizationAccessDeniedException":                        "the administrator must be AWS Config's registered delegated administrator for config-multiaccountsetup.amazonaws.com, with trusted access; orgctl registers it first, so rerun apply if it was just registered",
	"OrganizationAllFeaturesNotEnabledException":               "organization packs and rules need the organization's feature set ALL (organization.featureSet)",
	"MaxNumberOfOrganizationConformancePacksExceededException": "the organization has AWS Config's maximum of organization conformance packs; remove one it no longer needs",
	"MaxNumberOfOrganizationConfigRulesExceededException":      "the organization has AWS Config's maximum of organization Config rules; remove one it no longer needs",
	"ResourceInUseException":                                   "a deployment of it is still running; rerun apply once it has finished",
	"OrganizationConformancePackTemplateValidationException":   "AWS Config refused the pack's template: orgctl checks that it is YAML with Resources, AWS checks the rest (CloudFormation syntax, the rules' identifiers and parameters); fix the template file",
}}

func apiError(op string, err error) error { return errs.Wrap(op, err) }
