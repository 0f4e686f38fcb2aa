package organizations

import (
	"strings"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
)

// AttrGuards is a desired account's hidden list of the attachments of
// the spec's own authorization policies (SCPs and RCPs, not AWS's
// FullAWSAccess and RCPFullAWSAccess, which only allow) to its OU and the
// OUs above it, as attachment keys one a line. The account's create or move waits for
// them, so that an account never lands in an OU whose deny policy failed
// to attach: the failure skips the move, and the account stays where the
// guardrails it has hold.
const AttrGuards = "guards"

// guardTypes are the policy types whose attachments an account waits for.
var guardTypes = map[string]bool{"SERVICE_CONTROL_POLICY": true, "RESOURCE_CONTROL_POLICY": true}

// addGuards sets AttrGuards on every desired account in an OU, from the
// desired attachments among out.
func addGuards(out []engine.Resource) {
	byTarget := map[string][]string{}
	for _, r := range out {
		if r.Kind == KindAttachment && guardTypes[r.Attrs.String(AttrPolicyType)] && !r.Attrs.Bool(AttrAWSManaged) {
			t := r.Attrs.String(AttrTarget)
			byTarget[t] = append(byTarget[t], r.Key)
		}
	}
	for i := range out {
		r := &out[i]
		if r.Kind != KindAccount {
			continue
		}
		var keys []string
		for path := r.Attrs.String(AttrOU); path != ""; path, _ = facts.SplitOUPath(path) {
			keys = append(keys, byTarget[OUTarget(path)]...)
		}
		if len(keys) > 0 {
			r.Attrs[AttrGuards] = strings.Join(keys, "\n")
		}
	}
}

// guards returns the attachments account r waits for.
func guards(r engine.Resource) []engine.Ref {
	var out []engine.Ref
	for _, k := range strings.Split(r.Attrs.String(AttrGuards), "\n") {
		if k != "" {
			out = append(out, engine.Ref{Kind: KindAttachment, Key: k})
		}
	}
	return out
}
