package organizations

import (
	"maps"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
)

// AttrRenamedFrom is a desired OU's previous name (spec renamedFrom): it
// only guides the plan, and is never compared.
const AttrRenamedFrom = "renamedFrom"

// renamedFrom is the path an OU had before the spec renamed it, under the
// same parent, or "".
func renamedFrom(r engine.Resource) string {
	old := r.Attrs.String(AttrRenamedFrom)
	if old == "" {
		return ""
	}
	parent, _ := facts.SplitOUPath(r.Key)
	return facts.JoinOUPath(parent, old)
}

// renameLive rewrites the organization's live resources for an OU renamed
// in place: the OU and those below it take the new path, as do the OU of
// its accounts and the targets of its attachments. The OU keeps its old
// name, so the plan renames it.
func renameLive(live []engine.Resource, rn engine.Rename) {
	if rn.From.Kind != KindOU {
		return
	}
	from, to := rn.From.Key, rn.To.Key
	moved := func(path string) (string, bool) {
		if path == from {
			return to, true
		}
		if rest, ok := strings.CutPrefix(path, from+"/"); ok {
			return to + "/" + rest, true
		}
		return path, false
	}
	for i := range live {
		r := &live[i]
		switch r.Kind {
		case KindOU:
			r.Key, _ = moved(r.Key)
		case KindAccount:
			if ou, ok := moved(r.Attrs.String(AttrOU)); ok {
				r.Attrs = maps.Clone(r.Attrs)
				r.Attrs[AttrOU] = ou
			}
		case KindAttachment:
			target := r.Attrs.String(AttrTarget)
			if path, ok := strings.CutPrefix(target, "ou:"); ok {
				if path, ok := moved(path); ok {
					r.Attrs = maps.Clone(r.Attrs)
					r.Attrs[AttrTarget] = OUTarget(path)
					r.Key = AttachmentKey(r.Attrs.String(AttrPolicyType), r.Attrs.String(AttrPolicy), OUTarget(path))
				}
			}
		}
	}
}

// lookalikeRename warns when the live OU r goes (or is left unmanaged)
// while the spec asks for a new OU beside it: if that is r renamed,
// renamedFrom keeps r's ID, accounts and children, where a delete and a
// create give a new ID and break conditions on the old one's path.
func lookalikeRename(r engine.Resource, env *engine.ExtraEnv) {
	parent, old := facts.SplitOUPath(r.Key)
	var news []string
	env.EachDesired(func(d *engine.Resource) {
		if d.Kind != KindOU || d.Attrs.String(AttrRenamedFrom) != "" {
			return
		}
		if p, _ := facts.SplitOUPath(d.Key); p == parent {
			if _, live := env.Live(d.Ref()); !live {
				news = append(news, d.Key)
			}
		}
	})
	slices.Sort(news)
	for _, n := range news {
		_, name := facts.SplitOUPath(n)
		env.Warn("OU %q is not in the spec and OU %q is new beside it: if %s is %s renamed, add renamedFrom: %s to it, so that the OU keeps its ID, accounts and children instead of being replaced",
			r.Key, n, name, old, old)
	}
}
