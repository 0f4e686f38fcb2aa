package organizations

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/orgctl/orgctl/sandbox"
)

// consistency is Organizations' eventual consistency: a new OU, policy or
// created account stays unseen for the fault's window.
var consistency = &sandbox.Consistency{
	Young: young,
	// The input members that name an entity, with the error AWS gives when
	// that entity does not exist (yet).
	Members: []sandbox.Member{
		{Name: "PolicyId", NotFound: errPolicyNotFound},
		{Name: "TargetId", NotFound: func() *sandbox.Error {
			return orgError("TargetNotFoundException", "We can't find a root, OU, or account with the TargetId that you specified.")
		}},
		{Name: "ResourceId", NotFound: func() *sandbox.Error {
			return orgError("TargetNotFoundException", "We can't find a resource with the ResourceId that you specified.")
		}},
		{Name: "AccountId", NotFound: errAccountNotFound},
		{Name: "OrganizationalUnitId", NotFound: errOUNotFound},
		{Name: "ChildId", NotFound: func() *sandbox.Error {
			return orgError("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.")
		}},
		{Name: "ParentId", NotFound: errParentNotFound},
		{Name: "SourceParentId", NotFound: func() *sandbox.Error {
			return orgError("SourceParentNotFoundException", "We can't find a source root or OU with the ParentId that you specified.")
		}},
		{Name: "DestinationParentId", NotFound: func() *sandbox.Error {
			return orgError("DestinationParentNotFoundException", "We can't find a destination root or OU with the ParentId that you specified.")
		}},
	},
	Hide: hideYoung,
}

// young returns the OUs, created accounts and policies made after since.
func young(w *sandbox.State, since time.Time) map[string]bool {
	st := slice.Of(w)
	ids := map[string]bool{}
	for id, ou := range st.OUs {
		if ou.CreatedAt.After(since) {
			ids[id] = true
		}
	}
	for id, a := range st.Accounts {
		if a.JoinedMethod == "CREATED" && a.JoinedAt.After(since) {
			ids[id] = true
		}
	}
	for id, p := range st.Policies {
		if p.CreatedAt.After(since) {
			ids[id] = true
		}
	}
	return ids
}

// hideYoung drops young entities from a List* operation's output: every
// element of a top-level list whose Id or TargetId is young. A page may come
// out shorter, which AWS allows.
func hideYoung(op string, out any, young map[string]bool) any {
	if !strings.HasPrefix(op, "List") {
		return out
	}
	data, err := json.Marshal(out)
	if err != nil {
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return out
	}
	for k, v := range m {
		list, ok := v.([]any)
		if !ok {
			continue
		}
		kept := list[:0]
		for _, e := range list {
			obj, _ := e.(map[string]any)
			id, _ := obj["Id"].(string)
			if id == "" {
				id, _ = obj["TargetId"].(string)
			}
			if !young[id] {
				kept = append(kept, e)
			}
		}
		m[k] = kept
	}
	return m
}
