package detective

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/detective"
	"github.com/aws/aws-sdk-go-v2/service/detective/types"
	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/members"
	dt "github.com/orgctl/orgctl/services/detective"
)

// Read implements engine.Provider: in each governed region, at once, the
// administrator and its graph (one call from the management account) and
// the organization configuration (one call as the administrator). The
// members resource costs nothing more, unless Settings.Members asks who is
// enrolled: then the organization's accounts (once) and each region's
// members (a call per 200). A spec without security.detective reads
// nothing. It changes nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	if !scope.Reads(dt.KindAdmin) {
		return nil, nil // the spec leaves Detective alone
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
	admin, graph, err := p.readAdmin(ctx, region)
	if err != nil || admin == "" {
		return nil, err
	}
	// Keyed by the account's ID here; the engine makes it the spec's key.
	key := region + "/" + admin
	attrs := func() engine.Attrs { return engine.Attrs{dt.AttrRegion: region, dt.AttrAccount: admin} }
	adminRes := engine.Resource{Kind: dt.KindAdmin, Key: key, Attrs: attrs()}
	adminRes.Attrs[engine.AttrID] = admin
	out := []engine.Resource{adminRes}
	if graph == "" {
		return out, nil
	}
	api, err := p.admin(ctx, admin, region)
	if err != nil {
		return nil, err
	}
	cfg, err := awsapi.Do(ctx, func() (*detective.DescribeOrganizationConfigurationOutput, error) {
		return api.DescribeOrganizationConfiguration(ctx, &detective.DescribeOrganizationConfigurationInput{GraphArn: aws.String(graph)})
	})
	if settling(err) {
		return out, nil // designated a moment ago: nothing configured yet
	}
	if err != nil {
		return nil, apiError("DescribeOrganizationConfiguration", err)
	}
	oc := attrs()
	oc[engine.AttrID] = graph
	oc[dt.AttrMembers] = "NONE"
	if cfg.AutoEnable {
		oc[dt.AttrMembers] = "NEW"
	}
	out = append(out, engine.Resource{Kind: dt.KindOrgConfig, Key: key, Attrs: oc})
	switch {
	case p.Env.Settings.Members:
		accounts, err := active()
		if err != nil {
			return nil, err
		}
		enrolled, err := p.enrolled(ctx, api, graph)
		if err != nil {
			return nil, err
		}
		total, in := 0, 0
		for _, a := range accounts {
			if a.ID == admin {
				continue // no member of its own graph
			}
			total++
			if enrolled[a.ID] {
				in++
			}
		}
		m := attrs()
		m[dt.AttrMembers] = members.State(in, total)
		out = append(out, engine.Resource{Kind: dt.KindMembers, Key: key, Attrs: m})
	case cfg.AutoEnable:
		// Trusted without a listing: a no-change plan must not cost a call
		// per 200 members; --members checks.
		m := attrs()
		m[dt.AttrMembers] = members.All
		out = append(out, engine.Resource{Kind: dt.KindMembers, Key: key, Attrs: m})
	}
	return out, nil
}

// readAdmin returns the account ID of the region's administrator and the
// ARN of its organization behavior graph, or "" when it has none.
func (p *Provider) readAdmin(ctx context.Context, region string) (admin, graph string, err error) {
	err = awsapi.Pages(ctx, apiError, "ListOrganizationAdminAccounts",
		detective.NewListOrganizationAdminAccountsPaginator(p.management(region), &detective.ListOrganizationAdminAccountsInput{MaxResults: aws.Int32(200)}),
		func(out *detective.ListOrganizationAdminAccountsOutput) error {
			for _, a := range out.Administrators {
				admin, graph = aws.ToString(a.AccountId), aws.ToString(a.GraphArn)
			}
			return nil
		})
	return admin, graph, err
}

// enrolled returns the accounts that are members of the graph: enabled,
// or enabled but not yet taking data (ACCEPTED_BUT_DISABLED), which
// Detective enables by itself as the graph allows.
func (p *Provider) enrolled(ctx context.Context, api *detective.Client, graph string) (map[string]bool, error) {
	ids := map[string]bool{}
	err := awsapi.Pages(ctx, apiError, "ListMembers",
		detective.NewListMembersPaginator(api, &detective.ListMembersInput{GraphArn: aws.String(graph), MaxResults: aws.Int32(200)}),
		func(out *detective.ListMembersOutput) error {
			for _, m := range out.MemberDetails {
				if m.Status == types.MemberStatusEnabled || m.Status == types.MemberStatusAcceptedButDisabled {
					ids[aws.ToString(m.AccountId)] = true
				}
			}
			return nil
		})
	return ids, err
}
