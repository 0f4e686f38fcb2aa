package fmspolicies

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/fms"
	"github.com/aws/aws-sdk-go-v2/service/fms/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	fp "github.com/orgctl/orgctl/services/fmspolicies"
	orgs "github.com/orgctl/orgctl/services/organizations"
)

// Apply implements engine.Provider. Every change is idempotent: a create
// that finds the policy (an interrupted run) updates it, a delete of a
// policy already gone succeeds.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	if c.Kind != fp.KindPolicy {
		return "", fmt.Errorf("the fmspolicies provider does not handle %s", c.Kind)
	}
	attrs := c.After
	if c.Action == engine.Delete {
		attrs = c.Before
	}
	admin, ok := ids.ID(orgs.Account(attrs.String(fp.AttrAccount)))
	if !ok {
		admin = attrs.String(fp.AttrAccount) // as read: the account's ID
	}
	region, name := fp.SplitKey(c.Key)
	api, err := p.admin(ctx, admin, region)
	if err != nil {
		return "", err
	}
	id, _ := ids.ID(c.Ref())
	if c.Action == engine.Delete {
		return "", p.delete(ctx, api, id, c.Before.Bool(fp.AttrDeleteResources))
	}
	if id == "" {
		if id, err = p.find(ctx, api, name); err != nil {
			return "", err
		}
	}
	pol, err := policy(name, c.After, ids)
	if err != nil {
		return "", err
	}
	if c.Action == engine.Create || id == "" || policyChanged(c) {
		if id, err = p.put(ctx, api, id, pol, c.After.Bool(fp.AttrDeleteResources)); err != nil {
			return "", err
		}
	}
	if c.Action == engine.Update && c.Changed(fp.AttrDeleteResources) {
		return id, p.tagDeleteResources(ctx, api, id, c.After.Bool(fp.AttrDeleteResources))
	}
	return id, nil
}

// policyChanged reports whether an update changes more than the tag of
// deleteResourcesOnDelete.
func policyChanged(c *engine.Change) bool {
	for _, f := range c.Fields {
		if f.Name != fp.AttrDeleteResources {
			return true
		}
	}
	return false
}

// put creates the policy (id "") or updates it with the update token it
// reads just before; when another writer changed the policy in between,
// Firewall Manager refuses the stale token and put reads it again.
func (p *Provider) put(ctx context.Context, api *fms.Client, id string, pol *types.Policy, deleteResources bool) (string, error) {
	in := &fms.PutPolicyInput{Policy: pol}
	if id == "" {
		in.TagList = []types.Tag{{Key: aws.String(facts.ManagedTagKey), Value: aws.String(facts.ManagedTagValue)}}
		if deleteResources {
			in.TagList = append(in.TagList, types.Tag{Key: aws.String(fp.DeleteResourcesTag), Value: aws.String("true")})
		}
		return p.create(ctx, api, in)
	}
	var err error
	for attempt := 0; attempt < updateAttempts; attempt++ {
		cur, gerr := p.getPolicy(ctx, api, id)
		if gerr != nil {
			return "", gerr
		}
		if cur == nil {
			// Gone since the plan read it (the organization offboarded
			// when its administrator moved): made again.
			pol.PolicyId, pol.PolicyUpdateToken = nil, nil
			return p.put(ctx, api, "", pol, deleteResources)
		}
		pol.PolicyId, pol.PolicyUpdateToken = aws.String(id), cur.PolicyUpdateToken
		if p.beforePut != nil {
			p.beforePut()
		}
		_, err = awsapi.Do(ctx, func() (*fms.PutPolicyOutput, error) { return api.PutPolicy(ctx, in) })
		if err == nil {
			return id, nil
		}
		if !staleToken(err) {
			break
		}
	}
	return "", apiError("PutPolicy "+aws.ToString(pol.PolicyName)+" ("+id+")", err)
}

// create makes a new policy. Firewall Manager does not refuse a second
// policy of the same name, so a create whose answer was lost (and which
// the SDK would send again) is not retried blindly: the policy is looked
// for by name first, and taken if the lost attempt made it.
func (p *Provider) create(ctx context.Context, api *fms.Client, in *fms.PutPolicyInput) (string, error) {
	name := aws.ToString(in.Policy.PolicyName)
	once := func(o *fms.Options) { o.RetryMaxAttempts = 1 }
	for attempt := 1; ; attempt++ {
		out, err := awsapi.Do(ctx, func() (*fms.PutPolicyOutput, error) { return api.PutPolicy(ctx, in, once) })
		if err == nil {
			return aws.ToString(out.Policy.PolicyId), nil
		}
		if attempt == createAttempts || retry.IsErrorRetryables(retry.DefaultRetryables).IsErrorRetryable(err) != aws.TrueTernary {
			return "", apiError("PutPolicy "+name, err)
		}
		id, ferr := p.find(ctx, api, name)
		if ferr != nil || id != "" {
			return id, ferr
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(time.Duration(attempt) * p.retryWait):
		}
	}
}

// staleToken reports whether Firewall Manager refused an update as a
// conflict: an InvalidOperationException (a token another change of the
// policy made out of date, or the policy busy with another update), or
// an invalid input that names the token.
func staleToken(err error) bool {
	switch awsapi.Code(err) {
	case "InvalidOperationException":
		return true
	case "InvalidInputException":
		return strings.Contains(strings.ToLower(err.Error()), "token")
	}
	return false
}

// find returns the ID of the policy named name in the region, or "".
func (p *Provider) find(ctx context.Context, api *fms.Client, name string) (string, error) {
	id := ""
	err := awsapi.Pages(ctx, apiError, "ListPolicies", fms.NewListPoliciesPaginator(api, &fms.ListPoliciesInput{}),
		func(out *fms.ListPoliciesOutput) error {
			for _, s := range out.PolicyList {
				if aws.ToString(s.PolicyName) == name && id == "" {
					id = aws.ToString(s.PolicyId)
				}
			}
			return nil
		})
	return id, err
}

// delete deletes the policy, and with deleteResources what it made in
// the accounts.
func (p *Provider) delete(ctx context.Context, api *fms.Client, id string, deleteResources bool) error {
	if id == "" {
		return nil
	}
	_, err := awsapi.Do(ctx, func() (*fms.DeletePolicyOutput, error) {
		return api.DeletePolicy(ctx, &fms.DeletePolicyInput{PolicyId: aws.String(id), DeleteAllPolicyResources: deleteResources})
	})
	if err != nil && awsapi.Code(err) != "ResourceNotFoundException" {
		return apiError("DeletePolicy "+id, err)
	}
	return nil
}

// tagDeleteResources records deleteResourcesOnDelete on the policy.
func (p *Provider) tagDeleteResources(ctx context.Context, api *fms.Client, id string, on bool) error {
	arn, err := p.arn(ctx, api, id)
	if err != nil {
		return err
	}
	if on {
		_, err = awsapi.Do(ctx, func() (*fms.TagResourceOutput, error) {
			return api.TagResource(ctx, &fms.TagResourceInput{ResourceArn: aws.String(arn),
				TagList: []types.Tag{{Key: aws.String(fp.DeleteResourcesTag), Value: aws.String("true")}}})
		})
		return wrapTag("TagResource", arn, err)
	}
	_, err = awsapi.Do(ctx, func() (*fms.UntagResourceOutput, error) {
		return api.UntagResource(ctx, &fms.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{fp.DeleteResourcesTag}})
	})
	return wrapTag("UntagResource", arn, err)
}

func wrapTag(op, arn string, err error) error {
	if err != nil {
		return apiError(op+" "+arn, err)
	}
	return nil
}

// arn returns the policy's ARN, as GetPolicy gives it.
func (p *Provider) arn(ctx context.Context, api *fms.Client, id string) (string, error) {
	out, err := awsapi.Do(ctx, func() (*fms.GetPolicyOutput, error) {
		return api.GetPolicy(ctx, &fms.GetPolicyInput{PolicyId: aws.String(id)})
	})
	if err != nil {
		return "", apiError("GetPolicy "+id, err)
	}
	return aws.ToString(out.PolicyArn), nil
}

// policy builds the policy the spec asks for, with the IDs of the OUs and
// accounts it names.
func policy(name string, a engine.Attrs, ids *engine.IDs) (*types.Policy, error) {
	typ := a.String(fp.AttrType)
	pol := &types.Policy{
		PolicyName:                     aws.String(name),
		RemediationEnabled:             a.Bool(fp.AttrRemediation),
		DeleteUnusedFMManagedResources: a.Bool(fp.AttrDeleteUnused),
		ExcludeResourceTags:            a.Bool(fp.AttrExcludeResourceTags),
		SecurityServicePolicyData: &types.SecurityServicePolicyData{
			Type: types.SecurityServiceType(typ), ManagedServiceData: aws.String(a.String(fp.AttrSend))},
	}
	if d := a.String(fp.AttrDescription); d != "" {
		pol.PolicyDescription = aws.String(d)
	}
	switch rts := a.Strings(fp.AttrResourceTypes); len(rts) {
	case 1:
		pol.ResourceType = aws.String(rts[0])
	default:
		pol.ResourceType, pol.ResourceTypeList = aws.String(resourceTypeList), rts
	}
	for k, v := range a.Map(fp.AttrResourceTags) {
		pol.ResourceTags = append(pol.ResourceTags, types.ResourceTag{Key: aws.String(k), Value: aws.String(v)})
	}
	var err error
	if pol.IncludeMap, err = idMap(a, ids, fp.AttrIncludeOUs, fp.AttrIncludeAccounts); err != nil {
		return nil, err
	}
	if pol.ExcludeMap, err = idMap(a, ids, fp.AttrExcludeOUs, fp.AttrExcludeAccounts); err != nil {
		return nil, err
	}
	return pol, nil
}

// idMap is Firewall Manager's include or exclude map of the OUs and
// accounts in attrs ous and accounts, or nil.
func idMap(a engine.Attrs, ids *engine.IDs, ous, accounts string) (map[string][]string, error) {
	m := map[string][]string{}
	for _, path := range a.Strings(ous) {
		id, err := ids.Require(orgs.OU(path))
		if err != nil {
			return nil, err
		}
		m[mapOU] = append(m[mapOU], id)
	}
	for _, key := range a.Strings(accounts) {
		id, err := ids.Require(orgs.Account(key))
		if err != nil {
			return nil, err
		}
		m[mapAccount] = append(m[mapAccount], id)
	}
	if len(m) == 0 {
		return nil, nil
	}
	return m, nil
}
