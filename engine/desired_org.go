package engine

import (
	"maps"
	"slices"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

// desiredOrg returns the organization's resources as the spec wants them:
// the organization, enabled policy types, trusted access, OUs, policies,
// accounts and every attachment, including the AWS defaults the spec
// implies (FullAWSAccess where a target lists no SCP, RCPFullAWSAccess
// everywhere RCPs are enabled).
func desiredOrg(s *spec.Spec) []Resource {
	var out []Resource
	add := func(kind Kind, key string, attrs Attrs) {
		out = append(out, Resource{Kind: kind, Key: key, Attrs: attrs})
	}
	// With settings.adopt, what the spec declares is orgctl's to own.
	owned := func(kind Kind, key string, attrs Attrs) {
		out = append(out, Resource{Kind: kind, Key: key, Attrs: attrs, Managed: s.Settings.Adopt})
	}

	add(KindOrganization, OrganizationKey, Attrs{
		"featureSet": s.Organization.FeatureSet,
		"tags":       tags(s.Organization.Tags),
	})
	enabled := map[string]bool{}
	for _, t := range s.Organization.PolicyTypes {
		enabled[t] = true
		add(KindPolicyType, t, Attrs{})
	}
	for _, p := range s.Organization.TrustedAccess {
		add(KindTrustedAccess, p, Attrs{})
	}
	for _, p := range s.Policies {
		owned(KindPolicy, PolicyKey(p.Type, p.Name), Attrs{
			"name":        p.Name,
			"type":        p.Type,
			"description": p.Description,
			"document":    p.Content, // minified as written; the diff compares semantically
			"tags":        tags(p.Tags),
		})
	}

	attach := func(target string, names []string) {
		listed := map[string]bool{}
		for _, name := range names {
			typ, ok := s.PolicyTypeOf(name)
			if !ok {
				continue // the loader reported it
			}
			listed[typ] = true
			add(KindAttachment, AttachmentKey(typ, name, target), AttachmentAttrs(typ, name, target))
		}
		for _, t := range facts.PolicyTypes {
			if t.Default == "" || !enabled[t.Name] || (listed[t.Name] && t.DefaultDetachable) {
				continue
			}
			if !slices.Contains(names, t.Default) {
				add(KindAttachment, AttachmentKey(t.Name, t.Default, target), AttachmentAttrs(t.Name, t.Default, target))
			}
		}
	}
	attach(TargetRoot, s.Organization.Policies)

	s.WalkOUs(func(path string, ou *spec.OU, _ string) {
		owned(KindOU, path, Attrs{"name": ou.Name, "tags": tags(ou.Tags)})
		attach(OUTarget(path), ou.Policies)
	})
	for _, a := range s.Accounts {
		owned(KindAccount, AccountKey(a.Email), Attrs{
			"name":   a.Name,
			"email":  a.Email,
			"ou":     a.OU,
			"tags":   tags(a.Tags),
			"closed": a.Closed,
		})
		attach(AccountTarget(a.Email), a.Policies)
	}
	for _, d := range s.Organization.DelegatedAdministrators {
		if a, ok := s.Account(d.Account); ok { // else the loader reported it
			add(KindDelegatedAdmin, DelegatedAdminKey(d.Service, a.Email), Attrs{"principal": d.Service, "account": AccountKey(a.Email)})
		}
	}
	return out
}

func tags(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}

// ownedAttrs returns the attributes a desired resource r is compared with
// when it exists live as lr. A resource the spec adopts (r.Managed) that
// lacks orgctl's ownership tag gets it among its tags, so the plan tags it;
// once tagged, the live resource is Managed and nothing differs. Creates
// need no help: the provider tags everything it creates.
func ownedAttrs(r, lr *Resource) Attrs {
	if !r.Managed || lr.Managed {
		return r.Attrs
	}
	a := maps.Clone(r.Attrs)
	t := maps.Clone(r.Attrs.Map("tags"))
	if t == nil {
		t = map[string]string{}
	}
	t[facts.ManagedTagKey] = facts.ManagedTagValue
	a["tags"] = t
	return a
}
