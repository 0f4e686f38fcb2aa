package organizations

import (
	"maps"
	"slices"
	"strconv"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

// Desired returns the organization's resources as the spec wants them:
// the organization, enabled policy types, trusted access, OUs, policies,
// accounts and every attachment, including the AWS defaults the spec
// implies (FullAWSAccess where a target lists no SCP, RCPFullAWSAccess
// everywhere RCPs are enabled).
func Desired(s *spec.Spec) []engine.Resource {
	var out []engine.Resource
	add := func(kind engine.Kind, key string, attrs engine.Attrs) {
		out = append(out, engine.Resource{Kind: kind, Key: key, Attrs: attrs})
	}
	// With settings.adopt, what the spec declares is orgctl's to own.
	owned := func(kind engine.Kind, key string, attrs engine.Attrs) {
		out = append(out, engine.Resource{Kind: kind, Key: key, Attrs: attrs, Managed: s.Settings.Adopt})
	}

	add(KindOrganization, OrganizationKey, engine.Attrs{
		AttrFeatureSet:  s.Organization.FeatureSet,
		engine.AttrTags: tags(s.Organization.Tags),
	})
	// A target's Source is its policies, where checkLimits reports.
	out[len(out)-1].Source = s.Locs.Pos("organization.policies")
	enabled := map[string]bool{}
	for _, t := range s.Organization.PolicyTypes {
		enabled[t] = true
		add(KindPolicyType, t, engine.Attrs{})
	}
	for _, p := range s.TrustedAccess() {
		add(KindTrustedAccess, p, engine.Attrs{})
	}
	for _, p := range s.Policies {
		owned(KindPolicy, PolicyKey(p.Type, p.Name), engine.Attrs{
			engine.AttrName: p.Name,
			AttrType:        p.Type,
			AttrDescription: p.Description,
			AttrDocument:    p.Content, // minified as written; the diff compares semantically
			engine.AttrTags: tags(p.Tags),
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

	s.WalkOUs(func(path string, ou *spec.OU, loc string) {
		attrs := engine.Attrs{engine.AttrName: ou.Name, engine.AttrTags: tags(ou.Tags)}
		if ou.RenamedFrom != "" {
			attrs[AttrRenamedFrom] = ou.RenamedFrom
		}
		owned(KindOU, path, attrs)
		out[len(out)-1].Source = s.Locs.Pos(loc + ".policies")
		attach(OUTarget(path), ou.Policies)
	})
	for i, a := range s.Accounts {
		owned(KindAccount, AccountKey(a.Email), engine.Attrs{
			engine.AttrName: a.Name,
			AttrEmail:       a.Email,
			AttrOU:          a.OU,
			engine.AttrTags: tags(a.Tags),
			AttrClosed:      a.Closed,
		})
		out[len(out)-1].Source = s.Locs.Pos("accounts[" + strconv.Itoa(i) + "].policies")
		attach(AccountTarget(a.Email), a.Policies)
	}
	addGuards(out)
	for _, d := range s.Organization.DelegatedAdministrators {
		if a, ok := s.Account(d.Account); ok { // else the loader reported it
			add(KindDelegatedAdmin, DelegatedAdminKey(d.Service, a.Email), engine.Attrs{AttrPrincipal: d.Service, AttrAccount: AccountKey(a.Email)})
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
