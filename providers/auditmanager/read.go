package auditmanager

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"
	"golang.org/x/sync/errgroup"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	am "github.com/orgctl/orgctl/services/auditmanager"
)

// Read implements engine.Provider: in each governed region, at once, the
// administrator (one call from the management account) and whether Audit
// Manager is registered in it (one call as the administrator). A spec
// without security.auditManager reads nothing. It changes nothing.
func (p *Provider) Read(ctx context.Context, scope *engine.Scope) ([]engine.Resource, error) {
	if !scope.Reads(am.KindAdmin) {
		return nil, nil
	}
	regions := p.Env.Settings.Regions
	parts := make([][]engine.Resource, len(regions))
	g, ctx := errgroup.WithContext(ctx)
	for i, region := range regions {
		g.Go(func() error {
			rs, err := p.readRegion(ctx, region)
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
	key := region + "/" + admin
	out := []engine.Resource{{Kind: am.KindAdmin, Key: key,
		Attrs: engine.Attrs{am.AttrRegion: region, am.AttrAccount: admin, engine.AttrID: admin}}}
	status, err := p.readStatus(ctx, admin, region)
	if err != nil {
		return nil, err
	}
	if status != types.AccountStatusInactive && status != "" {
		out = append(out, engine.Resource{Kind: am.KindAccount, Key: key,
			Attrs: engine.Attrs{am.AttrRegion: region, am.AttrAccount: admin, am.AttrStatus: string(status)}})
	}
	return out, nil
}

// readAdmin returns the account ID of the region's administrator, or "".
func (p *Provider) readAdmin(ctx context.Context, region string) (string, error) {
	api := p.management(region)
	out, err := awsapi.Do(ctx, func() (*auditmanager.GetOrganizationAdminAccountOutput, error) {
		return api.GetOrganizationAdminAccount(ctx, &auditmanager.GetOrganizationAdminAccountInput{})
	})
	if awsapi.Code(err) == "ResourceNotFoundException" {
		return "", nil
	}
	if err != nil {
		return "", apiError("GetOrganizationAdminAccount", err)
	}
	return aws.ToString(out.AdminAccountId), nil
}

// readStatus returns Audit Manager's status in the administrator's account.
func (p *Provider) readStatus(ctx context.Context, admin, region string) (types.AccountStatus, error) {
	api, err := p.admin(ctx, admin, region)
	if err != nil {
		return "", err
	}
	out, err := awsapi.Do(ctx, func() (*auditmanager.GetAccountStatusOutput, error) {
		return api.GetAccountStatus(ctx, &auditmanager.GetAccountStatusInput{})
	})
	if err != nil {
		return "", apiError("GetAccountStatus", err)
	}
	return out.Status, nil
}
