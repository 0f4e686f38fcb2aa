package organizations

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
)

// targetCounts are, for one target and policy type, the policies the spec
// attaches and those other tools keep attached, which orgctl never
// detaches: together they must fit AWS's limit.
type targetCounts struct {
	spec   int
	others []string
}

// countAttachments counts, once per plan, the attachments of each target
// that has policies another tool owns: those others, which orgctl never
// detaches, and the spec's. Most organizations have none, and pay one
// walk of the live policies.
func countAttachments(env *engine.CheckEnv) map[string]map[string]*targetCounts {
	return env.Memo("organizations.attachments", func() any {
		foreign := map[engine.Ref]string{}
		env.EachLive(func(r *engine.Resource) {
			if r.Kind == KindPolicy {
				if o := owner(r, env); o != "" {
					foreign[r.Ref()] = o
				}
			}
		})
		if len(foreign) == 0 {
			return map[string]map[string]*targetCounts(nil)
		}
		m := map[string]map[string]*targetCounts{}
		env.EachLive(func(r *engine.Resource) {
			if r.Kind != KindAttachment || r.Predicted {
				return
			}
			typ, name := r.Attrs.String(AttrPolicyType), r.Attrs.String(AttrPolicy)
			o, ok := foreign[Policy(typ, name)]
			if !ok {
				return
			}
			if _, wanted := env.Desired(r.Ref()); wanted {
				return
			}
			target := r.Attrs.String(AttrTarget)
			if m[target] == nil {
				m[target] = map[string]*targetCounts{}
			}
			if m[target][typ] == nil {
				m[target][typ] = &targetCounts{}
			}
			c := m[target][typ]
			c.others = append(c.others, name+" ("+o+")")
		})
		env.EachDesired(func(r *engine.Resource) {
			if r.Kind != KindAttachment {
				return
			}
			if c := m[r.Attrs.String(AttrTarget)][r.Attrs.String(AttrPolicyType)]; c != nil {
				c.spec++
			}
		})
		return m
	}).(map[string]map[string]*targetCounts)
}

// checkLimits refuses a plan that would attach more policies of a type
// to target than AWS allows, counting those other tools keep there.
func checkLimits(target func(engine.Resource) string) func(engine.Resource, *engine.CheckEnv) string {
	return func(r engine.Resource, env *engine.CheckEnv) string {
		var problems []string
		all := countAttachments(env)
		if all == nil {
			return ""
		}
		counts := all[target(r)]
		for _, t := range facts.PolicyTypes {
			c := counts[t.Name]
			if c == nil || len(c.others) == 0 || t.MaxPerTarget == 0 || c.spec+len(c.others) <= t.MaxPerTarget {
				continue
			}
			slices.Sort(c.others)
			problems = append(problems, fmt.Sprintf("%d %s policies would be attached, the spec's %d and %d that other tools keep there (%s); AWS allows %d: list fewer",
				c.spec+len(c.others), t.Short, c.spec, len(c.others), strings.Join(c.others, ", "), t.MaxPerTarget))
		}
		return strings.Join(problems, "; ")
	}
}
