package organizations

import (
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
)

// predictDefaultPolicies foresees what AWS attaches by itself: when a policy
// type with a default policy (FullAWSAccess for SCPs) is enabled, AWS
// attaches the default to the root, every OU and every account, and to every
// OU or account created later. Without this, a new OU whose spec lists only
// its own SCP would need a second apply to detach FullAWSAccess.
func predictDefaultPolicies(desired, live map[engine.Ref]*engine.Resource) []engine.Resource {
	var out []engine.Resource
	for _, t := range facts.PolicyTypes {
		if t.Default == "" {
			continue
		}
		typeRef := engine.Ref{Kind: KindPolicyType, Key: t.Name}
		if _, on := desired[typeRef]; !on {
			continue
		}
		_, wasOn := live[typeRef]
		for _, r := range desired {
			var target string
			switch r.Kind {
			case KindOrganization:
				target = TargetRoot
			case KindOU:
				target = OUTarget(r.Key)
			case KindAccount:
				target = AccountTarget(r.Key)
			default:
				continue
			}
			_, exists := live[r.Ref()]
			if (exists && wasOn) || (!exists && r.Kind == KindAccount && r.Attrs.Bool(AttrClosed)) {
				continue // already attached, or an account that will not be created
			}
			out = append(out, engine.Resource{
				Kind:  KindAttachment,
				Key:   AttachmentKey(t.Name, t.Default, target),
				Attrs: AttachmentAttrs(t.Name, t.Default, target),
			})
		}
	}
	return out
}
