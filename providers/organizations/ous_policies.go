package organizations

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/orgctl/orgctl/providers/internal/awsapi"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
)

func (p *Provider) applyOU(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	switch c.Action {
	case engine.Delete:
		id, ok := ids.ID(c.Ref())
		if !ok {
			return "", nil // gone already
		}
		_, err := awsapi.Do(ctx, func() (*organizations.DeleteOrganizationalUnitOutput, error) {
			return p.org.DeleteOrganizationalUnit(ctx, &organizations.DeleteOrganizationalUnitInput{OrganizationalUnitId: aws.String(id)}, afterCreate)
		})
		var gone *types.OrganizationalUnitNotFoundException
		if err != nil && !errors.As(err, &gone) {
			return "", apiError("DeleteOrganizationalUnit "+id, err)
		}
		return "", nil
	case engine.Update:
		id, err := ids.Require(c.Ref())
		if err != nil {
			return "", err
		}
		// A rename in place (renamedFrom) keeps the OU's ID.
		if c.Changed(engine.AttrName) {
			_, err := awsapi.Do(ctx, func() (*organizations.UpdateOrganizationalUnitOutput, error) {
				return p.org.UpdateOrganizationalUnit(ctx, &organizations.UpdateOrganizationalUnitInput{
					OrganizationalUnitId: aws.String(id), Name: aws.String(c.After.String(engine.AttrName)),
				}, afterCreate)
			})
			if err != nil {
				return "", apiError("UpdateOrganizationalUnit "+id, err)
			}
		}
		if !c.Changed(engine.AttrTags) {
			return "", nil
		}
		return "", p.syncTags(ctx, id, c.Before.Map(engine.AttrTags), c.After.Map(engine.AttrTags))
	}

	parentPath, name := facts.SplitOUPath(c.Key)
	parentID, err := parentID(ids, parentPath)
	if err != nil {
		return "", err
	}
	out, err := awsapi.Do(ctx, func() (*organizations.CreateOrganizationalUnitOutput, error) {
		return p.org.CreateOrganizationalUnit(ctx, &organizations.CreateOrganizationalUnitInput{
			ParentId: aws.String(parentID), Name: aws.String(name), Tags: managedTags(c.After.Map(engine.AttrTags)),
		}, afterCreate)
	})
	var id string
	var dup *types.DuplicateOrganizationalUnitException
	switch {
	case errors.As(err, &dup):
		// Someone (or an earlier, interrupted run) made it meanwhile: adopt
		// it and bring its tags in line.
		if id, err = listedSoon(ctx, p, func() (string, error) { return p.findOU(ctx, parentID, name) }); err != nil {
			return "", err
		}
		if err := p.syncTags(ctx, id, nil, c.After.Map(engine.AttrTags)); err != nil {
			return "", err
		}
	case err != nil:
		return "", apiError("CreateOrganizationalUnit "+c.Key, err)
	default:
		id = aws.ToString(out.OrganizationalUnit.Id)
	}
	return id, nil
}

func (p *Provider) findOU(ctx context.Context, parentID, name string) (string, error) {
	var id string
	err := awsapi.Pages(ctx, apiError, "ListOrganizationalUnitsForParent "+parentID,
		organizations.NewListOrganizationalUnitsForParentPaginator(p.org, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parentID)}),
		func(out *organizations.ListOrganizationalUnitsForParentOutput) error {
			for _, ou := range out.OrganizationalUnits {
				if aws.ToString(ou.Name) == name {
					id = aws.ToString(ou.Id)
				}
			}
			return nil
		})
	if err == nil && id == "" {
		err = fmt.Errorf("AWS reports OU %q under %s as a duplicate but does not list it: %w", name, parentID, errNotListed)
	}
	return id, err
}

func (p *Provider) applyPolicy(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	switch c.Action {
	case engine.Delete:
		id, ok := ids.ID(c.Ref())
		if !ok {
			return "", nil // gone already
		}
		_, err := awsapi.Do(ctx, func() (*organizations.DeletePolicyOutput, error) {
			return p.org.DeletePolicy(ctx, &organizations.DeletePolicyInput{PolicyId: aws.String(id)}, afterCreate)
		})
		var gone *types.PolicyNotFoundException
		if err != nil && !errors.As(err, &gone) {
			return "", apiError("DeletePolicy "+id, err)
		}
		return "", nil
	case engine.Update:
		id, err := ids.Require(c.Ref())
		if err != nil {
			return "", err
		}
		return "", p.updatePolicy(ctx, id, c)
	}

	a := c.After
	out, err := awsapi.Do(ctx, func() (*organizations.CreatePolicyOutput, error) {
		return p.org.CreatePolicy(ctx, &organizations.CreatePolicyInput{
			Name:        aws.String(a.String("name")),
			Type:        types.PolicyType(a.String("type")),
			Description: aws.String(a.String("description")),
			Content:     aws.String(a.String("document")),
			Tags:        managedTags(a.Map("tags")),
		}, afterCreate)
	})
	var id string
	var dup *types.DuplicatePolicyException
	switch {
	case errors.As(err, &dup):
		if id, err = listedSoon(ctx, p, func() (string, error) { return p.findPolicy(ctx, a.String(orgs.AttrType), a.String(engine.AttrName)) }); err != nil {
			return "", err
		}
		if err := p.updatePolicy(ctx, id, c); err != nil {
			return "", err
		}
	case err != nil:
		return "", apiError("CreatePolicy "+c.Key, err)
	default:
		id = aws.ToString(out.Policy.PolicySummary.Id)
	}
	return id, nil
}

// updatePolicy sends what the change sets. For a create that found the
// policy already there (c.Before is nil), that is everything.
func (p *Provider) updatePolicy(ctx context.Context, id string, c *engine.Change) error {
	in := &organizations.UpdatePolicyInput{PolicyId: aws.String(id)}
	if c.Changed("document") {
		in.Content = aws.String(c.After.String("document"))
	}
	if c.Changed("description") {
		in.Description = aws.String(c.After.String("description"))
	}
	if in.Content != nil || in.Description != nil {
		if _, err := awsapi.Do(ctx, func() (*organizations.UpdatePolicyOutput, error) { return p.org.UpdatePolicy(ctx, in, afterCreate) }); err != nil {
			return apiError("UpdatePolicy "+id, err)
		}
	}
	if !c.Changed("tags") {
		return nil
	}
	return p.syncTags(ctx, id, c.Before.Map("tags"), c.After.Map("tags"))
}

func (p *Provider) findPolicy(ctx context.Context, typ, name string) (string, error) {
	var id string
	err := awsapi.Pages(ctx, apiError, "ListPolicies "+typ,
		organizations.NewListPoliciesPaginator(p.org, &organizations.ListPoliciesInput{Filter: types.PolicyType(typ)}),
		func(out *organizations.ListPoliciesOutput) error {
			for _, s := range out.Policies {
				if aws.ToString(s.Name) == name {
					id = aws.ToString(s.Id)
				}
			}
			return nil
		})
	if err == nil && id == "" {
		err = fmt.Errorf("AWS reports policy %q as a duplicate but does not list it: %w", name, errNotListed)
	}
	return id, err
}

// syncTags makes a resource's tags (other than orgctl's own) equal want.
func (p *Provider) syncTags(ctx context.Context, id string, have, want map[string]string) error {
	var add []types.Tag
	for _, k := range sortedKeys(want) {
		if v, ok := have[k]; !ok || v != want[k] {
			add = append(add, types.Tag{Key: aws.String(k), Value: aws.String(want[k])})
		}
	}
	var remove []string
	for _, k := range sortedKeys(have) {
		if _, ok := want[k]; !ok && k != facts.ManagedTagKey {
			remove = append(remove, k)
		}
	}
	if len(remove) > 0 {
		_, err := awsapi.Do(ctx, func() (*organizations.UntagResourceOutput, error) {
			return p.org.UntagResource(ctx, &organizations.UntagResourceInput{ResourceId: aws.String(id), TagKeys: remove}, afterCreate)
		})
		if err != nil {
			return apiError("UntagResource "+id, err)
		}
	}
	if len(add) > 0 {
		_, err := awsapi.Do(ctx, func() (*organizations.TagResourceOutput, error) {
			return p.org.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(id), Tags: add}, afterCreate)
		})
		if err != nil {
			return apiError("TagResource "+id, err)
		}
	}
	return nil
}

// tags reads a resource's tags.
func (p *Provider) tags(ctx context.Context, id string) (map[string]string, error) {
	tags := map[string]string{}
	err := awsapi.Pages(ctx, apiError, "ListTagsForResource "+id,
		organizations.NewListTagsForResourcePaginator(p.org, &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)}),
		func(out *organizations.ListTagsForResourceOutput) error {
			for _, t := range out.Tags {
				tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			return nil
		})
	return tags, err
}

// managedTags returns tags plus orgctl's ownership tag, for creates.
func managedTags(tags map[string]string) []types.Tag {
	out := []types.Tag{{Key: aws.String(facts.ManagedTagKey), Value: aws.String(facts.ManagedTagValue)}}
	for _, k := range sortedKeys(tags) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
