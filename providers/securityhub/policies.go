package securityhub

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	orgs "github.com/orgctl/orgctl/services/organizations"
	sh "github.com/orgctl/orgctl/services/securityhub"
)

// applyPolicy creates, updates or deletes a configuration policy; it
// returns the ID of what it created.
func (p *Provider) applyPolicy(ctx context.Context, api *securityhub.Client, c *engine.Change, ids *engine.IDs) (string, error) {
	id, ok := ids.ID(c.Ref())
	if !ok && c.Before != nil {
		id = c.Before.String(engine.AttrID)
	}
	if c.Action == engine.Delete {
		_, err := awsapi.Do(ctx, func() (*securityhub.DeleteConfigurationPolicyOutput, error) {
			return api.DeleteConfigurationPolicy(ctx, &securityhub.DeleteConfigurationPolicyInput{Identifier: aws.String(id)})
		})
		if _, gone := message(err, "ResourceNotFoundException"); gone {
			return "", nil
		}
		return "", apiError("DeleteConfigurationPolicy "+c.Key, err)
	}
	doc, err := policyDoc(c.After, c.After.String(sh.AttrRegion))
	if err != nil {
		return "", err
	}
	if c.Action == engine.Create {
		err := p.retrySettling(ctx, "waiting for Security Hub's central configuration to take policies", notCentral, func() error {
			out, err := awsapi.Do(ctx, func() (*securityhub.CreateConfigurationPolicyOutput, error) {
				return api.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{
					Name: aws.String(c.Key), Description: aws.String(c.After.String(sh.AttrDescription)), ConfigurationPolicy: doc,
					Tags: map[string]string{facts.ManagedTagKey: facts.ManagedTagValue}})
			})
			if err == nil {
				id = aws.ToString(out.Id)
			}
			return err
		})
		if _, exists := message(err, "ResourceConflictException"); !exists || err == nil {
			return id, apiError("CreateConfigurationPolicy "+c.Key, err)
		}
		// Made by an interrupted run: update it as it is.
		if id, err = p.policyID(ctx, api, c.Key); err != nil {
			return "", err
		}
	}
	out, err := awsapi.Do(ctx, func() (*securityhub.UpdateConfigurationPolicyOutput, error) {
		return api.UpdateConfigurationPolicy(ctx, &securityhub.UpdateConfigurationPolicyInput{Identifier: aws.String(id),
			Name: aws.String(c.Key), Description: aws.String(c.After.String(sh.AttrDescription)), ConfigurationPolicy: doc,
			UpdatedReason: aws.String("orgctl apply")})
	})
	if err != nil {
		return id, apiError("UpdateConfigurationPolicy "+c.Key, err)
	}
	// A policy the spec adopts, or an interrupted run made, gets orgctl's tag.
	if tags := c.After.Map(engine.AttrTags); tags[facts.ManagedTagKey] != "" || c.Action == engine.Create {
		_, err := awsapi.Do(ctx, func() (*securityhub.TagResourceOutput, error) {
			return api.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: out.Arn,
				Tags: map[string]string{facts.ManagedTagKey: facts.ManagedTagValue}})
		})
		if err != nil {
			return id, apiError("TagResource "+c.Key, err)
		}
	}
	return id, nil
}

// policyID finds a policy's ID by its name.
func (p *Provider) policyID(ctx context.Context, api *securityhub.Client, name string) (string, error) {
	id := ""
	err := awsapi.Pages(ctx, apiError, "ListConfigurationPolicies",
		securityhub.NewListConfigurationPoliciesPaginator(api, &securityhub.ListConfigurationPoliciesInput{}),
		func(out *securityhub.ListConfigurationPoliciesOutput) error {
			for _, s := range out.ConfigurationPolicySummaries {
				if aws.ToString(s.Name) == name {
					id = aws.ToString(s.Id)
				}
			}
			return nil
		})
	if err == nil && id == "" {
		err = fmt.Errorf("configuration policy %q does not exist in AWS", name)
	}
	return id, err
}

// target is the Target union of an association's key, by the AWS ID of
// the root, OU or account it names, and that ID.
func target(key string, ids *engine.IDs) (types.Target, string, error) {
	id, err := ids.Require(orgs.TargetRef(key))
	if err != nil {
		return nil, "", err
	}
	switch {
	case strings.HasPrefix(key, "ou:"):
		return &types.TargetMemberOrganizationalUnitId{Value: id}, id, nil
	case strings.HasPrefix(key, "account:"):
		return &types.TargetMemberAccountId{Value: id}, id, nil
	}
	return &types.TargetMemberRootId{Value: id}, id, nil
}

// configuration is the identifier of the configuration an association
// applies: its policy's ID (by name), or SELF_MANAGED_SECURITY_HUB.
func configuration(a engine.Attrs, ids *engine.IDs) string {
	name := a.String(sh.AttrPolicy)
	if id, ok := ids.ID(sh.PolicyRef(name)); ok {
		return id
	}
	return name // an ID AWS reported, or SELF_MANAGED_SECURITY_HUB
}

// applyAssociation has a target apply its configuration (or, deleting it,
// inherit its parent's) and waits until Security Hub says it took:
// association is asynchronous, and a failure is reported with AWS's reason.
func (p *Provider) applyAssociation(ctx context.Context, api *securityhub.Client, c *engine.Change, ids *engine.IDs) error {
	t, targetID, err := target(c.Key, ids)
	if err != nil {
		return err
	}
	if c.Action == engine.Delete {
		_, err := awsapi.Do(ctx, func() (*securityhub.StartConfigurationPolicyDisassociationOutput, error) {
			return api.StartConfigurationPolicyDisassociation(ctx, &securityhub.StartConfigurationPolicyDisassociationInput{
				ConfigurationPolicyIdentifier: aws.String(configuration(c.Before, ids)), Target: t})
		})
		if _, gone := message(err, "ResourceNotFoundException"); gone {
			return nil
		}
		return apiError("StartConfigurationPolicyDisassociation "+c.Key, err)
	}
	policy := configuration(c.After, ids)
	cur, err := p.association(ctx, api, targetID)
	if err != nil {
		return err
	}
	if cur == nil || aws.ToString(cur.ConfigurationPolicyId) != policy ||
		cur.AssociationStatus == types.ConfigurationPolicyAssociationStatusFailed {
		err := p.retrySettling(ctx, "waiting for Security Hub's central configuration to take associations", notCentral, func() error {
			_, err := awsapi.Do(ctx, func() (*securityhub.StartConfigurationPolicyAssociationOutput, error) {
				return api.StartConfigurationPolicyAssociation(ctx, &securityhub.StartConfigurationPolicyAssociationInput{
					ConfigurationPolicyIdentifier: aws.String(policy), Target: t})
			})
			return err
		})
		if err != nil {
			return apiError("StartConfigurationPolicyAssociation "+c.Key, err)
		}
	}
	return p.Polling.Poll(ctx, 0, p.Settle, "waiting for Security Hub to associate "+c.Key+" with "+c.After.String(sh.AttrPolicy), func() (bool, error) {
		cur, err := p.association(ctx, api, targetID)
		if err != nil || cur == nil {
			return false, err
		}
		switch cur.AssociationStatus {
		case types.ConfigurationPolicyAssociationStatusFailed:
			return false, fmt.Errorf("Security Hub could not associate %s with configuration policy %s: %s",
				c.Key, c.After.String(sh.AttrPolicy), aws.ToString(cur.AssociationStatusMessage))
		case types.ConfigurationPolicyAssociationStatusSuccess:
			return true, nil
		}
		return false, nil
	})
}

// association reads the configuration a target applies itself, or nil
// when it applies none (it inherits its parent's). It lists what targets
// apply, a read plan makes anyway, rather than asking for the one.
func (p *Provider) association(ctx context.Context, api *securityhub.Client, target string) (*types.ConfigurationPolicyAssociationSummary, error) {
	var found *types.ConfigurationPolicyAssociationSummary
	err := awsapi.Pages(ctx, apiError, "ListConfigurationPolicyAssociations",
		securityhub.NewListConfigurationPolicyAssociationsPaginator(api, &securityhub.ListConfigurationPolicyAssociationsInput{
			Filters: &types.AssociationFilters{AssociationType: types.AssociationTypeApplied}}),
		func(page *securityhub.ListConfigurationPolicyAssociationsOutput) error {
			for i, a := range page.ConfigurationPolicyAssociationSummaries {
				if aws.ToString(a.TargetId) == target {
					found = &page.ConfigurationPolicyAssociationSummaries[i]
				}
			}
			return nil
		})
	return found, err
}
