package fmspolicies

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
)

// Normalize returns a policy's managed service data (JSON) in the form
// orgctl compares: keys sorted, and without what Firewall Manager adds or
// leaves blank when it stores a policy (nulls, empty lists and mappings,
// the type's top-level defaults at their default value). The spec's side
// and what AWS returns both go through it, so a policy AWS has not
// changed never shows a difference.
func Normalize(policyType, data string) (string, error) {
	d := json.NewDecoder(bytes.NewReader([]byte(data)))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "", fmt.Errorf("managed service data is not JSON: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return "", fmt.Errorf("managed service data is not a JSON object")
	}
	for k, def := range Defaults[policyType] {
		if equalJSON(m[k], def) {
			delete(m, k)
		}
	}
	v = prune(m)
	if v == nil {
		v = map[string]any{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(b.Bytes())), nil
}

// prune drops nulls and empty collections, at every depth; it returns nil
// for a value that is itself empty.
func prune(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if p := prune(e); p == nil {
				delete(x, k)
			} else {
				x[k] = p
			}
		}
		if len(x) == 0 {
			return nil
		}
		return x
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if p := prune(e); p != nil {
				out = append(out, p)
			} else {
				// An empty element keeps its place in a list: order counts.
				out = append(out, map[string]any{})
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	return v
}

// equalJSON compares a decoded JSON value with a Go default.
func equalJSON(v, def any) bool {
	if n, ok := v.(json.Number); ok {
		f, err := n.Float64()
		return err == nil && reflect.DeepEqual(f, def)
	}
	return reflect.DeepEqual(v, def)
}

// Data returns the spec's managed service data as JSON for a policy of
// policyType: a mapping, with its type filled in when left out.
func Data(policyType string, v any) (string, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return "", fmt.Errorf("managedServiceData must be a mapping")
	}
	out := make(map[string]any, len(m)+1)
	for k, e := range m {
		out[k] = e
	}
	if _, ok := out["type"]; !ok {
		out["type"] = policyType
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return "", err
	}
	return string(bytes.TrimSpace(b.Bytes())), nil
}
