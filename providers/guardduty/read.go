package guardduty

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	gd "github.com/orgctl/orgctl/services/guardduty"
)

// Read implements engine.Provider: in each governed region, at once, the
// administrator (one call from the management account) and its
// organization configuration (two calls as the administrator). A spec
// without security.guardDuty reads nothing. It changes nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	if !scope.Reads(gd.KindAdmin) {
		return nil, nil // the spec leaves GuardDuty alone
	}
	regions := p.Env.Settings.Regions
	parts := make([][]engine.Resource, len(regions))
	g, ctx := errgroup.WithContext(ctx)
	for i, region := range regions {
		g.Go(func() error {
			rs, err := p.readRegion(ctx, region)
			if regionClosed(region, err) {
				return nil // the plan's check names the accounts (regional.Check)
			}
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

func (p *Provider) readRegion(ctx context.Context, region string) ([]engine.Resource, error) {
	admin, err := p.readAdmin(ctx, region)
	if err != nil || admin == "" {
		return nil, err
	}
	// Keyed by the account's ID here; the engine makes it the spec's key.
	out := []engine.Resource{{Kind: gd.KindAdmin, Key: gd.Admin(region, admin).Key,
		Attrs: engine.Attrs{gd.AttrRegion: region, gd.AttrAccount: admin, engine.AttrID: admin}}}
	cfg, err := p.readOrgConfig(ctx, admin, region)
	if err != nil || cfg == nil {
		return out, err
	}
	return append(out, *cfg), nil
}

// readAdmin returns the account ID of the region's administrator, or ""
// when it has none enabled. One being removed counts as none.
func (p *Provider) readAdmin(ctx context.Context, region string) (string, error) {
	admin := ""
	err := awsapi.Pages(ctx, apiError, "ListOrganizationAdminAccounts",
		guardduty.NewListOrganizationAdminAccountsPaginator(p.management(region), &guardduty.ListOrganizationAdminAccountsInput{MaxResults: aws.Int32(50)}),
		func(out *guardduty.ListOrganizationAdminAccountsOutput) error {
			for _, a := range out.AdminAccounts {
				if a.AdminStatus == types.AdminStatusEnabled {
					admin = aws.ToString(a.AdminAccountId)
				}
			}
			return nil
		})
	return admin, err
}

// readOrgConfig reads the organization configuration as the administrator,
// or nil when the administrator has no detector in the region.
func (p *Provider) readOrgConfig(ctx context.Context, admin, region string) (*engine.Resource, error) {
	api, err := p.admin(ctx, admin, region)
	if err != nil {
		return nil, err
	}
	detector, err := p.detector(ctx, api)
	if err != nil || detector == "" {
		return nil, err
	}
	attrs := engine.Attrs{engine.AttrID: detector, gd.AttrRegion: region, gd.AttrAccount: admin}
	features := map[string]string{}
	err = awsapi.Pages(ctx, apiError, "DescribeOrganizationConfiguration",
		guardduty.NewDescribeOrganizationConfigurationPaginator(api, &guardduty.DescribeOrganizationConfigurationInput{DetectorId: aws.String(detector)}),
		func(out *guardduty.DescribeOrganizationConfigurationOutput) error {
			attrs[gd.AttrMembers] = members(out)
			for _, f := range out.Features {
				if f.AutoEnable != "" && f.AutoEnable != types.OrgFeatureStatusNone {
					features[string(f.Name)] = string(f.AutoEnable)
				}
			}
			return nil
		})
	if settling(err) {
		// A new administrator (an apply stopped right after designating
		// it): GuardDuty refuses it the configuration for a while. What
		// it holds is unknown, so the plan sets all of it, and apply
		// waits until GuardDuty takes it.
		return &engine.Resource{Kind: gd.KindOrgConfig, Key: gd.OrgConfig(region, admin).Key, Attrs: attrs}, nil
	}
	if err != nil {
		return nil, err
	}
	if len(features) > 0 {
		attrs[gd.AttrFeatures] = features
	}
	return &engine.Resource{Kind: gd.KindOrgConfig, Key: gd.OrgConfig(region, admin).Key, Attrs: attrs}, nil
}

// members reads which accounts are enrolled, from the newer field or,
// when a service answers only the older boolean, from it.
func members(out *guardduty.DescribeOrganizationConfigurationOutput) string {
	if out.AutoEnableOrganizationMembers != "" {
		return string(out.AutoEnableOrganizationMembers)
	}
	if aws.ToBool(out.AutoEnable) {
		return string(types.AutoEnableMembersNew)
	}
	return string(types.AutoEnableMembersNone)
}

// detector returns the ID of the caller's detector in the client's
// region, or "" when it has none.
func (p *Provider) detector(ctx context.Context, api *guardduty.Client) (string, error) {
	out, err := awsapi.Do(ctx, func() (*guardduty.ListDetectorsOutput, error) {
		return api.ListDetectors(ctx, &guardduty.ListDetectorsInput{})
	})
	if err != nil {
		return "", apiError("ListDetectors", err)
	}
	if len(out.DetectorIds) == 0 {
		return "", nil
	}
	return out.DetectorIds[0], nil
}
