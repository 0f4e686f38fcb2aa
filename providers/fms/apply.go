package fms

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/fms"
	"github.com/aws/aws-sdk-go-v2/service/fms/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	fm "github.com/orgctl/orgctl/services/fms"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// Apply implements engine.Provider. Every change is idempotent.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	if c.Kind != fm.KindAdmin {
		return "", fmt.Errorf("the fms provider does not handle %s", c.Kind)
	}
	if c.Action == engine.Delete {
		return "", p.remove(ctx, c.Before, ids)
	}
	return p.associate(ctx, c.After, ids)
}

// associate makes the account the default administrator, waiting out an
// offboarding still under way, then waits until its role is ready; it
// returns the account's ID.
func (p *Provider) associate(ctx context.Context, a engine.Attrs, ids *engine.IDs) (string, error) {
	account, err := ids.Require(orgs.Account(a.String(fm.AttrAccount)))
	if err != nil {
		return "", err
	}
	api := p.management()
	err = p.Polling.Poll(ctx, 0, p.Settle, "waiting for Firewall Manager to finish offboarding the organization", func() (bool, error) {
		_, err := awsapi.Do(ctx, func() (*fms.AssociateAdminAccountOutput, error) {
			return api.AssociateAdminAccount(ctx, &fms.AssociateAdminAccountInput{AdminAccount: aws.String(account)})
		})
		if err == nil {
			return true, nil
		}
		if offboarding(err) {
			return false, nil
		}
		// Already the administrator (an interrupted run): nothing to do.
		if cur, status, lerr := p.readAdmin(ctx); lerr == nil && cur == account && present(status) {
			return true, nil
		}
		return false, apiError("AssociateAdminAccount "+account, err)
	})
	if err != nil {
		return "", err
	}
	return account, p.Polling.Poll(ctx, 0, p.Settle, "waiting for Firewall Manager's administrator "+account+" to be READY", func() (bool, error) {
		cur, status, err := p.readAdmin(ctx)
		if err != nil {
			return false, err
		}
		if cur != account || !present(status) {
			return false, fmt.Errorf("Firewall Manager's administrator is %q (%s), not %s, after AssociateAdminAccount", cur, status, account)
		}
		return status == types.AccountRoleStatusReady, nil
	})
}

// remove has the administrator disassociate itself (Firewall Manager takes
// it from no other account), once its role is ready, and waits until the
// organization is offboarded.
func (p *Provider) remove(ctx context.Context, a engine.Attrs, ids *engine.IDs) error {
	account, ok := ids.ID(orgs.Account(a.String(fm.AttrAccount)))
	if !ok {
		account = a.String(fm.AttrAccount) // an account no longer in the organization: its ID
	}
	api, err := p.admin(ctx, account)
	if err != nil {
		return err
	}
	err = p.Polling.Poll(ctx, 0, p.Settle, "waiting for Firewall Manager to finish onboarding "+account+" before it leaves", func() (bool, error) {
		_, err := awsapi.Do(ctx, func() (*fms.DisassociateAdminAccountOutput, error) {
			return api.DisassociateAdminAccount(ctx, &fms.DisassociateAdminAccountInput{})
		})
		if err == nil {
			return true, nil
		}
		if onboarding(err) {
			return false, nil
		}
		// No longer the administrator (an interrupted run): done.
		if cur, status, lerr := p.readAdmin(ctx); lerr == nil && (cur != account || !present(status)) {
			return true, nil
		}
		return false, apiError("DisassociateAdminAccount as "+account, err)
	})
	if err != nil {
		return err
	}
	return p.Polling.Poll(ctx, 0, p.Settle, "waiting for Firewall Manager to offboard "+account, func() (bool, error) {
		cur, _, err := p.readAdmin(ctx)
		return cur != account, err
	})
}

// offboarding and onboarding are Firewall Manager's refusals while the
// organization is leaving, or joining, it: they pass.
func offboarding(err error) bool {
	return awsapi.Code(err) == "InvalidOperationException" && strings.Contains(err.Error(), "currently offboarding")
}

func onboarding(err error) bool {
	return awsapi.Code(err) == "InvalidOperationException" && strings.Contains(err.Error(), "currently onboarding")
}

var errs = awsapi.Errors{Hints: map[string]string{
	"InvalidOperationException": "Firewall Manager's administrator is associated from the management account, with trusted access for fms.amazonaws.com, and removed by the administrator itself",
}}

func apiError(op string, err error) error { return errs.Wrap(op, err) }
