// Package account is the provider of AWS Account Management's Regions: it
// reads, never changes, the opt-in status of the opt-in Regions the spec
// governs (settings.regions and the home Region) in the management
// account and in each account that configures a regional service there
// (an administrator: services/account.Caller), so that the plan refuses a
// Region one of them has not enabled. Each account reads its own status,
// without AccountId (the management account directly, the others through
// settings.crossAccountRole), so that no trusted access for
// account.amazonaws.com is needed.
//
// Calls by account and region, only when a governed Region is opt-in
// (none otherwise):
//
//	management, in us-east-1 (the global endpoints): ListAccounts
//	                  (Organizations, to find the administrators' IDs),
//	                  GetRegionOptStatus per governed opt-in Region
//	each administrator, the same: ListRegions (one page of every Region)
//
// It keeps no state between Read and Apply, and Apply changes nothing.
package account

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go/middleware"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/services/regional"
)

// Name of the provider, and the signing name of its service.
const Name = "account"

// Account Management publishes a bucket per Region operation and account
// (facts.AccountThrottles), and none for the service: 10 a second over
// all is assumed, as the sandbox models. Organizations' ListAccounts
// keeps providers.OrganizationsRate, with the other clients of
// Organizations.
var defaultRate = providers.Rate{RPS: 10, Burst: 10, Ops: accountOps()}

func accountOps() map[string]providers.Rate {
	ops := map[string]providers.Rate{}
	for op, t := range facts.AccountThrottles {
		ops[op] = providers.Rate{RPS: t.RPS, Burst: t.Burst}
	}
	return ops
}

// Provider reads the opt-in status of governed Regions.
type Provider struct {
	env   providers.Env
	bound func(*middleware.Stack) error
}

// New returns the provider on env's sessions and settings.
func New(env providers.Env) *Provider {
	p := &Provider{env: env, bound: awsapi.Bound(8)}
	if env.Limiters == nil {
		p.env.Limiters = &providers.Limiters{}
	}
	return p
}

// Name implements engine.Provider.
func (p *Provider) Name() string { return Name }

// Kinds implements engine.Provider.
func (p *Provider) Kinds() []engine.Kind { return []engine.Kind{regional.KindRegion} }

// Apply implements engine.Provider: orgctl never enables or disables a
// Region, and no plan asks it to.
func (p *Provider) Apply(_ context.Context, c *engine.Change, _ *engine.IDs) (string, error) {
	return "", fmt.Errorf("%s %s: orgctl does not enable or disable Regions: that is the account owner's choice, and takes minutes to hours; "+
		"enable it with AWS Account Management (aws account enable-region) and wait until it is ENABLED", c.Action, c.Ref())
}

// optInRegions are the governed Regions, the home Region among them,
// that are opt-in.
func (p *Provider) optInRegions() []string {
	var out []string
	for _, r := range append([]string{p.env.Settings.HomeRegion}, p.env.Settings.Regions...) {
		if f, ok := facts.LookupRegion(r); ok && f.OptIn && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// globalRegion is where the partition of regions serves Account
// Management and Organizations: us-east-1 in AWS's commercial partition.
func globalRegion(regions []string) string {
	if f, ok := facts.LookupRegion(regions[0]); ok {
		switch f.Partition {
		case "aws-cn":
			return "cn-northwest-1"
		case "aws-us-gov":
			return "us-gov-west-1"
		}
	}
	return "us-east-1"
}

// client returns an Account Management client of account in region,
// paced per region.
func (p *Provider) client(ctx context.Context, accountID, region string) (*account.Client, error) {
	cfg, err := p.env.Sessions.Account(ctx, accountID, region)
	if err != nil {
		return nil, err
	}
	rate := p.env.Limiters.Middleware(Name, region, p.env.RateFor(Name, defaultRate))
	return account.NewFromConfig(cfg, func(o *account.Options) {
		o.APIOptions = append(o.APIOptions, p.bound, rate)
	}), nil
}

// org returns the management account's Organizations client, as the
// Organizations provider makes it (the base config's Region), paced with
// its requests.
func (p *Provider) org() *organizations.Client {
	return organizations.NewFromConfig(p.env.Sessions.Management(""), func(o *organizations.Options) {
		o.APIOptions = append(o.APIOptions, p.bound)
	}, p.env.PaceOrganizations)
}

var errs = awsapi.Errors{Hints: map[string]string{
	"AccessDeniedException": "see orgctl iam-policy --for plan, for the management identity and --identity cross-account",
}}

func apiError(op string, err error) error { return errs.Wrap(op, err) }
