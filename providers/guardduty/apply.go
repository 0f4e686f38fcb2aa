package guardduty

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/guardduty/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	gd "github.com/orgctl/orgctl/services/guardduty"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// adminTimeout bounds the wait for a designation or its removal to show.
const adminTimeout = 5 * time.Minute

// Apply implements engine.Provider. Every change is idempotent.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	switch c.Kind {
	case gd.KindAdmin:
		if c.Action == engine.Delete {
			return "", p.removeAdmin(ctx, c.Before.String(gd.AttrRegion), c.Before, ids)
		}
		return p.designate(ctx, c.After.String(gd.AttrRegion), c.After, ids)
	case gd.KindOrgConfig:
		if c.Action == engine.Delete {
			return "", nil // it goes with its administrator
		}
		return "", p.configure(ctx, c, ids)
	}
	return "", fmt.Errorf("the guardduty provider does not handle %s", c.Kind)
}

// designate makes the account GuardDuty's administrator in region and
// waits until GuardDuty says so; it returns the account's ID.
func (p *Provider) designate(ctx context.Context, region string, a engine.Attrs, ids *engine.IDs) (string, error) {
	account, err := ids.Require(orgs.Account(a.String(gd.AttrAccount)))
	if err != nil {
		return "", err
	}
	api := p.management(region)
	_, err = awsapi.Do(ctx, func() (*guardduty.EnableOrganizationAdminAccountOutput, error) {
		return api.EnableOrganizationAdminAccount(ctx, &guardduty.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	})
	if err != nil {
		// Already the administrator (an interrupted run): nothing to do.
		if cur, lerr := p.readAdmin(ctx, region); lerr != nil || cur != account {
			return "", apiError("EnableOrganizationAdminAccount "+account, err)
		}
	}
	return account, p.Polling.Poll(ctx, 0, adminTimeout, "waiting for GuardDuty to show "+account+" as administrator in "+region, func() (bool, error) {
		cur, err := p.readAdmin(ctx, region)
		return cur == account, err
	})
}

// removeAdmin removes the account as administrator in region and waits
// until GuardDuty no longer lists it.
func (p *Provider) removeAdmin(ctx context.Context, region string, a engine.Attrs, ids *engine.IDs) error {
	account, ok := ids.ID(orgs.Account(a.String(gd.AttrAccount)))
	if !ok {
		account = a.String(gd.AttrAccount) // an account no longer in the organization: its ID
	}
	api := p.management(region)
	_, err := awsapi.Do(ctx, func() (*guardduty.DisableOrganizationAdminAccountOutput, error) {
		return api.DisableOrganizationAdminAccount(ctx, &guardduty.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	})
	if err != nil {
		if cur, lerr := p.readAdmin(ctx, region); lerr != nil || cur == account {
			return apiError("DisableOrganizationAdminAccount "+account, err)
		}
	}
	return p.Polling.Poll(ctx, 0, adminTimeout, "waiting for GuardDuty to remove "+account+" as administrator in "+region, func() (bool, error) {
		cur, err := p.readAdmin(ctx, region)
		return cur != account, err
	})
}

// configure writes the organization configuration as the administrator.
// A new administrator cannot write it for a while (minutes on AWS);
// GuardDuty's refusals then are retried until designation has spread.
func (p *Provider) configure(ctx context.Context, ch *engine.Change, ids *engine.IDs) error {
	region := ch.After.String(gd.AttrRegion)
	account, err := ids.Require(orgs.Account(ch.After.String(gd.AttrAccount)))
	if err != nil {
		return err
	}
	api, err := p.admin(ctx, account, region)
	if err != nil {
		return err
	}
	in := &guardduty.UpdateOrganizationConfigurationInput{
		AutoEnableOrganizationMembers: types.AutoEnableMembers(ch.After.String(gd.AttrMembers)),
	}
	before, after := ch.Before.Map(gd.AttrFeatures), ch.After.Map(gd.AttrFeatures)
	var names []string
	for f := range before {
		names = append(names, f)
	}
	for f := range after {
		if !slices.Contains(names, f) {
			names = append(names, f)
		}
	}
	slices.Sort(names)
	for _, f := range names {
		status := after[f]
		if status == "" {
			status = string(types.OrgFeatureStatusNone)
		}
		in.Features = append(in.Features, types.OrganizationFeatureConfiguration{Name: types.OrgFeature(f), AutoEnable: types.OrgFeatureStatus(status)})
	}
	return p.Polling.Poll(ctx, 0, p.Settle, "waiting for GuardDuty to accept "+account+"'s organization configuration in "+region, func() (bool, error) {
		detector, err := p.detector(ctx, api)
		if err != nil {
			return false, err
		}
		if detector == "" {
			return false, nil // designation makes it, and it may not show yet
		}
		in.DetectorId = aws.String(detector)
		_, err = awsapi.Do(ctx, func() (*guardduty.UpdateOrganizationConfigurationOutput, error) {
			return api.UpdateOrganizationConfiguration(ctx, in)
		})
		if settling(err) {
			return false, nil
		}
		return err == nil, apiError("UpdateOrganizationConfiguration", err)
	})
}
