package securityhub

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	orgs "github.com/orgctl/orgctl/services/organizations"
	sh "github.com/orgctl/orgctl/services/securityhub"
)

// adminTimeout bounds the wait for a designation or its removal to show.
const adminTimeout = 5 * time.Minute

// Apply implements engine.Provider. Every change is idempotent.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	a := c.After
	if c.Action == engine.Delete {
		a = c.Before
	}
	switch c.Kind {
	case sh.KindAdmin:
		if c.Action == engine.Delete {
			return "", p.removeAdmin(ctx, a.String(sh.AttrRegion), a, ids)
		}
		return p.designate(ctx, a.String(sh.AttrRegion), a, ids)
	}
	// The rest is the administrator's, in the aggregation Region.
	account := accountID(a, ids)
	if account == "" {
		return "", fmt.Errorf("account %s does not exist in AWS", a.String(sh.AttrAccount))
	}
	api, err := p.admin(ctx, account, a.String(sh.AttrRegion))
	if err != nil {
		return "", err
	}
	switch c.Kind {
	case sh.KindAggregator:
		return p.applyAggregator(ctx, api, c)
	case sh.KindOrgConfig:
		return "", p.applyOrgConfig(ctx, api, c, account)
	case sh.KindPolicy:
		return p.applyPolicy(ctx, api, c, ids)
	case sh.KindAssociation:
		return "", p.applyAssociation(ctx, api, c, ids)
	}
	return "", fmt.Errorf("the securityhub provider does not handle %s", c.Kind)
}

// accountID is the ID of the account attribute: an account of the
// organization by its key, or an account ID as AWS reported it.
func accountID(a engine.Attrs, ids *engine.IDs) string {
	key := a.String(sh.AttrAccount)
	if id, ok := ids.ID(orgs.Account(key)); ok {
		return id
	}
	if reAccountID(key) {
		return key
	}
	return ""
}

func reAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// designate makes the account Security Hub's administrator in region and
// waits until Security Hub says so; it returns the account's ID.
func (p *Provider) designate(ctx context.Context, region string, a engine.Attrs, ids *engine.IDs) (string, error) {
	account, err := ids.Require(orgs.Account(a.String(sh.AttrAccount)))
	if err != nil {
		return "", err
	}
	api := p.management(region)
	_, err = awsapi.Do(ctx, func() (*securityhub.EnableOrganizationAdminAccountOutput, error) {
		return api.EnableOrganizationAdminAccount(ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	})
	if err != nil {
		// Already the administrator (an interrupted run): nothing to do.
		if cur, lerr := p.readAdmin(ctx, region); lerr != nil || cur != account {
			return "", apiError("EnableOrganizationAdminAccount "+account, err)
		}
	}
	return account, p.Polling.Poll(ctx, 0, adminTimeout, "waiting for Security Hub to show "+account+" as administrator in "+region, func() (bool, error) {
		cur, err := p.readAdmin(ctx, region)
		return cur == account, err
	})
}

// removeAdmin removes the account as administrator in region and waits
// until Security Hub no longer lists it.
func (p *Provider) removeAdmin(ctx context.Context, region string, a engine.Attrs, ids *engine.IDs) error {
	account := accountID(a, ids)
	api := p.management(region)
	_, err := awsapi.Do(ctx, func() (*securityhub.DisableOrganizationAdminAccountOutput, error) {
		return api.DisableOrganizationAdminAccount(ctx, &securityhub.DisableOrganizationAdminAccountInput{AdminAccountId: aws.String(account)})
	})
	if err != nil {
		if cur, lerr := p.readAdmin(ctx, region); lerr != nil || cur == account {
			return apiError("DisableOrganizationAdminAccount "+account, err)
		}
	}
	return p.Polling.Poll(ctx, 0, adminTimeout, "waiting for Security Hub to remove "+account+" as administrator in "+region, func() (bool, error) {
		cur, err := p.readAdmin(ctx, region)
		return cur != account, err
	})
}

// retrySettling calls fn until it succeeds or fails with an error that
// is not the new administrator's settling, for p.Settle at most.
func (p *Provider) retrySettling(ctx context.Context, what string, retry func(error) bool, fn func() error) error {
	var last error
	err := p.Polling.Poll(ctx, 0, p.Settle, what, func() (bool, error) {
		last = fn()
		if retry(last) {
			return false, nil
		}
		return true, last
	})
	if err != nil && last != nil && retry(last) {
		return fmt.Errorf("%w (last: %v)", err, last)
	}
	return err
}

// applyAggregator makes, updates or deletes the finding aggregator; it
// returns the ARN of what it made.
func (p *Provider) applyAggregator(ctx context.Context, api *securityhub.Client, c *engine.Change) (string, error) {
	arn, err := p.aggregatorARN(ctx, api)
	if err != nil {
		return "", err
	}
	if c.Action == engine.Delete {
		if arn == "" {
			return "", nil
		}
		_, err := awsapi.Do(ctx, func() (*securityhub.DeleteFindingAggregatorOutput, error) {
			return api.DeleteFindingAggregator(ctx, &securityhub.DeleteFindingAggregatorInput{FindingAggregatorArn: aws.String(arn)})
		})
		return "", apiError("DeleteFindingAggregator", err)
	}
	mode, regions := aws.String(c.After.String(sh.AttrLinkingMode)), c.After.Strings(sh.AttrRegions)
	update := func(arn string) (string, error) {
		_, err := awsapi.Do(ctx, func() (*securityhub.UpdateFindingAggregatorOutput, error) {
			return api.UpdateFindingAggregator(ctx, &securityhub.UpdateFindingAggregatorInput{FindingAggregatorArn: aws.String(arn), RegionLinkingMode: mode, Regions: regions})
		})
		return arn, apiError("UpdateFindingAggregator", err)
	}
	if arn != "" {
		return update(arn)
	}
	err = p.retrySettling(ctx, "waiting for Security Hub to let the new administrator create its finding aggregator", settling, func() error {
		out, err := awsapi.Do(ctx, func() (*securityhub.CreateFindingAggregatorOutput, error) {
			return api.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: mode, Regions: regions})
		})
		if err == nil {
			arn = aws.ToString(out.FindingAggregatorArn)
		}
		return err
	})
	if awsapi.Code(err) == "ResourceConflictException" {
		// One aggregator a region: the SDK's retry of a create whose
		// answer was lost meets the one it made. Take it, as the spec
		// says it should be.
		if arn, lerr := p.aggregatorARN(ctx, api); lerr == nil && arn != "" {
			return update(arn)
		}
	}
	return arn, apiError("CreateFindingAggregator", err)
}

// applyOrgConfig switches the organization configuration to CENTRAL (or,
// deleting it, back to LOCAL) and waits until Security Hub has.
func (p *Provider) applyOrgConfig(ctx context.Context, api *securityhub.Client, c *engine.Change, account string) error {
	typ := types.OrganizationConfigurationConfigurationTypeCentral
	if c.Action == engine.Delete {
		typ = types.OrganizationConfigurationConfigurationTypeLocal
	}
	in := &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false), AutoEnableStandards: types.AutoEnableStandardsNone,
		OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: typ}}
	retry := settling
	if c.Action == engine.Delete {
		retry = func(error) bool { return false }
	}
	err := p.retrySettling(ctx, "waiting for Security Hub to accept the new administrator's organization configuration", retry, func() error {
		_, err := awsapi.Do(ctx, func() (*securityhub.UpdateOrganizationConfigurationOutput, error) {
			return api.UpdateOrganizationConfiguration(ctx, in)
		})
		return err
	})
	if err != nil && c.Action == engine.Delete && settling(err) {
		// No longer the administrator (a rerun after it was removed):
		// its configuration went with it.
		if cur, lerr := p.readAdmin(ctx, c.Before.String(sh.AttrRegion)); lerr == nil && cur != account {
			return nil
		}
	}
	if err != nil {
		return apiError("UpdateOrganizationConfiguration "+string(typ), err)
	}
	return p.Polling.Poll(ctx, 0, p.Settle, "waiting for Security Hub's "+string(typ)+" configuration to be enabled", func() (bool, error) {
		out, err := awsapi.Do(ctx, func() (*securityhub.DescribeOrganizationConfigurationOutput, error) {
			return api.DescribeOrganizationConfiguration(ctx, &securityhub.DescribeOrganizationConfigurationInput{})
		})
		if err != nil {
			return false, apiError("DescribeOrganizationConfiguration", err)
		}
		oc := out.OrganizationConfiguration
		if oc == nil || oc.ConfigurationType != typ {
			return false, nil
		}
		switch oc.Status {
		case types.OrganizationConfigurationStatusFailed:
			return false, fmt.Errorf("Security Hub could not enable %s configuration: %s", typ, aws.ToString(oc.StatusMessage))
		case types.OrganizationConfigurationStatusEnabled:
			return true, nil
		}
		return false, nil
	})
}
