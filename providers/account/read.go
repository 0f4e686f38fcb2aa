package account

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	acct "github.com/orgctl/orgctl/services/account"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/services/regional"
)

// Read implements engine.Provider. With no opt-in Region governed it
// makes no call. Otherwise it lists the organization's accounts and
// reports, for each governed opt-in Region, the status in the management
// account and in each account that configures a regional service there;
// every other account's is listed shallow, without its status, so that a
// saved plan is checked reading exactly the same. It changes nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	regions := p.optInRegions()
	if !scope.Reads(regional.KindRegion) || len(regions) == 0 {
		return nil, nil
	}
	who, err := p.env.Sessions.Caller(ctx)
	if err != nil {
		return nil, fmt.Errorf("sts GetCallerIdentity: %w", err)
	}
	accounts, err := p.listAccounts(ctx)
	if err != nil {
		return nil, err
	}
	detailed := p.detailed(scope, aws.ToString(who.Account), regions[0])
	global := globalRegion(regions)
	out := make([][]engine.Resource, len(accounts))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for i, a := range accounts {
		if !detailed(a) {
			out[i] = shallow(a.id, regions)
			continue
		}
		read := p.readAccount
		if a.id == aws.ToString(who.Account) {
			read = p.readManagement
		}
		g.Go(func() error {
			rs, err := read(gctx, a.id, global, regions)
			out[i] = rs
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var all []engine.Resource
	for _, rs := range out {
		all = append(all, rs...)
	}
	return all, nil
}

// member is an account of the organization: its ID and key.
type member struct{ id, key string }

func (p *Provider) listAccounts(ctx context.Context) ([]member, error) {
	var out []member
	err := awsapi.Pages(ctx, apiError, "ListAccounts",
		organizations.NewListAccountsPaginator(p.org(), &organizations.ListAccountsInput{}),
		func(page *organizations.ListAccountsOutput) error {
			for _, a := range page.Accounts {
				out = append(out, member{id: aws.ToString(a.Id), key: orgs.AccountKey(aws.ToString(a.Email))})
			}
			return nil
		})
	return out, err
}

// detailed decides which accounts' statuses are read: the management
// account's always; in a plan of a spec, those of the accounts that
// configure a regional service in an opt-in Region; when a saved plan is
// checked, those its plan read (the others were shallow); with no scope
// (import), none but the management account's.
func (p *Provider) detailed(scope *engine.Scope, mgmt, region string) func(member) bool {
	callers, fromSpec := map[string]bool{}, false
	scope.Each(func(r *engine.Resource) {
		fromSpec = true
		if account, _, ok := acct.Caller(r); ok {
			callers[account] = true
		}
	})
	return func(m member) bool {
		switch {
		case m.id == mgmt:
			return true
		case fromSpec:
			return callers[m.key]
		case scope == nil:
			return false
		}
		return scope.Detailed(regional.Region(m.key, region))
	}
}

// shallow lists an account's Regions without their status.
func shallow(accountID string, regions []string) []engine.Resource {
	out := make([]engine.Resource, 0, len(regions))
	for _, r := range regions {
		out = append(out, engine.Resource{Kind: regional.KindRegion, Key: accountID + "/" + r, Shallow: true,
			Attrs: engine.Attrs{regional.AttrAccount: accountID, regional.AttrRegion: r}})
	}
	return out
}

// readManagement reads the management account's status of regions, one
// GetRegionOptStatus each: the management identity's policy then needs
// no action the cross-account role has (orgctl iam-policy keeps them
// apart), and few Regions are opt-in.
func (p *Provider) readManagement(ctx context.Context, accountID, global string, regions []string) ([]engine.Resource, error) {
	api, err := p.client(ctx, accountID, global)
	if err != nil {
		return nil, err
	}
	out := make([]engine.Resource, len(regions))
	g, gctx := errgroup.WithContext(ctx)
	for i, r := range regions {
		g.Go(func() error {
			st, err := awsapi.Do(gctx, func() (*account.GetRegionOptStatusOutput, error) {
				return api.GetRegionOptStatus(gctx, &account.GetRegionOptStatusInput{RegionName: aws.String(r)})
			})
			if err != nil {
				return apiError("GetRegionOptStatus "+r, err)
			}
			out[i] = status(accountID, r, string(st.RegionOptStatus))
			return nil
		})
	}
	return out, g.Wait()
}

// status is region's status s in account.
func status(accountID, region, s string) engine.Resource {
	// Keyed by the account's ID here; the engine makes it the spec's key.
	return engine.Resource{Kind: regional.KindRegion, Key: accountID + "/" + region,
		Attrs: engine.Attrs{regional.AttrAccount: accountID, regional.AttrRegion: region, regional.AttrStatus: s}}
}

// readAccount reads, as the account itself through the cross-account
// role, the status of regions: one ListRegions of every Region.
func (p *Provider) readAccount(ctx context.Context, accountID, global string, regions []string) ([]engine.Resource, error) {
	api, err := p.client(ctx, accountID, global)
	if err != nil {
		return nil, err
	}
	listed := map[string]string{}
	err = awsapi.Pages(ctx, apiError, "ListRegions as "+accountID,
		account.NewListRegionsPaginator(api, &account.ListRegionsInput{MaxResults: aws.Int32(50)}),
		func(page *account.ListRegionsOutput) error {
			for _, r := range page.Regions {
				listed[aws.ToString(r.RegionName)] = string(r.RegionOptStatus)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	out := make([]engine.Resource, 0, len(regions))
	for _, r := range regions {
		s, ok := listed[r]
		if !ok {
			continue // a Region AWS does not list for the account: not read
		}
		out = append(out, status(accountID, r, s))
	}
	return out, nil
}
