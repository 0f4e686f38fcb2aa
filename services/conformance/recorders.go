package conformance

import (
	"fmt"
	"strings"

	"github.com/orgctl/orgctl/engine"
)

// KindRecorders is a report, keyed by Region, of the target accounts
// without a configuration recorder where a pack or rule is about to be
// deployed: the prerequisite orgctl does not create, said before the
// deployment fails there. The provider reads it only then (a no-change
// plan asks no account), marked Predicted: it is no state of AWS that a
// saved plan's freshness depends on. The spec never asks for it, so it
// is never changed: the plan carries it as a warning.
const KindRecorders engine.Kind = "config-recorders"

// Attributes of a recorders report.
const (
	// AttrTargets is how many accounts the pending deployments target, as
	// a decimal string.
	AttrTargets = "targets"
	// AttrNoRecorder, AttrNotRecording and AttrUnchecked name the target
	// accounts without a recorder, with one stopped, and those whose
	// recorder could not be asked about (the cross-account role refused).
	AttrNoRecorder   = "noRecorder"
	AttrNotRecording = "notRecording"
	AttrUnchecked    = "unchecked"
)

var recorders = engine.KindInfo{
	Kind: KindRecorders, Rank: 24, Terse: true,
	Extra: func(r engine.Resource, env *engine.ExtraEnv) engine.Extra {
		if note := RecordersNote(r); note != "" {
			env.Warn("%s", note)
		}
		return engine.Extra{}
	},
}

// RecordersNote is what the plan says of a recorders report; "" when all
// the target accounts record.
func RecordersNote(r engine.Resource) string {
	var parts []string
	add := func(attr, what string) {
		if names := r.Attrs.Strings(attr); len(names) > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d (%s)", what, len(names), strings.Join(names, ", ")))
		}
	}
	add(AttrNoRecorder, "without a configuration recorder")
	add(AttrNotRecording, "with a recorder not recording")
	add(AttrUnchecked, "not checked (settings.crossAccountRole refused)")
	if len(parts) == 0 {
		return ""
	}
	return fmt.Sprintf("%s: of %s target accounts of the conformance packs and Config rules to deploy, %s. "+
		"A deployment fails in an account without a recorder; orgctl does not create recorders (AWS Config's prerequisite): set them up first, or exclude those accounts.",
		r.Key, r.Attrs.String(AttrTargets), strings.Join(parts, "; "))
}
