package macie

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/macie2"
	"github.com/aws/aws-sdk-go-v2/service/macie2/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/providers/internal/members"
	mc "github.com/orgctl/orgctl/services/macie"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// adminTimeout bounds the wait for a designation or its removal to show.
const adminTimeout = 5 * time.Minute

// Apply implements engine.Provider. Every change is idempotent.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	switch c.Kind {
	case mc.KindAdmin:
		if c.Action == engine.Delete {
			return "", p.removeAdmin(ctx, c.Before, ids)
		}
		return p.designate(ctx, c.After, ids)
	case mc.KindOrgConfig:
		if c.Action == engine.Delete {
			return "", nil // it goes with its administrator
		}
		return "", p.configure(ctx, c.After, ids)
	case mc.KindMembers:
		if c.Action == engine.Delete {
			return "", nil // orgctl removes no member
		}
		return "", p.enrol(ctx, c.After, ids)
	}
	return "", fmt.Errorf("the macie provider does not handle %s", c.Kind)
}

// designate makes the account Macie's administrator in the region and
// waits until Macie says so; it returns the account's ID.
func (p *Provider) designate(ctx context.Context, a engine.Attrs, ids *engine.IDs) (string, error) {
	region := a.String(mc.AttrRegion)
	account, err := ids.Require(orgs.Account(a.String(mc.AttrAccount)))
	if err != nil {
		return "", err
	}
	api := p.management(region)
	_, err = awsapi.Do(ctx, func() (*macie2.EnableOrganizationAdminAccountOutput, error) {
		return api.EnableOrganizationAdminAccount(ctx, &macie2.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	})
	if err != nil {
		// Already the administrator (an interrupted run): nothing to do.
		if cur, lerr := p.readAdmin(ctx, region); lerr != nil || cur != account {
			return "", apiError("EnableOrganizationAdminAccount "+account, err)
		}
	}
	return account, p.Polling.Poll(ctx, 0, adminTimeout, "waiting for Macie to show "+account+" as administrator in "+region, func() (bool, error) {
		cur, err := p.readAdmin(ctx, region)
		return cur == account, err
	})
}

// removeAdmin removes the account as administrator in the region and
// waits until Macie no longer lists it.
func (p *Provider) removeAdmin(ctx context.Context, a engine.Attrs, ids *engine.IDs) error {
	region := a.String(mc.AttrRegion)
	account, ok := ids.ID(orgs.Account(a.String(mc.AttrAccount)))
	if !ok {
		account = a.String(mc.AttrAccount) // an account no longer in the organization: its ID
	}
	api := p.management(region)
	_, err := awsapi.Do(ctx, func() (*macie2.DisableOrganizationAdminAccountOutput, error) {
		return api.DisableOrganizationAdminAccount(ctx, &macie2.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	})
	if err != nil {
		if cur, lerr := p.readAdmin(ctx, region); lerr != nil || cur == account {
			return apiError("DisableOrganizationAdminAccount "+account, err)
		}
	}
	return p.Polling.Poll(ctx, 0, adminTimeout, "waiting for Macie to remove "+account+" as administrator in "+region, func() (bool, error) {
		cur, err := p.readAdmin(ctx, region)
		return cur != account, err
	})
}

// adminAPI returns the administrator's ID and client for the change's region.
func (p *Provider) adminAPI(ctx context.Context, a engine.Attrs, ids *engine.IDs) (string, *macie2.Client, error) {
	account, err := ids.Require(orgs.Account(a.String(mc.AttrAccount)))
	if err != nil {
		return "", nil, err
	}
	api, err := p.admin(ctx, account, a.String(mc.AttrRegion))
	return account, api, err
}

// configure writes the organization configuration as the administrator.
// A new administrator is refused for a while (minutes on AWS); apply
// retries until designation has spread.
func (p *Provider) configure(ctx context.Context, a engine.Attrs, ids *engine.IDs) error {
	account, api, err := p.adminAPI(ctx, a, ids)
	if err != nil {
		return err
	}
	in := &macie2.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(a.String(mc.AttrMembers) == "NEW")}
	return p.Polling.Poll(ctx, 0, p.Settle, "waiting for Macie to accept "+account+"'s organization configuration in "+a.String(mc.AttrRegion), func() (bool, error) {
		_, err := awsapi.Do(ctx, func() (*macie2.UpdateOrganizationConfigurationOutput, error) {
			return api.UpdateOrganizationConfiguration(ctx, in)
		})
		if settling(err) {
			return false, nil
		}
		return err == nil, apiError("UpdateOrganizationConfiguration", err)
	})
}

// enrol makes every active account of the organization (but the
// administrator) a member, one CreateMember a call, a few at once, with
// progress. Accounts already members are skipped, so an interrupted run
// is resumed by the next; a refused account is named with AWS's reason
// and the others are still enrolled.
func (p *Provider) enrol(ctx context.Context, a engine.Attrs, ids *engine.IDs) error {
	admin, api, err := p.adminAPI(ctx, a, ids)
	if err != nil {
		return err
	}
	accounts, err := p.active(ctx)
	if err != nil {
		return err
	}
	enrolled, err := p.enrolled(ctx, api)
	if err != nil {
		return err
	}
	missing := members.Missing(accounts, enrolled, admin)
	if len(missing) == 0 {
		return nil
	}
	region := a.String(mc.AttrRegion)
	engine.Progress(ctx, "enrolling %d accounts in Macie in %s", len(missing), region)
	return members.Enrol(ctx, missing, 1, enrolParallel, func(ctx context.Context, batch []members.Account) (map[string]string, error) {
		acct := batch[0]
		_, err := awsapi.Do(ctx, func() (*macie2.CreateMemberOutput, error) {
			return api.CreateMember(ctx, &macie2.CreateMemberInput{Account: &types.AccountDetail{
				AccountId: aws.String(acct.ID), Email: aws.String(acct.Email)}})
		})
		if err == nil {
			return nil, nil
		}
		if awsapi.Code(err) != "" && ctx.Err() == nil {
			// AWS refused this account: say why, and go on with the others.
			return map[string]string{acct.ID: apiError("CreateMember", err).Error()}, nil
		}
		return nil, err
	})
}
