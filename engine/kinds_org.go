package engine

import (
	"fmt"
	"strings"

	"github.com/orgctl/orgctl/facts"
)

// Kinds of the organization itself.
const (
	KindOrganization   Kind = "organization"    // key "organization": featureSet, root tags
	KindPolicyType     Kind = "policy-type"     // key SERVICE_CONTROL_POLICY: enabled on the root
	KindTrustedAccess  Kind = "trusted-access"  // key service principal
	KindOU             Kind = "ou"              // key OU path
	KindPolicy         Kind = "policy"          // key short-type/name: scp/deny-all
	KindAccount        Kind = "account"         // key email, lower case
	KindAttachment     Kind = "attachment"      // key policy-key@target
	KindDelegatedAdmin Kind = "delegated-admin" // key principal/account email
)

// OrganizationKey is the key of the one organization resource.
const OrganizationKey = "organization"

// Targets of attachments are written "root", "ou:PATH" or "account:EMAIL".
const TargetRoot = "root"

// OUTarget returns the attachment target of the OU at path.
func OUTarget(path string) string { return "ou:" + path }

// AccountTarget returns the attachment target of the account with email.
func AccountTarget(email string) string { return "account:" + strings.ToLower(email) }

// TargetRef returns the resource an attachment target names; ok is false
// for the root, which is part of the organization resource.
func TargetRef(target string) (Ref, bool) {
	switch {
	case strings.HasPrefix(target, "ou:"):
		return Ref{Kind: KindOU, Key: strings.TrimPrefix(target, "ou:")}, true
	case strings.HasPrefix(target, "account:"):
		return Ref{Kind: KindAccount, Key: strings.TrimPrefix(target, "account:")}, true
	}
	return Ref{}, false
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
func AttachmentAttrs(policyType, policy, target string) Attrs {
	a := Attrs{"policy": policy, "policyType": policyType, "target": target}
	if _, managed := facts.AWSManagedPolicies[policy]; managed {
		a["awsManaged"] = true
	}
	return a
}

// AccountKey returns the key of the account with email.
func AccountKey(email string) string { return strings.ToLower(email) }

// DelegatedAdminKey is the key of a delegated administrator: the service
// principal and the account's key.
func DelegatedAdminKey(principal, email string) string { return principal + "/" + AccountKey(email) }

func ouParent(path string) (string, bool) {
	i := strings.LastIndex(path, "/")
	if i < 0 {
		return "", false
	}
	return path[:i], true
}

func isDelete(c *Change) bool { return c.Action == Delete }

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

func init() {
	RegisterKind(KindInfo{
		Kind: KindOrganization, Rank: 0,
	})
	RegisterKind(KindInfo{
		Kind: KindPolicyType, Rank: 1,
		// A type tied to a service (Security Hub, Inspector) is enabled
		// after that service's trusted access, and disabled before it.
		Deps: func(r Resource) []Ref {
			deps := []Ref{{KindOrganization, OrganizationKey}}
			if pt, ok := facts.LookupPolicyType(r.Key); ok && pt.ServicePrincipal != "" {
				deps = append(deps, Ref{KindTrustedAccess, pt.ServicePrincipal})
			}
			return deps
		},
		// The spec's list of policy types is authoritative.
		Extra:       func(Resource, *ExtraEnv) Extra { return Extra{Delete: true} },
		Destructive: isDelete,
	})
	RegisterKind(KindInfo{
		Kind: KindTrustedAccess, Rank: 2,
		Deps: func(Resource) []Ref { return []Ref{{KindOrganization, OrganizationKey}} },
		Extra: func(Resource, *ExtraEnv) Extra {
			return Extra{Unmanaged: "trusted access not in the spec; add it to organization.trustedAccess to manage it"}
		},
		Destructive: isDelete,
	})
	RegisterKind(KindInfo{
		Kind: KindOU, Rank: 3,
		Deps: func(r Resource) []Ref {
			if parent, ok := ouParent(r.Key); ok {
				return []Ref{{KindOU, parent}}
			}
			return nil
		},
		Extra: func(r Resource, env *ExtraEnv) Extra {
			x := pruneManaged("OU")(r, env)
			if !x.Delete {
				return x
			}
			if left := env.Remaining(r.Key); len(left) > 0 {
				return Extra{Unmanaged: fmt.Sprintf("OU created by orgctl and no longer in the spec, but not deleted: it still holds %s, which the spec does not name. Move %s out of it, or add it to the spec, and plan again",
					listOf(left, 3), themOrIt(left))}
			}
			return x
		},
		Destructive: isDelete,
	})
	RegisterKind(KindInfo{
		// A policy does not depend on its type being enabled: AWS creates
		// and deletes policies of disabled types; only attaching needs it.
		Kind: KindPolicy, Rank: 4,
		Documents:   []string{"document"},
		Extra:       pruneManaged("policy"),
		Destructive: isDelete,
	})
	RegisterKind(KindInfo{
		Kind: KindAccount, Rank: 5,
		Deps: func(r Resource) []Ref {
			if ou := r.Attrs.String("ou"); ou != "" {
				return []Ref{{KindOU, ou}}
			}
			return nil
		},
		// Renaming an account or changing its email is not an Organizations
		// operation; a closed account cannot be reopened through the API.
		CreateOnly: []string{"name", "email"},
		ReadOnly:   []string{"state", "management"},
		OneWay:     map[string]any{"closed": true},
		SkipCreate: func(r Resource) string {
			if r.Attrs.Bool("closed") {
				return "closed in the spec and absent from AWS: nothing to create"
			}
			return ""
		},
		Extra: func(r Resource, _ *ExtraEnv) Extra {
			if r.Attrs.Bool("management") {
				return Extra{} // every organization has one; it need not be in the spec
			}
			return Extra{Unmanaged: "account not in the spec; orgctl never removes accounts"}
		},
		Destructive: func(c *Change) bool {
			return c.Action == Update && c.After.Bool("closed") && !c.Before.Bool("closed")
		},
	})
	RegisterKind(KindInfo{
		Kind: KindAttachment, Rank: 6,
		Deps: func(r Resource) []Ref {
			deps := []Ref{{KindPolicyType, r.Attrs.String("policyType")}}
			if !r.Attrs.Bool("awsManaged") {
				deps = append(deps, Ref{KindPolicy, PolicyKey(r.Attrs.String("policyType"), r.Attrs.String("policy"))})
			}
			if t, ok := TargetRef(r.Attrs.String("target")); ok {
				deps = append(deps, t)
			}
			return deps
		},
		Extra: func(r Resource, env *ExtraEnv) Extra {
			// A target's attachments in the spec are authoritative; a policy
			// being deleted must first be detached from everything.
			target := r.Attrs.String("target")
			t, ok := TargetRef(target)
			policy := Ref{KindPolicy, PolicyKey(r.Attrs.String("policyType"), r.Attrs.String("policy"))}
			if target == TargetRoot || (ok && env.Desired(t)) || env.Deleting(policy) {
				return Extra{Delete: true}
			}
			return Extra{}
		},
	})
	RegisterKind(KindInfo{
		Kind: KindDelegatedAdmin, Rank: 7,
		Deps: func(r Resource) []Ref {
			return []Ref{
				{KindTrustedAccess, r.Attrs.String("principal")},
				{KindAccount, AccountKey(r.Attrs.String("account"))},
			}
		},
		// Most services take one administrator: moving it deregisters
		// first. (Those that take several do not mind the wait.)
		Exclusive: func(a, b Attrs) bool { return a.String("principal") == b.String("principal") },
		// A service the spec registers administrators for is the spec's;
		// others are left alone.
		Extra: func(r Resource, env *ExtraEnv) Extra {
			principal := r.Attrs.String("principal")
			if env.DesiredAny(KindDelegatedAdmin, func(d *Resource) bool { return d.Attrs.String("principal") == principal }) {
				return Extra{Delete: true}
			}
			return Extra{Unmanaged: "delegated administrator not in the spec, for a service organization.delegatedAdministrators does not list; orgctl leaves it alone"}
		},
		Destructive: isDelete,
	})
}

// pruneManaged deletes what orgctl created once the spec drops it, when the
// spec prunes; anything else is reported as unmanaged drift.
func pruneManaged(what string) func(Resource, *ExtraEnv) Extra {
	return func(r Resource, env *ExtraEnv) Extra {
		switch {
		case r.Managed && env.Prune:
			return Extra{Delete: true}
		case r.Managed:
			return Extra{Unmanaged: what + " created by orgctl but no longer in the spec; settings.prune is false"}
		}
		if owner := r.Attrs.String(AttrOwner); owner != "" {
			return Extra{Unmanaged: what + " not in the spec and tagged " + facts.ManagedTagKey + "=" + owner + ": another tool manages it; orgctl leaves it alone"}
		}
		return Extra{Unmanaged: what + " not in the spec and not tagged " + facts.ManagedTagKey + "=" + facts.ManagedTagValue + "; orgctl leaves it alone"}
	}
}
