package engine

import (
	"fmt"
	"sync"
)

// IDs maps resources to their AWS IDs (an OU's ou-..., an account's 12
// digits), from every provider's live read and from what changes create
// as an apply goes on. Providers keep no IDs of their own: one that needs
// another's (the account GuardDuty is delegated to) asks IDs. It is safe
// for concurrent use.
type IDs struct {
	mu    sync.RWMutex
	byRef map[Ref]string
	keys  map[Kind]map[string]string // kind -> ID -> key
}

// NewIDs indexes the AWS IDs (AttrID) of live resources.
func NewIDs(live []Resource) *IDs {
	ids := &IDs{byRef: map[Ref]string{}, keys: map[Kind]map[string]string{}}
	for _, r := range live {
		if id := r.Attrs.String(AttrID); id != "" && !r.Predicted {
			ids.set(r.Ref(), id)
		}
	}
	return ids
}

func (l *IDs) set(ref Ref, id string) {
	l.byRef[ref] = id
	if l.keys[ref.Kind] == nil {
		l.keys[ref.Kind] = map[string]string{}
	}
	l.keys[ref.Kind][id] = ref.Key
}

// Set records the ID of a resource a change created.
func (l *IDs) Set(ref Ref, id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.set(ref, id)
}

// ID returns ref's AWS ID.
func (l *IDs) ID(ref Ref) (string, bool) {
	if l == nil {
		return "", false
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	id, ok := l.byRef[ref]
	return id, ok
}

// Require returns ref's AWS ID, or an error saying it does not exist.
func (l *IDs) Require(ref Ref) (string, error) {
	if id, ok := l.ID(ref); ok {
		return id, nil
	}
	return "", fmt.Errorf("%s %q does not exist in AWS", ref.Kind, ref.Key)
}

// Key returns the key of the resource of kind k whose AWS ID is id.
func (l *IDs) Key(k Kind, id string) (string, bool) {
	if l == nil {
		return "", false
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	key, ok := l.keys[k][id]
	return key, ok
}

// resolveRefs turns the AWS IDs that providers report in reference
// attributes (KindInfo.Refs) into the keys the spec uses. An ID that names
// nothing live stays as it is, so the plan shows it.
func resolveRefs(live []Resource, ids *IDs) {
	for i := range live {
		info := kindInfo(live[i].Kind)
		if len(info.Refs) == 0 {
			continue
		}
		for attr, kind := range info.Refs {
			id := live[i].Attrs.String(attr)
			if id == "" {
				continue
			}
			if key, ok := ids.Key(kind, id); ok {
				live[i].Attrs[attr] = key
			}
		}
	}
}

// rekey recomputes the keys of live resources whose kind names them by
// their attributes (KindInfo.KeyOf), once resolveRefs has made those the
// spec's.
func rekey(live []Resource) bool {
	changed := false
	for i := range live {
		if keyOf := kindInfo(live[i].Kind).KeyOf; keyOf != nil {
			live[i].Key, changed = keyOf(live[i]), true
		}
	}
	return changed
}
