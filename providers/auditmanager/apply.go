package auditmanager

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager"
	"github.com/aws/aws-sdk-go-v2/service/auditmanager/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	am "github.com/orgctl/orgctl/services/auditmanager"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// adminTimeout bounds the wait for a designation or its removal to show.
const adminTimeout = 5 * time.Minute

// Apply implements engine.Provider. Every change is idempotent.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	switch c.Kind {
	case am.KindAdmin:
		if c.Action == engine.Delete {
			return "", p.removeAdmin(ctx, c.Before, ids)
		}
		return p.designate(ctx, c.After, ids)
	case am.KindAccount:
		if c.Action == engine.Delete {
			return "", nil // an old administrator keeps its registration
		}
		return "", p.register(ctx, c.After, ids)
	}
	return "", fmt.Errorf("the auditmanager provider does not handle %s", c.Kind)
}

// designate registers the account as Audit Manager's administrator in the
// region and waits until Audit Manager says so; it returns its ID.
func (p *Provider) designate(ctx context.Context, a engine.Attrs, ids *engine.IDs) (string, error) {
	region := a.String(am.AttrRegion)
	account, err := ids.Require(orgs.Account(a.String(am.AttrAccount)))
	if err != nil {
		return "", err
	}
	api := p.management(region)
	_, err = awsapi.Do(ctx, func() (*auditmanager.RegisterOrganizationAdminAccountOutput, error) {
		return api.RegisterOrganizationAdminAccount(ctx, &auditmanager.RegisterOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	})
	if err != nil {
		if cur, lerr := p.readAdmin(ctx, region); lerr != nil || cur != account {
			return "", apiError("RegisterOrganizationAdminAccount "+account, err)
		}
	}
	return account, p.Polling.Poll(ctx, 0, adminTimeout, "waiting for Audit Manager to show "+account+" as administrator in "+region, func() (bool, error) {
		cur, err := p.readAdmin(ctx, region)
		return cur == account, err
	})
}

// removeAdmin deregisters the account as administrator in the region and
// waits until Audit Manager no longer names it.
func (p *Provider) removeAdmin(ctx context.Context, a engine.Attrs, ids *engine.IDs) error {
	region := a.String(am.AttrRegion)
	account, ok := ids.ID(orgs.Account(a.String(am.AttrAccount)))
	if !ok {
		account = a.String(am.AttrAccount)
	}
	api := p.management(region)
	_, err := awsapi.Do(ctx, func() (*auditmanager.DeregisterOrganizationAdminAccountOutput, error) {
		return api.DeregisterOrganizationAdminAccount(ctx, &auditmanager.DeregisterOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	})
	if err != nil {
		if cur, lerr := p.readAdmin(ctx, region); lerr != nil || cur == account {
			return apiError("DeregisterOrganizationAdminAccount "+account, err)
		}
	}
	return p.Polling.Poll(ctx, 0, adminTimeout, "waiting for Audit Manager to remove "+account+" as administrator in "+region, func() (bool, error) {
		cur, err := p.readAdmin(ctx, region)
		return cur != account, err
	})
}

// register enables Audit Manager in the administrator's own account,
// retrying while a new designation settles, and waits until it is active.
func (p *Provider) register(ctx context.Context, a engine.Attrs, ids *engine.IDs) error {
	region := a.String(am.AttrRegion)
	account, err := ids.Require(orgs.Account(a.String(am.AttrAccount)))
	if err != nil {
		return err
	}
	api, err := p.admin(ctx, account, region)
	if err != nil {
		return err
	}
	return p.Polling.Poll(ctx, 0, p.Settle, "waiting for Audit Manager to be active in "+account+" in "+region, func() (bool, error) {
		st, err := p.readStatus(ctx, account, region)
		if err != nil || st == types.AccountStatusActive {
			return err == nil, err
		}
		if st == types.AccountStatusPendingActivation {
			return false, nil
		}
		_, err = awsapi.Do(ctx, func() (*auditmanager.RegisterAccountOutput, error) {
			return api.RegisterAccount(ctx, &auditmanager.RegisterAccountInput{})
		})
		if settling(err) {
			return false, nil
		}
		return false, apiError("RegisterAccount", err)
	})
}
