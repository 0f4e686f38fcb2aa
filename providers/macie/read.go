package macie

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/macie2/types"
	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/members"
	mc "github.com/orgctl/orgctl/services/macie"
)

// Read implements engine.Provider: in each governed region, at once, the
// administrator (one call from the management account) and its
// organization configuration (one call as the administrator). The members
// resource costs nothing more, unless Settings.Members asks who is
// enrolled: then the organization's accounts (once) and each region's
// members (a call per 25). A spec without security.macie reads nothing.
// It changes nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	if !scope.Reads(mc.KindAdmin) {
		return nil, nil // the spec leaves Macie alone
	}
	active := sync.OnceValues(func() ([]members.Account, error) { return p.active(ctx) })
	regions := p.Env.Settings.Regions
	parts := make([][]engine.Resource, len(regions))
	g, ctx := errgroup.WithContext(ctx)
	for i, region := range regions {
		g.Go(func() error {
			rs, err := p.readRegion(ctx, region, active)
			if err != nil {
				return fmt.Errorf("%s: %w", region, err)
			}
			parts[i] = rs
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return slices.Concat(parts...), nil
}

func (p *Provider) readRegion(ctx context.Context, region string, active func() ([]members.Account, error)) ([]engine.Resource, error) {
	admin, err := p.readAdmin(ctx, region)
	if err != nil || admin == "" {
		return nil, err
	}
	// Keyed by the account's ID here; the engine makes it the spec's key.
	key := region + "/" + admin
	attrs := func() engine.Attrs { return engine.Attrs{mc.AttrRegion: region, mc.AttrAccount: admin} }
	adminRes := engine.Resource{Kind: mc.KindAdmin, Key: key, Attrs: attrs()}
	adminRes.Attrs[engine.AttrID] = admin
	out := []engine.Resource{adminRes}
	api, err := p.admin(ctx, admin, region)
	if err != nil {
		return nil, err
	}
	cfg, err := awsapi.Do(ctx, func() (*macie2.DescribeOrganizationConfigurationOutput, error) {
		return api.DescribeOrganizationConfiguration(ctx, &macie2.DescribeOrganizationConfigurationInput{})
	})
	if settling(err) {
		return out, nil // designated a moment ago: nothing configured yet
	}
	if err != nil {
		return nil, apiError("DescribeOrganizationConfiguration", err)
	}
	auto := aws.ToBool(cfg.AutoEnable)
	oc := attrs()
	oc[mc.AttrMembers] = "NONE"
	if auto {
		oc[mc.AttrMembers] = "NEW"
	}
	out = append(out, engine.Resource{Kind: mc.KindOrgConfig, Key: key, Attrs: oc})
	switch {
	case p.Env.Settings.Members:
		accounts, err := active()
		if err != nil {
			return nil, err
		}
		enrolled, err := p.enrolled(ctx, api)
		if err != nil {
			return nil, err
		}
		total, in := 0, 0
		for _, a := range accounts {
			if a.ID == admin {
				continue // no member of itself
			}
			total++
			if enrolled[a.ID] {
				in++
			}
		}
		m := attrs()
		m[mc.AttrMembers] = members.State(in, total)
		out = append(out, engine.Resource{Kind: mc.KindMembers, Key: key, Attrs: m})
	case auto:
		// Trusted without a listing: a no-change plan must not cost a call
		// per 25 members; --members checks.
		m := attrs()
		m[mc.AttrMembers] = members.All
		out = append(out, engine.Resource{Kind: mc.KindMembers, Key: key, Attrs: m})
	}
	return out, nil
}

// readAdmin returns the account ID of the region's administrator, or ""
// when it has none enabled. One being removed counts as none.
func (p *Provider) readAdmin(ctx context.Context, region string) (string, error) {
	admin := ""
	err := awsapi.Pages(ctx, apiError, "ListOrganizationAdminAccounts",
		macie2.NewListOrganizationAdminAccountsPaginator(p.management(region), &macie2.ListOrganizationAdminAccountsInput{MaxResults: aws.Int32(25)}),
		func(out *macie2.ListOrganizationAdminAccountsOutput) error {
			for _, a := range out.AdminAccounts {
				if a.Status == types.AdminStatusEnabled {
					admin = aws.ToString(a.AccountId)
				}
			}
			return nil
		})
	return admin, err
}

// enrolled returns the accounts that are members of the administrator now.
func (p *Provider) enrolled(ctx context.Context, api *macie2.Client) (map[string]bool, error) {
	ids := map[string]bool{}
	err := awsapi.Pages(ctx, apiError, "ListMembers",
		macie2.NewListMembersPaginator(api, &macie2.ListMembersInput{MaxResults: aws.Int32(25), OnlyAssociated: aws.String("true")}),
		func(out *macie2.ListMembersOutput) error {
			for _, m := range out.Members {
				if m.RelationshipStatus == types.RelationshipStatusEnabled || m.RelationshipStatus == types.RelationshipStatusPaused {
					ids[aws.ToString(m.AccountId)] = true
				}
			}
			return nil
		})
	return ids, err
}
