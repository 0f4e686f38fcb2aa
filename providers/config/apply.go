package config

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	cfg "github.com/orgctl/orgctl/services/config"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// Apply implements engine.Provider. Every change is idempotent.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	if c.Kind != cfg.KindAggregator {
		return "", fmt.Errorf("the config provider does not handle %s", c.Kind)
	}
	if c.Action == engine.Delete {
		return "", p.delete(ctx, c.Before, ids)
	}
	return p.put(ctx, c, ids)
}

// put creates or updates the aggregator as the administrator; it returns
// the aggregator's ARN.
func (p *Provider) put(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	a := c.After
	admin, err := ids.Require(orgs.Account(a.String(cfg.AttrAccount)))
	if err != nil {
		return "", err
	}
	api, err := p.admin(ctx, admin)
	if err != nil {
		return "", err
	}
	role := roleArn(p.home(), admin, a.String(cfg.AttrRole))
	src := &types.OrganizationAggregationSource{RoleArn: aws.String(role)}
	if a.Bool(cfg.AttrAllRegions) {
		src.AllAwsRegions = true
	} else {
		src.AwsRegions = a.Strings(cfg.AttrRegions)
	}
	in := &configservice.PutConfigurationAggregatorInput{
		ConfigurationAggregatorName: aws.String(a.String(cfg.AttrName)), OrganizationAggregationSource: src,
	}
	if c.Action == engine.Create {
		// AWS takes tags at creation only; they say who made it.
		in.Tags = []types.Tag{{Key: aws.String(facts.ManagedTagKey), Value: aws.String(facts.ManagedTagValue)}}
	}
	out, err := awsapi.Do(ctx, func() (*configservice.PutConfigurationAggregatorOutput, error) {
		return api.PutConfigurationAggregator(ctx, in)
	})
	if err != nil {
		return "", roleError(apiError("PutConfigurationAggregator "+a.String(cfg.AttrName), err), role, admin)
	}
	return aws.ToString(out.ConfigurationAggregator.ConfigurationAggregatorArn), nil
}

// delete deletes the aggregator as the account that holds it.
func (p *Provider) delete(ctx context.Context, a engine.Attrs, ids *engine.IDs) error {
	admin, ok := ids.ID(orgs.Account(a.String(cfg.AttrAccount)))
	if !ok {
		admin = a.String(cfg.AttrAccount) // an account no longer in the spec: its ID
	}
	api, err := p.admin(ctx, admin)
	if err != nil {
		return err
	}
	_, err = awsapi.Do(ctx, func() (*configservice.DeleteConfigurationAggregatorOutput, error) {
		return api.DeleteConfigurationAggregator(ctx, &configservice.DeleteConfigurationAggregatorInput{ConfigurationAggregatorName: aws.String(a.String(cfg.AttrName))})
	})
	var gone *types.NoSuchConfigurationAggregatorException
	if errors.As(err, &gone) {
		return nil
	}
	return apiError("DeleteConfigurationAggregator "+a.String(cfg.AttrName), err)
}

// roleArn is the ARN of the role name (after its path) in account.
func roleArn(region, account, name string) string {
	partition := "aws"
	if r, ok := facts.LookupRegion(region); ok {
		partition = r.Partition
	}
	return "arn:" + partition + ":iam::" + account + ":role/" + name
}

// RoleError is AWS Config refusing the aggregator's role: what the role
// must be, since orgctl does not create it.
type RoleError struct {
	Role, Account string
	err           error
}

func (e *RoleError) Error() string {
	return fmt.Sprintf("%v\nAWS Config cannot use the role %s. orgctl does not create IAM roles: create it in the administrator account %s, "+
		"with a trust policy that lets config.amazonaws.com call sts:AssumeRole and the AWS managed policy "+
		"arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations attached, or name an existing one in security.config.aggregator.roleName",
		e.err, e.Role, e.Account)
}

func (e *RoleError) Unwrap() error { return e.err }

// roleError explains InvalidRoleException; other errors pass unchanged.
func roleError(err error, role, account string) error {
	var invalid *types.InvalidRoleException
	if errors.As(err, &invalid) {
		return &RoleError{Role: role, Account: account, err: err}
	}
	return err
}

var errs = awsapi.Errors{Hints: map[string]string{
	"OrganizationAccessDeniedException":          "the administrator must be AWS Config's registered delegated administrator (config.amazonaws.com), with trusted access; orgctl registers it before the aggregator, so rerun apply if it was just registered",
	"OrganizationAllFeaturesNotEnabledException": "an organization aggregator needs the organization's feature set ALL (organization.featureSet)",
	"LimitExceededException":                     "the administrator account has AWS Config's maximum of aggregators in this Region; delete one it no longer needs",
}}

func apiError(op string, err error) error { return errs.Wrap(op, err) }
