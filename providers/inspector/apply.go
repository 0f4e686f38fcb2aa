package inspector

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/inspector2/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	ins "github.com/orgctl/orgctl/services/inspector"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// adminTimeout bounds the wait for a designation or its removal to show.
const adminTimeout = 5 * time.Minute

// Apply implements engine.Provider. Every change is idempotent.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	switch c.Kind {
	case ins.KindAdmin:
		if c.Action == engine.Delete {
			return "", p.removeAdmin(ctx, c.Before.String(ins.AttrRegion), c.Before, ids)
		}
		return p.designate(ctx, c.After.String(ins.AttrRegion), c.After, ids)
	case ins.KindOrgConfig:
		if c.Action == engine.Delete {
			return "", nil // it goes with its administrator
		}
		return "", p.configure(ctx, c.After, ids)
	case ins.KindMembers:
		if c.Action == engine.Delete {
			return "", nil // members are never removed
		}
		return "", p.enrol(ctx, c.After, ids)
	}
	return "", fmt.Errorf("the inspector provider does not handle %s", c.Kind)
}

// designate makes the account Inspector's administrator in region and
// waits until Inspector lists it enabled; it returns the account's ID.
func (p *Provider) designate(ctx context.Context, region string, a engine.Attrs, ids *engine.IDs) (string, error) {
	account, err := ids.Require(orgs.Account(a.String(ins.AttrAccount)))
	if err != nil {
		return "", err
	}
	api := p.management(region)
	_, err = awsapi.Do(ctx, func() (*inspector2.EnableDelegatedAdminAccountOutput, error) {
		return api.EnableDelegatedAdminAccount(ctx, &inspector2.EnableDelegatedAdminAccountInput{DelegatedAdminAccountId: aws.String(account)})
	})
	if err != nil {
		// Already the administrator (an interrupted run): nothing to do.
		if cur, lerr := p.readAdmin(ctx, region); lerr != nil || cur != account {
			return "", apiError("EnableDelegatedAdminAccount "+account, err)
		}
	}
	return account, p.Polling.Poll(ctx, 0, adminTimeout, "waiting for Inspector to show "+account+" as administrator in "+region, func() (bool, error) {
		cur, err := p.readAdmin(ctx, region)
		return cur == account, err
	})
}

// removeAdmin removes the account as administrator in region and waits
// until Inspector no longer lists it, even as being removed.
func (p *Provider) removeAdmin(ctx context.Context, region string, a engine.Attrs, ids *engine.IDs) error {
	account, ok := ids.ID(orgs.Account(a.String(ins.AttrAccount)))
	if !ok {
		account = a.String(ins.AttrAccount) // an account no longer in the organization: its ID
	}
	api := p.management(region)
	_, err := awsapi.Do(ctx, func() (*inspector2.DisableDelegatedAdminAccountOutput, error) {
		return api.DisableDelegatedAdminAccount(ctx, &inspector2.DisableDelegatedAdminAccountInput{DelegatedAdminAccountId: aws.String(account)})
	})
	if err != nil {
		if cur, _, lerr := p.readAdminStatus(ctx, region); lerr != nil || cur == account {
			return apiError("DisableDelegatedAdminAccount "+account, err)
		}
	}
	return p.Polling.Poll(ctx, 0, adminTimeout, "waiting for Inspector to remove "+account+" as administrator in "+region, func() (bool, error) {
		cur, disabling, err := p.readAdminStatus(ctx, region)
		return cur != account && disabling != account, err
	})
}

// configure writes the organization configuration as the administrator,
// once Inspector is enabled for the administrator itself (Inspector
// refuses the configuration of an administrator that is not). A new
// administrator is refused for a while (minutes on AWS); those refusals
// are retried until designation has spread.
func (p *Provider) configure(ctx context.Context, a engine.Attrs, ids *engine.IDs) error {
	region := a.String(ins.AttrRegion)
	account, err := ids.Require(orgs.Account(a.String(ins.AttrAccount)))
	if err != nil {
		return err
	}
	api, err := p.admin(ctx, account, region)
	if err != nil {
		return err
	}
	scans := a.Strings(ins.AttrScans)
	on := func(t string) *bool { return aws.Bool(slices.Contains(scans, t)) }
	in := &inspector2.UpdateOrganizationConfigurationInput{AutoEnable: &types.AutoEnable{
		Ec2: on("EC2"), Ecr: on("ECR"), Lambda: on("LAMBDA"), LambdaCode: on("LAMBDA_CODE"), CodeRepository: on("CODE_REPOSITORY"),
	}}
	if len(scans) == 0 {
		// Nothing to auto-enable: an administrator without Inspector for
		// itself cannot write that, and a new one has it already.
		cur, err := awsapi.Do(ctx, func() (*inspector2.DescribeOrganizationConfigurationOutput, error) {
			return api.DescribeOrganizationConfiguration(ctx, &inspector2.DescribeOrganizationConfigurationInput{})
		})
		if err == nil && len(autoEnabled(cur.AutoEnable)) == 0 {
			return nil
		}
	}
	return p.Polling.Poll(ctx, 0, p.Settle, "waiting for Inspector to accept "+account+"'s organization configuration in "+region, func() (bool, error) {
		if len(scans) > 0 {
			if err := p.enableSelf(ctx, api, account, scans); err != nil {
				if settling(err) {
					return false, nil
				}
				return false, err
			}
		}
		_, err := awsapi.Do(ctx, func() (*inspector2.UpdateOrganizationConfigurationOutput, error) {
			return api.UpdateOrganizationConfiguration(ctx, in)
		})
		if settling(err) {
			return false, nil
		}
		return err == nil, apiError("UpdateOrganizationConfiguration", err)
	})
}

// enableSelf enables scans for the administrator itself, unless they are
// already: Inspector takes its configuration and members only then.
func (p *Provider) enableSelf(ctx context.Context, api *inspector2.Client, account string, scans []string) error {
	out, err := awsapi.Do(ctx, func() (*inspector2.BatchGetAccountStatusOutput, error) {
		return api.BatchGetAccountStatus(ctx, &inspector2.BatchGetAccountStatusInput{AccountIds: []string{account}})
	})
	if err != nil {
		return apiError("BatchGetAccountStatus", err)
	}
	if len(out.Accounts) == 1 && hasScans(out.Accounts[0].ResourceState, scans) {
		return nil
	}
	refused, err := p.enable(ctx, api, []string{account}, scans)
	if err != nil {
		return err
	}
	if why, ok := refused[account]; ok {
		return fmt.Errorf("Enable %s: %s", account, why)
	}
	return nil
}

// enable enables scans in up to 100 accounts; it returns those Inspector
// refused, with its reason.
func (p *Provider) enable(ctx context.Context, api *inspector2.Client, accounts, scans []string) (map[string]string, error) {
	types_ := make([]types.ResourceScanType, len(scans))
	for i, s := range scans {
		types_[i] = types.ResourceScanType(s)
	}
	out, err := awsapi.Do(ctx, func() (*inspector2.EnableOutput, error) {
		return api.Enable(ctx, &inspector2.EnableInput{AccountIds: accounts, ResourceTypes: types_})
	})
	if err != nil {
		return nil, apiError("Enable", err)
	}
	refused := map[string]string{}
	for _, f := range out.FailedAccounts {
		refused[aws.ToString(f.AccountId)] = fmt.Sprintf("%s: %s", f.ErrorCode, aws.ToString(f.ErrorMessage))
	}
	return refused, nil
}
