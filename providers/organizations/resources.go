package organizations

import (
	"sort"

	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
)

// resources turns what a Read collected into engine resources. Accounts
// and policies whose details the scope left out are Shallow; attachments
// are those of targets in the scope, and every one of policies outside it,
// however they were read.
func (r *reader) resources() []engine.Resource {
	var out []engine.Resource
	add := func(kind engine.Kind, key string, attrs engine.Attrs, managed bool) {
		out = append(out, engine.Resource{Kind: kind, Key: key, Attrs: attrs, Managed: managed})
	}
	shallow := func() { out[len(out)-1].Shallow = true }
	rootTags, _, _ := splitOwner(r.tags[r.ix.rootID])
	add(orgs.KindOrganization, orgs.OrganizationKey, engine.Attrs{
		orgs.AttrFeatureSet: r.featureSet, engine.AttrTags: rootTags, engine.AttrID: r.ix.rootID,
		orgs.AttrLiveCommit: recordAttr(r.tags[r.ix.rootID]),
		orgs.AttrOrgID:      r.ix.orgID, orgs.AttrMgmtAccount: r.ix.mgmtID,
	}, false)
	if r.featureSet == orgs.FeatureSetBilling {
		out[len(out)-1].Attrs[orgs.AttrAllFeatures] = allFeaturesStatus(r.handshakes, r.ix.mgmtID, r.accounts)
	}
	for _, t := range facts.PolicyTypes {
		if r.enabled(t.Name) {
			add(orgs.KindPolicyType, t.Name, engine.Attrs{}, false)
		}
	}
	sort.Strings(r.principals)
	for _, pr := range r.principals {
		add(orgs.KindTrustedAccess, pr, engine.Attrs{}, false)
	}
	targets := []string{orgs.TargetRoot}
	for _, ou := range r.ous {
		tags, managed, owner := splitOwner(r.tags[ou.id])
		add(orgs.KindOU, ou.path, withOwner(engine.Attrs{engine.AttrName: ou.name, engine.AttrTags: tags, engine.AttrID: ou.id}, owner), managed)
		if !r.scope.Detailed(engine.Ref{Kind: orgs.KindOU, Key: ou.path}) {
			// Read whole, but its attachments only in part
			// (attachmentInScope): a saved plan's check must
			// read it the same way.
			shallow()
		}
		targets = append(targets, orgs.OUTarget(ou.path))
	}
	for _, a := range r.accounts {
		id := aws.ToString(a.Id)
		tags, managed, owner := splitOwner(r.tags[id])
		_, detailed := r.tags[id]
		attrs := withOwner(engine.Attrs{
			engine.AttrName: aws.ToString(a.Name),
			orgs.AttrEmail:  aws.ToString(a.Email),
			orgs.AttrOU:     r.ix.ouPaths[r.ix.parents[id]],
			engine.AttrTags: tags,
			orgs.AttrClosed: isClosed(a.State),
			engine.AttrID:   id,
			orgs.AttrState:  string(a.State),
		}, owner)
		if id == r.ix.mgmtID {
			attrs[orgs.AttrManagement] = true
		}
		add(orgs.KindAccount, orgs.AccountKey(aws.ToString(a.Email)), attrs, managed)
		if !detailed {
			shallow()
		}
		targets = append(targets, orgs.AccountTarget(aws.ToString(a.Email)))
	}
	for _, s := range r.policies { // the lock left out when listed
		id := aws.ToString(s.Id)
		tags, managed, owner := splitOwner(r.tags[id])
		doc, detailed := r.content[id]
		attrs := withOwner(engine.Attrs{
			engine.AttrName:      aws.ToString(s.Name),
			orgs.AttrType:        string(s.Type),
			orgs.AttrDescription: aws.ToString(s.Description),
			engine.AttrTags:      tags,
			engine.AttrID:        id,
		}, owner)
		if detailed {
			attrs[orgs.AttrDocument] = doc
		}
		add(orgs.KindPolicy, orgs.PolicyKey(string(s.Type), aws.ToString(s.Name)), attrs, managed)
		if !detailed {
			shallow()
		}
	}
	defaults := r.defaultIDs()
	for _, t := range r.attached {
		target, ok := r.targetName(t.targetID)
		if !ok || isLockPolicy(t.policyName) {
			continue
		}
		if !r.attachmentInScope(t, target, defaults) {
			continue
		}
		add(orgs.KindAttachment, orgs.AttachmentKey(t.policyType, t.policyName, target),
			orgs.AttachmentAttrs(t.policyType, t.policyName, target), false)
	}
	// Non-detachable defaults (RCPFullAWSAccess) are on every target.
	for _, t := range facts.PolicyTypes {
		if r.enabled(t.Name) && t.Default != "" && !t.DefaultDetachable {
			for _, target := range targets {
				add(orgs.KindAttachment, orgs.AttachmentKey(t.Name, t.Default, target),
					orgs.AttachmentAttrs(t.Name, t.Default, target), false)
			}
		}
	}
	for _, d := range r.delegations {
		email := r.ix.emails[d.accountID]
		add(orgs.KindDelegatedAdmin, orgs.DelegatedAdminKey(d.principal, email), engine.Attrs{orgs.AttrPrincipal: d.principal, orgs.AttrAccount: email}, false)
	}
	return out
}

// attachmentInScope reports whether an attachment belongs in the result
// whichever way it was read: its target is in the scope, or its policy is
// not (and is read everywhere).
func (r *reader) attachmentInScope(a attachInfo, target string, defaults map[string]bool) bool {
	ref := orgs.TargetRef(target)
	if ref == orgs.Organization || r.scope.Detailed(ref) {
		return true
	}
	if defaults[a.policyID] {
		return false
	}
	return !r.scope.Detailed(policyRef(a.policyType, a.policyName))
}

func (r *reader) defaultIDs() map[string]bool {
	ids := map[string]bool{}
	for _, id := range r.defaults {
		ids[id] = true
	}
	return ids
}

// targetName turns a target ID into "root", "ou:PATH" or "account:EMAIL".
func (r *reader) targetName(id string) (string, bool) {
	if id == r.ix.rootID {
		return orgs.TargetRoot, true
	}
	if path, ok := r.ix.ouPaths[id]; ok {
		return orgs.OUTarget(path), true
	}
	if email, ok := r.ix.emails[id]; ok {
		return orgs.AccountTarget(email), true
	}
	return "", false
}

// splitOwner removes orgctl's ownership tag and records (the live commit)
// from tags, and reports whether the ownership tag named orgctl or, when
// it names another tool, which.
func splitOwner(tags map[string]string) (map[string]string, bool, string) {
	out := withoutReserved(tags)
	owner, tagged := out[facts.ManagedTagKey]
	managed := tagged && owner == facts.ManagedTagValue
	delete(out, facts.ManagedTagKey)
	if len(out) == 0 {
		out = nil
	}
	if managed {
		owner = ""
	}
	return out, managed, owner
}

// withOwner adds the owner splitOwner found to attrs.
func withOwner(attrs engine.Attrs, owner string) engine.Attrs {
	if owner != "" {
		attrs[engine.AttrOwner] = owner
	}
	return attrs
}

// isClosed reports a closed account (or one closing). An account AWS
// suspended is not closed: closing it is still the spec's to ask.
func isClosed(s types.AccountState) bool {
	switch s {
	case types.AccountStatePendingClosure, types.AccountStateClosed:
		return true
	}
	return false
}
