package organizations

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
)

// Kinds of the organization itself.
const (
	KindOrganization   engine.Kind = "organization"    // key "organization": featureSet, root tags
	KindPolicyType     engine.Kind = "policy-type"     // key SERVICE_CONTROL_POLICY: enabled on the root
	KindTrustedAccess  engine.Kind = "trusted-access"  // key service principal
	KindOU             engine.Kind = "ou"              // key OU path
	KindPolicy         engine.Kind = "policy"          // key short-type/name: scp/deny-all
	KindAccount        engine.Kind = "account"         // key email, lower case
	KindAttachment     engine.Kind = "attachment"      // key policy-key@target
	KindDelegatedAdmin engine.Kind = "delegated-admin" // key principal/account email
)

// Attributes of the organization's kinds, besides engine.AttrID,
// engine.AttrName and engine.AttrTags.
const (
	AttrFeatureSet  = "featureSet"  // organization: ALL or CONSOLIDATED_BILLING
	AttrLiveCommit  = "liveCommit"  // organization: the commit an apply from git recorded, read-only
	AttrOrgID       = "orgId"       // organization: AWS's o-... ID, read-only
	AttrMgmtAccount = "mgmtAccount" // organization: the management account's ID, read-only
	AttrType        = "type"        // policy: its policy type
	AttrDescription = "description" // policy
	AttrDocument    = "document"    // policy: minified JSON
	AttrEmail       = "email"       // account
	AttrOU          = "ou"          // account: its OU's path, "" for the root
	AttrClosed      = "closed"      // account: closed or closing
	AttrState       = "state"       // account: AWS's state, read-only
	AttrManagement  = "management"  // account: the management account, read-only
	AttrPolicy      = "policy"      // attachment: the policy's name
	AttrPolicyType  = "policyType"  // attachment
	AttrTarget      = "target"      // attachment: root, ou:PATH or account:EMAIL
	AttrAWSManaged  = "awsManaged"  // attachment: of an AWS-managed policy
	AttrPrincipal   = "principal"   // delegated-admin: the service principal
	AttrAccount     = "account"     // delegated-admin: the account's key
)

// OrganizationKey is the key of the one organization resource. Its AWS ID
// (engine.AttrID) is the root's: the root is what it stands for.
const OrganizationKey = "organization"

// Organization is the ref of the organization resource.
var Organization = engine.Ref{Kind: KindOrganization, Key: OrganizationKey}

// Targets of attachments are written "root", "ou:PATH" or "account:EMAIL".
const TargetRoot = "root"

// OUTarget returns the attachment target of the OU at path.
func OUTarget(path string) string { return "ou:" + path }

// AccountTarget returns the attachment target of the account with email.
func AccountTarget(email string) string { return "account:" + strings.ToLower(email) }

// TargetRef returns the resource an attachment target names: the
// organization for the root.
func TargetRef(target string) engine.Ref {
	switch {
	case strings.HasPrefix(target, "ou:"):
		return engine.Ref{Kind: KindOU, Key: strings.TrimPrefix(target, "ou:")}
	case strings.HasPrefix(target, "account:"):
		return engine.Ref{Kind: KindAccount, Key: strings.TrimPrefix(target, "account:")}
	}
	return Organization
}

// PolicyKey returns the key of the policy of type typ named name.
func PolicyKey(typ, name string) string {
	if t, ok := facts.LookupPolicyType(typ); ok {
		typ = t.Short
	}
	return typ + "/" + name
}

// AttachmentKey returns the key of the attachment of a policy to a target.
func AttachmentKey(policyType, policy, target string) string {
	return PolicyKey(policyType, policy) + "@" + target
}

// AttachmentAttrs returns the attributes of an attachment resource.
func AttachmentAttrs(policyType, policy, target string) engine.Attrs {
	a := engine.Attrs{AttrPolicy: policy, AttrPolicyType: policyType, AttrTarget: target}
	if _, managed := facts.AWSManagedPolicies[policy]; managed {
		a[AttrAWSManaged] = true
	}
	return a
}

// AccountKey returns the key of the account with email.
func AccountKey(email string) string { return strings.ToLower(email) }

// Account returns the ref of the account with email.
func Account(email string) engine.Ref { return engine.Ref{Kind: KindAccount, Key: AccountKey(email)} }

// OU returns the ref of the OU at path.
func OU(path string) engine.Ref { return engine.Ref{Kind: KindOU, Key: path} }

// Policy returns the ref of the policy of type typ named name.
func Policy(typ, name string) engine.Ref {
	return engine.Ref{Kind: KindPolicy, Key: PolicyKey(typ, name)}
}

// DelegatedAdminKey is the key of a delegated administrator: the service
// principal and the account's key.
func DelegatedAdminKey(principal, email string) string { return principal + "/" + AccountKey(email) }

func isDelete(c *engine.Change) bool { return c.Action == engine.Delete }

// listOf joins up to n items for a message, saying how many more there are.
func listOf(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

func themOrIt(items []string) string {
	if len(items) == 1 {
		return "it"
	}
	return "them"
}

// kinds are the organization's kinds, registered in register.go.
var kinds = []engine.KindInfo{
	{
		Kind: KindOrganization, Rank: 0, ReadOnly: []string{AttrLiveCommit, AttrOrgID, AttrMgmtAccount, AttrAllFeatures},
		Check: checkOrganization,
	},
	{
		Kind: KindPolicyType, Rank: 1, Switch: true,
		// A type tied to a service (Security Hub, Inspector) is enabled
		// after that service's trusted access, and disabled before it.
		Deps: func(r engine.Resource) []engine.Ref {
			deps := []engine.Ref{Organization}
			if pt, ok := facts.LookupPolicyType(r.Key); ok && pt.ServicePrincipal != "" {
				deps = append(deps, engine.Ref{Kind: KindTrustedAccess, Key: pt.ServicePrincipal})
			}
			return deps
		},
		// The spec's list of policy types is authoritative.
		Extra:       func(engine.Resource, *engine.ExtraEnv) engine.Extra { return engine.Extra{Delete: true} },
		Destructive: isDelete,
	},
	{
		Kind: KindTrustedAccess, Rank: 2, Switch: true,
		Deps: func(engine.Resource) []engine.Ref { return []engine.Ref{Organization} },
		Extra: func(r engine.Resource, _ *engine.ExtraEnv) engine.Extra {
			if r.Key == ControlTowerPrincipal {
				return engine.Extra{Owner: ControlTower, Unmanaged: "AWS Control Tower's own trusted access; orgctl leaves it alone"}
			}
			return engine.Extra{Unmanaged: "trusted access not in the spec; add it to organization.trustedAccess to manage it"}
		},
		Destructive: isDelete,
	},
	{
		Kind: KindOU, Rank: 3,
		Hidden:      []string{AttrRenamedFrom},
		RenamedFrom: renamedFrom,
		Check:       checkLimits(func(r engine.Resource) string { return OUTarget(r.Key) }),
		Deps: func(r engine.Resource) []engine.Ref {
			if parent, _ := facts.SplitOUPath(r.Key); parent != "" {
				return []engine.Ref{OU(parent)}
			}
			return nil
		},
		Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
			x := pruneManaged("OU")(r, env)
			if x.Delete || x.Unmanaged != "" {
				lookalikeRename(r, env)
			}
			if !x.Delete {
				return x
			}
			if left := remaining(env, r.Key); len(left) > 0 {
				return engine.Extra{Unmanaged: fmt.Sprintf("OU created by orgctl and no longer in the spec, but not deleted: it still holds %s, which the spec does not name. Move %s out of it, or add it to the spec, and plan again",
					listOf(left, 3), themOrIt(left))}
			}
			return x
		},
		Destructive: isDelete,
	},
	{
		// A policy does not depend on its type being enabled: AWS creates
		// and deletes policies of disabled types; only attaching needs it.
		Kind: KindPolicy, Rank: 4,
		Documents: []string{AttrDocument},
		Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
			if isControlTower(&r, env) {
				return engine.Extra{Owner: ControlTower, Unmanaged: "a guardrail of AWS Control Tower; orgctl leaves it alone"}
			}
			return pruneManaged("policy")(r, env)
		},
		Destructive: isDelete,
	},
	{
		Kind: KindAccount, Rank: 5,
		// An account enters its OU after the OU's SCPs and RCPs are
		// attached (AttrGuards).
		Deps: func(r engine.Resource) []engine.Ref {
			if ou := r.Attrs.String(AttrOU); ou != "" {
				return append([]engine.Ref{OU(ou)}, guards(r)...)
			}
			return nil
		},
		Hidden: []string{AttrGuards},
		// Renaming an account or changing its email is not an Organizations
		// operation; a closed account cannot be reopened through the API.
		CreateOnly: []string{engine.AttrName, AttrEmail},
		ReadOnly:   []string{AttrState, AttrManagement},
		OneWay:     map[string]any{AttrClosed: true},
		SkipCreate: func(r engine.Resource) string {
			if r.Attrs.Bool(AttrClosed) {
				return "closed in the spec and absent from AWS: nothing to create"
			}
			return ""
		},
		Extra: func(r engine.Resource, _ *engine.ExtraEnv) engine.Extra {
			if r.Attrs.Bool(AttrManagement) {
				return engine.Extra{} // every organization has one; it need not be in the spec
			}
			return engine.Extra{Unmanaged: "account not in the spec; orgctl never removes accounts"}
		},
		Aliases: func(r engine.Resource) []string { return []string{r.Attrs.String(engine.AttrName)} },
		Check:   checkLimits(func(r engine.Resource) string { return AccountTarget(r.Key) }),
		Destructive: func(c *engine.Change) bool {
			return c.Action == engine.Update && c.After.Bool(AttrClosed) && !c.Before.Bool(AttrClosed)
		},
	},
	{
		Kind: KindAttachment, Rank: 6, Terse: true,
		Deps: func(r engine.Resource) []engine.Ref {
			deps := []engine.Ref{{Kind: KindPolicyType, Key: r.Attrs.String(AttrPolicyType)}}
			if !r.Attrs.Bool(AttrAWSManaged) {
				deps = append(deps, Policy(r.Attrs.String(AttrPolicyType), r.Attrs.String(AttrPolicy)))
			}
			if t := TargetRef(r.Attrs.String(AttrTarget)); t != Organization {
				deps = append(deps, t)
			}
			return deps
		},
		// An OU's or account's attachments go with it, and a type's
		// attachments go when the type is disabled.
		GoesWith: func(r engine.Resource) []engine.Ref {
			return []engine.Ref{TargetRef(r.Attrs.String(AttrTarget)), {Kind: KindPolicyType, Key: r.Attrs.String(AttrPolicyType)}}
		},
		// AWS keeps the policies of a type on a target within its limits
		// at every step (one to ten SCPs).
		Chain: func(r engine.Resource) (string, int, int) {
			t, _ := facts.LookupPolicyType(r.Attrs.String(AttrPolicyType))
			return r.Attrs.String(AttrTarget) + "\x00" + r.Attrs.String(AttrPolicyType), t.MinPerTarget, t.MaxPerTarget
		},
		Extra: attachmentExtra,
	},
	{
		Kind: KindDelegatedAdmin, Rank: 7,
		Deps: func(r engine.Resource) []engine.Ref {
			return []engine.Ref{
				{Kind: KindTrustedAccess, Key: r.Attrs.String(AttrPrincipal)},
				Account(r.Attrs.String(AttrAccount)),
			}
		},
		// Most services take one administrator: moving it deregisters
		// first. (Those that take several do not mind the wait.)
		Exclusive: func(a, b engine.Attrs) bool { return a.String(AttrPrincipal) == b.String(AttrPrincipal) },
		// A service the spec registers administrators for is the spec's;
		// others are left alone.
		Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
			principal := r.Attrs.String(AttrPrincipal)
			if env.DesiredAny(KindDelegatedAdmin, func(d *engine.Resource) bool { return d.Attrs.String(AttrPrincipal) == principal }) {
				return engine.Extra{Delete: true}
			}
			return engine.Extra{Unmanaged: "delegated administrator not in the spec, for a service organization.delegatedAdministrators does not list; orgctl leaves it alone"}
		},
		Destructive: isDelete,
	},
}

// pruneManaged deletes what orgctl created once the spec drops it, when the
// spec prunes; anything else is reported as unmanaged drift.
func pruneManaged(what string) func(engine.Resource, *engine.ExtraEnv) engine.Extra {
	return func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
		switch {
		case r.Managed && env.Prune:
			return engine.Extra{Delete: true}
		case r.Managed:
			return engine.Extra{Unmanaged: what + " created by orgctl but no longer in the spec; settings.prune is false"}
		}
		if owner := r.Attrs.String(engine.AttrOwner); owner != "" {
			return engine.Extra{Owner: owner, Unmanaged: what + " not in the spec and tagged " + facts.ManagedTagKey + "=" + owner + ": another tool manages it; orgctl leaves it alone"}
		}
		return engine.Extra{Unmanaged: what + " not in the spec and not tagged " + facts.ManagedTagKey + "=" + facts.ManagedTagValue + "; orgctl leaves it alone"}
	}
}

// remaining lists, sorted, what stays in the OU at path and below once the
// plan has run: accounts the spec does not place elsewhere and OUs orgctl
// may not delete. AWS deletes only an empty OU.
func remaining(env *engine.ExtraEnv, path string) []string {
	staying := env.Memo("organizations.staying", func() any {
		var out []*engine.Resource
		env.EachLive(func(r *engine.Resource) {
			if r.Predicted || env.Desired(r.Ref()) {
				return
			}
			if r.Kind == KindAccount || (r.Kind == KindOU && !(r.Managed && env.Prune)) {
				out = append(out, r)
			}
		})
		return out
	}).([]*engine.Resource)
	var out []string
	for _, r := range staying {
		switch {
		case r.Kind == KindAccount && within(r.Attrs.String(AttrOU), path):
			out = append(out, "account "+r.Key)
		case r.Kind == KindOU && r.Key != path && within(r.Key, path):
			out = append(out, "OU "+r.Key)
		}
	}
	slices.Sort(out)
	return out
}

// within reports whether the OU path p is path or below it.
func within(p, path string) bool {
	return p == path || strings.HasPrefix(p, path+"/")
}
