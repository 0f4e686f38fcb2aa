package organizations

import (
	"path"
	"strings"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/spec"
)

// ControlTowerPrincipal is AWS Control Tower's service principal.
const ControlTowerPrincipal = "controltower.amazonaws.com"

// controlTowerPrefix starts the names of the SCPs Control Tower makes for
// its guardrails. They carry no tag, and changing one outside Control
// Tower breaks the landing zone.
const controlTowerPrefix = "aws-guardrails-"

// ControlTower names Control Tower as an owner.
const ControlTower = "AWS Control Tower"

// liveView finds live resources: engine.ExtraEnv and engine.CheckEnv.
type liveView interface {
	Live(engine.Ref) (*engine.Resource, bool)
}

// owner returns who owns the live policy p instead of orgctl: AWS Control
// Tower for its guardrails, the tool a managed-by tag names, or "" for a
// policy nobody claims.
func owner(p *engine.Resource, env liveView) string {
	if o := p.Attrs.String(engine.AttrOwner); o != "" {
		return o
	}
	if isControlTower(p, env) {
		return ControlTower
	}
	return ""
}

// isControlTower recognises a Control Tower guardrail by its name, and
// its description or Control Tower's trusted access.
func isControlTower(p *engine.Resource, env liveView) bool {
	if !strings.HasPrefix(p.Attrs.String(engine.AttrName), controlTowerPrefix) {
		return false
	}
	if strings.Contains(strings.ToLower(p.Attrs.String(AttrDescription)), "control tower") {
		return true
	}
	_, on := env.Live(engine.Ref{Kind: KindTrustedAccess, Key: ControlTowerPrincipal})
	return on
}

// attachmentExtra decides the fate of a live attachment the spec does not
// ask for. A target's attachments in the spec are authoritative for the
// policies that are the spec's or orgctl's, and for AWS's defaults; a
// policy another tool owns stays attached, and one nobody owns is
// detached only with --allow-destroy, as that may remove a guardrail.
func attachmentExtra(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
	t := TargetRef(r.Attrs.String(AttrTarget))
	policy := Policy(r.Attrs.String(AttrPolicyType), r.Attrs.String(AttrPolicy))
	switch lp, live := env.Live(policy); {
	case env.Deleting(policy):
		return engine.Extra{Delete: true} // a policy being deleted is detached first
	case t != Organization && !env.Desired(t):
		return engine.Extra{} // not a target of the spec
	case r.Attrs.Bool(AttrAWSManaged), env.Desired(policy), live && lp.Managed:
		return engine.Extra{Delete: true}
	case live && owner(lp, env) != "":
		o := owner(lp, env)
		return engine.Extra{Owner: o, Unmanaged: "a policy of " + o + " attached here; orgctl leaves it attached"}
	}
	return engine.Extra{Delete: true, Destructive: true}
}

// ignoring returns what settings.ignore tells orgctl to leave alone: live
// policies (and their attachments) by name, OUs by path, accounts by name
// or email.
func ignoring(s *spec.Spec) func(engine.Resource) bool {
	if len(s.Settings.Ignore) == 0 {
		return nil
	}
	match := func(pattern, name string) bool {
		ok, _ := path.Match(pattern, name) // checked at load
		return pattern != "" && ok
	}
	return func(r engine.Resource) bool {
		for _, ig := range s.Settings.Ignore {
			switch r.Kind {
			case KindPolicy:
				if match(ig.Policy, r.Attrs.String(engine.AttrName)) {
					return true
				}
			case KindAttachment:
				if match(ig.Policy, r.Attrs.String(AttrPolicy)) {
					return true
				}
			case KindOU:
				if match(ig.OU, r.Key) {
					return true
				}
			case KindAccount:
				if match(ig.Account, r.Attrs.String(engine.AttrName)) || match(ig.Account, r.Attrs.String(AttrEmail)) {
					return true
				}
			}
		}
		return false
	}
}
