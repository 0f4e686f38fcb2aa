package organizations

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/orgctl/orgctl/providers/internal/awsapi"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
)

// Apply implements engine.Provider. Every operation is idempotent: what is
// already in effect (a policy already attached, an OU already there) counts
// as done.
func (p *Provider) Apply(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	switch c.Kind {
	case orgs.KindOrganization:
		return "", p.applyOrganization(ctx, c, ids)
	case orgs.KindPolicyType:
		return "", p.applyPolicyType(ctx, c, ids)
	case orgs.KindTrustedAccess:
		return "", p.applyTrustedAccess(ctx, c)
	case orgs.KindOU:
		return p.applyOU(ctx, c, ids)
	case orgs.KindPolicy:
		return p.applyPolicy(ctx, c, ids)
	case orgs.KindAccount:
		return p.applyAccount(ctx, c, ids)
	case orgs.KindAttachment:
		return "", p.applyAttachment(ctx, c, ids)
	case orgs.KindDelegatedAdmin:
		return "", p.applyDelegatedAdmin(ctx, c, ids)
	}
	return "", fmt.Errorf("the organizations provider does not handle %s", c.Kind)
}

// rootID is the root's ID, which the organization resource carries.
func rootID(ids *engine.IDs) (string, error) { return ids.Require(orgs.Organization) }

// awsManagedID is the ID of an AWS-managed policy: AWS gives them fixed
// IDs (p-FullAWSAccess), the same in every organization.
func awsManagedID(name string) string { return "p-" + name }

// targetID resolves an attachment target ("root", "ou:PATH", "account:EMAIL").
func targetID(ids *engine.IDs, target string) (string, error) {
	return ids.Require(orgs.TargetRef(target))
}

// parentID resolves an OU path to its ID, the root's for "".
func parentID(ids *engine.IDs, path string) (string, error) {
	if path == "" {
		return rootID(ids)
	}
	return ids.Require(orgs.OU(path))
}

func (p *Provider) applyOrganization(ctx context.Context, c *engine.Change, ids *engine.IDs) error {
	if c.Before.String(orgs.AttrFeatureSet) != c.After.String(orgs.AttrFeatureSet) {
		if c.After.String(orgs.AttrFeatureSet) != orgs.FeatureSetAll {
			return fmt.Errorf("an organization cannot go back from ALL features to CONSOLIDATED_BILLING")
		}
		// The plan refuses this (orgs.AttrAllFeatures says why); a plan
		// saved by an older orgctl may still carry it.
		return fmt.Errorf("enabling all features takes the handshakes of every invited account: %s", c.Before.String(orgs.AttrAllFeatures))
	}
	root, err := rootID(ids)
	if err != nil {
		return err
	}
	return p.syncTags(ctx, root, c.Before.Map(engine.AttrTags), c.After.Map(engine.AttrTags))
}

func (p *Provider) applyPolicyType(ctx context.Context, c *engine.Change, ids *engine.IDs) error {
	root, err := rootID(ids)
	if err != nil {
		return err
	}
	typ := types.PolicyType(c.Key)
	if c.Action == engine.Delete {
		_, err := awsapi.Do(ctx, func() (*organizations.DisablePolicyTypeOutput, error) {
			return p.org.DisablePolicyType(ctx, &organizations.DisablePolicyTypeInput{RootId: aws.String(root), PolicyType: typ})
		})
		var notEnabled *types.PolicyTypeNotEnabledException
		if err != nil && !errors.As(err, &notEnabled) {
			return apiError("DisablePolicyType "+c.Key, err)
		}
		return p.waitPolicyType(ctx, typ, false)
	}
	_, err = awsapi.Do(ctx, func() (*organizations.EnablePolicyTypeOutput, error) {
		return p.org.EnablePolicyType(ctx, &organizations.EnablePolicyTypeInput{RootId: aws.String(root), PolicyType: typ})
	})
	var already *types.PolicyTypeAlreadyEnabledException
	if err != nil && !errors.As(err, &already) {
		return apiError("EnablePolicyType "+c.Key, err)
	}
	return p.waitPolicyType(ctx, typ, true)
}

// waitPolicyType polls ListRoots until the type is ENABLED (or gone), as
// enabling and disabling are asynchronous.
func (p *Provider) waitPolicyType(ctx context.Context, typ types.PolicyType, enabled bool) error {
	return p.polling.Poll(ctx, 0, 5*time.Minute, "policy type "+string(typ), func() (bool, error) {
		out, err := awsapi.Do(ctx, func() (*organizations.ListRootsOutput, error) { return p.org.ListRoots(ctx, nil) })
		if err != nil {
			return false, apiError("ListRoots", err)
		}
		found := false
		for _, r := range out.Roots {
			for _, t := range r.PolicyTypes {
				if t.Type == typ {
					found = true
					if enabled && t.Status == types.PolicyTypeStatusEnabled {
						return true, nil
					}
				}
			}
		}
		return !enabled && !found, nil
	})
}

func (p *Provider) applyTrustedAccess(ctx context.Context, c *engine.Change) error {
	if c.Action == engine.Delete {
		_, err := awsapi.Do(ctx, func() (*organizations.DisableAWSServiceAccessOutput, error) {
			return p.org.DisableAWSServiceAccess(ctx, &organizations.DisableAWSServiceAccessInput{ServicePrincipal: aws.String(c.Key)})
		})
		return apiError("DisableAWSServiceAccess "+c.Key, err)
	}
	_, err := awsapi.Do(ctx, func() (*organizations.EnableAWSServiceAccessOutput, error) {
		return p.org.EnableAWSServiceAccess(ctx, &organizations.EnableAWSServiceAccessInput{ServicePrincipal: aws.String(c.Key)})
	})
	return apiError("EnableAWSServiceAccess "+c.Key, err)
}

func (p *Provider) applyDelegatedAdmin(ctx context.Context, c *engine.Change, ids *engine.IDs) error {
	a := c.After
	if c.Action == engine.Delete {
		a = c.Before
	}
	id, err := ids.Require(orgs.Account(a.String(orgs.AttrAccount)))
	if err != nil && c.Action == engine.Delete {
		return nil // an account gone from the organization administers nothing
	}
	if err != nil {
		return err
	}
	principal := aws.String(a.String(orgs.AttrPrincipal))
	if c.Action == engine.Delete {
		_, err := awsapi.Do(ctx, func() (*organizations.DeregisterDelegatedAdministratorOutput, error) {
			return p.org.DeregisterDelegatedAdministrator(ctx, &organizations.DeregisterDelegatedAdministratorInput{AccountId: aws.String(id), ServicePrincipal: principal})
		})
		var notReg *types.AccountNotRegisteredException
		if errors.As(err, &notReg) {
			return nil
		}
		return apiError("DeregisterDelegatedAdministrator", err)
	}
	err = p.untilAccessReached(ctx, *principal, func() (err error) {
		_, err = awsapi.Do(ctx, func() (*organizations.RegisterDelegatedAdministratorOutput, error) {
			return p.org.RegisterDelegatedAdministrator(ctx, &organizations.RegisterDelegatedAdministratorInput{AccountId: aws.String(id), ServicePrincipal: principal}, afterCreate)
		})
		return err
	})
	var already *types.AccountAlreadyRegisteredException
	if errors.As(err, &already) {
		return nil
	}
	return apiError("RegisterDelegatedAdministrator", err)
}

func (p *Provider) applyAttachment(ctx context.Context, c *engine.Change, ids *engine.IDs) error {
	a := c.After
	if c.Action == engine.Delete {
		a = c.Before
	}
	policyID := awsManagedID(a.String(orgs.AttrPolicy))
	if !a.Bool(orgs.AttrAWSManaged) {
		id, ok := ids.ID(orgs.Policy(a.String(orgs.AttrPolicyType), a.String(orgs.AttrPolicy)))
		if !ok && c.Action == engine.Delete {
			return nil // the policy is gone, and its attachments with it
		}
		if !ok {
			return fmt.Errorf("policy %q does not exist in AWS", a.String(orgs.AttrPolicy))
		}
		policyID = id
	}
	targetID, err := targetID(ids, a.String(orgs.AttrTarget))
	if err != nil && c.Action == engine.Delete {
		return nil // the target is gone, and its attachments with it
	}
	if err != nil {
		return err
	}
	if c.Action == engine.Delete {
		_, err := awsapi.Do(ctx, func() (*organizations.DetachPolicyOutput, error) {
			return p.org.DetachPolicy(ctx, &organizations.DetachPolicyInput{PolicyId: aws.String(policyID), TargetId: aws.String(targetID)}, afterCreate)
		})
		var notAttached *types.PolicyNotAttachedException
		if errors.As(err, &notAttached) {
			return nil
		}
		return apiError("DetachPolicy", err)
	}
	_, err = awsapi.Do(ctx, func() (*organizations.AttachPolicyOutput, error) {
		return p.org.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: aws.String(policyID), TargetId: aws.String(targetID)}, afterCreate)
	})
	var dup *types.DuplicatePolicyAttachmentException
	if errors.As(err, &dup) {
		return nil
	}
	return apiError("AttachPolicy", err)
}
