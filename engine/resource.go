package engine

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/facts"
)

// Kind names a type of resource, such as "ou" or "attachment".
type Kind string

// Ref names one resource: its kind and natural key.
type Ref struct {
	Kind Kind   `json:"kind"`
	Key  string `json:"key"`
}

func (r Ref) String() string { return string(r.Kind) + ":" + r.Key }

// ParseRef reads KIND:KEY as printed by Ref.String.
func ParseRef(s string) (Ref, error) {
	kind, key, ok := strings.Cut(s, ":")
	if !ok || kind == "" || key == "" {
		return Ref{}, fmt.Errorf("%q is not KIND:KEY (for example ou:Workloads/Prod)", s)
	}
	if _, known := kinds[Kind(kind)]; !known {
		return Ref{}, fmt.Errorf("%q: unknown kind %q; kinds are %s", s, kind, strings.Join(KindNames(), ", "))
	}
	return Ref{Kind: Kind(kind), Key: key}, nil
}

// Resource is one thing orgctl manages, desired (from the spec) or live
// (read by a provider). Attrs hold only plain values: string, bool, []string
// and map[string]string, so a resource survives a trip through a JSON plan
// file. Policy documents are strings of normalized JSON.
type Resource struct {
	Kind  Kind   `json:"kind"`
	Key   string `json:"key"`
	Attrs Attrs  `json:"attrs,omitempty"`
	// Managed is set on live resources that carry the managed-by=orgctl tag.
	Managed bool `json:"managed,omitempty"`
	// Predicted marks a live resource that does not exist yet but will as a
	// side effect of another change (AWS attaches FullAWSAccess to every new
	// OU): the plan must account for it to converge in one apply.
	Predicted bool `json:"predicted,omitempty"`
	// Shallow marks a live resource read without its details (tags,
	// documents) because the run does not need them.
	Shallow bool `json:"shallow,omitempty"`
	// Source is where the spec asks for a desired resource, for errors
	// about it found only against the live organization.
	Source *diag.Pos `json:"-"`
}

// Ref returns the resource's kind and key.
func (r Resource) Ref() Ref { return Ref{Kind: r.Kind, Key: r.Key} }

// Attrs are a resource's attributes by name.
type Attrs map[string]any

// String returns a string attribute, or "".
func (a Attrs) String(name string) string {
	s, _ := a[name].(string)
	return s
}

// Bool returns a boolean attribute, or false.
func (a Attrs) Bool(name string) bool {
	b, _ := a[name].(bool)
	return b
}

// Strings returns a list attribute; it accepts the []any a JSON plan file
// decodes to.
func (a Attrs) Strings(name string) []string { return asStrings(a[name]) }

// Map returns a map attribute such as tags; it accepts the map[string]any a
// JSON plan file decodes to.
func (a Attrs) Map(name string) map[string]string { return asMap(a[name]) }

func asStrings(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func asMap(v any) map[string]string {
	switch x := v.(type) {
	case map[string]string:
		return x
	case map[string]any:
		out := make(map[string]string, len(x))
		for k, e := range x {
			if s, ok := e.(string); ok {
				out[k] = s
			}
		}
		return out
	}
	return nil
}

// canonical turns an attribute value into a comparable, printable form:
// lists and maps of strings in a fixed shape, empty collections as nil.
func canonical(v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case []string, []any:
		l := asStrings(x)
		if len(l) == 0 {
			return nil
		}
		return l
	case map[string]string, map[string]any:
		m := asMap(x)
		if len(m) == 0 {
			return nil
		}
		return m
	case string:
		if x == "" {
			return nil
		}
		return x
	case bool:
		if !x {
			return nil
		}
		return x
	}
	return v
}

// equalValues compares two attribute values after canonical.
func equalValues(a, b any) bool {
	a, b = canonical(a), canonical(b)
	switch x := a.(type) {
	case nil:
		return b == nil
	case []string:
		y, ok := b.([]string)
		return ok && slices.Equal(x, y)
	case map[string]string:
		y, ok := b.(map[string]string)
		return ok && maps.Equal(x, y)
	}
	return a == b
}

// unionKeys returns the keys of both maps, in order.
// keyChange is one key of a map attribute that differs: Op is '+' (only
// in after), '-' (only in before) or '~' (in both, changed); Key is
// escaped for display (facts.Visible).
type keyChange struct {
	Op            byte
	Key           string
	Before, After string
}

// mapChanges lists the keys whose values differ between two map
// attributes, in key order: what every renderer shows of a map's change.
func mapChanges(before, after any) []keyChange {
	b, a := asMap(before), asMap(after)
	var out []keyChange
	for _, k := range unionKeys(b, a) {
		bv, inB := b[k]
		av, inA := a[k]
		c := keyChange{Key: facts.Visible(k), Before: bv, After: av}
		switch {
		case !inB:
			c.Op = '+'
		case !inA:
			c.Op = '-'
		case av != bv:
			c.Op = '~'
		default:
			continue
		}
		out = append(out, c)
	}
	return out
}

func unionKeys[V any](a, b map[string]V) []string {
	seen := make(map[string]V, len(a)+len(b))
	maps.Copy(seen, a)
	maps.Copy(seen, b)
	return sortedKeys(seen)
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
