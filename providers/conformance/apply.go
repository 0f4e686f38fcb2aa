package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	cp "github.com/orgctl/orgctl/services/conformance"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// Apply implements engine.Provider: it puts or deletes the pack or rule
// as AWS Config's administrator and waits for the deployment to every
// account. Every change is idempotent.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	if c.Kind != cp.KindPack && c.Kind != cp.KindRule {
		return "", fmt.Errorf("the conformance provider does not handle %s", c.Kind)
	}
	a := c.After
	if c.Action == engine.Delete {
		a = c.Before
	}
	admin, ok := ids.ID(orgs.Account(a.String(cp.AttrAccount)))
	if !ok {
		admin = a.String(cp.AttrAccount) // an account no longer in the spec: its ID
	}
	api, err := p.admin(ctx, admin, a.String(cp.AttrRegion))
	if err != nil {
		return "", err
	}
	d := deploy{p: p, api: api, kind: c.Kind, name: a.String(cp.AttrName), region: a.String(cp.AttrRegion)}
	// AWS refuses a change while a deployment runs: let it finish.
	if err := d.wait(ctx, true); err != nil {
		return "", err
	}
	if c.Action == engine.Delete {
		return "", d.delete(ctx)
	}
	var excluded []string
	for _, key := range a.Strings(cp.AttrExcluded) {
		id, err := ids.Require(orgs.Account(key))
		if err != nil {
			return "", err
		}
		excluded = append(excluded, id)
	}
	var arn string
	for attempt := 1; ; attempt++ {
		if c.Kind == cp.KindPack {
			arn, err = p.putPack(ctx, api, c, excluded)
		} else {
			arn, err = p.putRule(ctx, api, c, excluded)
		}
		// A Put whose answer was lost may have landed: the SDK's retry
		// then meets the deployment it started. Let it end, put again
		// (the same Put is idempotent). Answers can be lost again on the
		// next Put: with three in ten lost, three rounds left one create
		// in forty failing; putRounds leaves one in a hundred thousand.
		if !inUse(err) || attempt == putRounds {
			break
		}
		if err := d.wait(ctx, true); err != nil {
			return "", err
		}
	}
	if err != nil {
		return "", err
	}
	if p.env.Settings.NoWait {
		// The deployment goes on without orgctl; plans show it deploying
		// until it ends, and drift names the accounts where it failed.
		return arn, nil
	}
	return arn, d.wait(ctx, false)
}

// putRounds bounds the Puts of one change that meet a running deployment.
const putRounds = 10

// inUse reports AWS refusing a change while a deployment runs.
func inUse(err error) bool {
	var busy *types.ResourceInUseException
	return errors.As(err, &busy)
}

// created are the tags of what orgctl creates; a pack's also hold its
// template's hash.
func created(c *engine.Change) []types.Tag {
	if c.Action != engine.Create {
		return nil
	}
	tags := []types.Tag{{Key: aws.String(facts.ManagedTagKey), Value: aws.String(facts.ManagedTagValue)}}
	if c.Kind == cp.KindPack {
		tags = append(tags, types.Tag{Key: aws.String(cp.TemplateTag), Value: aws.String(c.After.String(cp.AttrTemplate))})
	}
	return tags
}

func (p *Provider) putPack(ctx context.Context, api *configservice.Client, c *engine.Change, excluded []string) (string, error) {
	a := c.After
	body := a.String(cp.AttrTemplateBody)
	if body == "" || cp.TemplateHash([]byte(body)) != a.String(cp.AttrTemplate) {
		return "", fmt.Errorf("conformance pack %s: the plan does not hold the template of hash %s; plan again", a.String(cp.AttrName), a.String(cp.AttrTemplate))
	}
	in := &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String(a.String(cp.AttrName)), TemplateBody: aws.String(body),
		ExcludedAccounts: excluded, Tags: created(c),
	}
	if b := a.String(cp.AttrDeliveryBucket); b != "" {
		in.DeliveryS3Bucket = aws.String(b)
	}
	if k := a.String(cp.AttrDeliveryPrefix); k != "" {
		in.DeliveryS3KeyPrefix = aws.String(k)
	}
	params := a.Map(cp.AttrParameters)
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		in.ConformancePackInputParameters = append(in.ConformancePackInputParameters,
			types.ConformancePackInputParameter{ParameterName: aws.String(k), ParameterValue: aws.String(params[k])})
	}
	out, err := awsapi.Do(ctx, func() (*configservice.PutOrganizationConformancePackOutput, error) {
		return api.PutOrganizationConformancePack(ctx, in)
	})
	if err != nil {
		return "", apiError("PutOrganizationConformancePack "+a.String(cp.AttrName), err)
	}
	arn := aws.ToString(out.OrganizationConformancePackArn)
	if c.Action == engine.Update {
		// Tags are given at creation; an update keeps the new hash by
		// TagResource, after the Put, so a lost tag shows as a change.
		_, err = awsapi.Do(ctx, func() (*configservice.TagResourceOutput, error) {
			return api.TagResource(ctx, &configservice.TagResourceInput{ResourceArn: aws.String(arn),
				Tags: []types.Tag{{Key: aws.String(cp.TemplateTag), Value: aws.String(a.String(cp.AttrTemplate))}}})
		})
		if err != nil {
			return arn, apiError("TagResource "+a.String(cp.AttrName), err)
		}
	}
	return arn, nil
}

func (p *Provider) putRule(ctx context.Context, api *configservice.Client, c *engine.Change, excluded []string) (string, error) {
	a := c.After
	m := &types.OrganizationManagedRuleMetadata{RuleIdentifier: aws.String(a.String(cp.AttrIdentifier)), ResourceTypesScope: a.Strings(cp.AttrResourceTypes)}
	if v := a.String(cp.AttrDescription); v != "" {
		m.Description = aws.String(v)
	}
	if v := a.String(cp.AttrParameters); v != "" {
		m.InputParameters = aws.String(v)
	}
	if v := a.String(cp.AttrFrequency); v != "" {
		m.MaximumExecutionFrequency = types.MaximumExecutionFrequency(v)
	}
	in := &configservice.PutOrganizationConfigRuleInput{OrganizationConfigRuleName: aws.String(a.String(cp.AttrName)),
		OrganizationManagedRuleMetadata: m, ExcludedAccounts: excluded, Tags: created(c)}
	out, err := awsapi.Do(ctx, func() (*configservice.PutOrganizationConfigRuleOutput, error) {
		return api.PutOrganizationConfigRule(ctx, in)
	})
	if err != nil {
		return "", apiError("PutOrganizationConfigRule "+a.String(cp.AttrName), err)
	}
	return aws.ToString(out.OrganizationConfigRuleArn), nil
}

// notFound reports AWS Config saying the pack or rule does not exist.
func notFound(err error) bool {
	var pack *types.NoSuchOrganizationConformancePackException
	var rule *types.NoSuchOrganizationConfigRuleException
	return errors.As(err, &pack) || errors.As(err, &rule)
}
