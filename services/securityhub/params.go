package securityhub

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// Parameter values are kept as the JSON of AWS's ParameterValue union,
// {"Integer":90}, so that the type travels with the value to the provider
// and a live value compares with the spec's as text.

// paramType returns the type of a control parameter: the known one, or
// the one v's YAML type suggests ("" when none does).
func paramType(control, param string, v any) string {
	if d, ok := ControlParameters[control][param]; ok {
		return d.Type
	}
	switch x := v.(type) {
	case int:
		return TypeInteger
	case float64:
		return TypeDouble
	case bool:
		return TypeBoolean
	case string:
		return TypeString
	case []any:
		if len(x) == 0 {
			return ""
		}
		if _, ok := x[0].(int); ok {
			return TypeIntegerList
		}
		if _, ok := x[0].(string); ok {
			return TypeStringList
		}
	}
	return ""
}

// ParamValue returns the JSON of the ParameterValue of type typ holding v,
// or why v is not of that type (a sentence for the user).
func ParamValue(typ string, v any, def *ParamDef) (string, string) {
	var val any
	switch typ {
	case TypeInteger:
		n, ok := whole(v)
		if !ok {
			return "", "a whole number"
		}
		if why := inRange(def, float64(n)); why != "" {
			return "", why
		}
		val = n
	case TypeDouble:
		f, ok := number(v)
		if !ok {
			return "", "a number"
		}
		val = f
	case TypeBoolean:
		b, ok := v.(bool)
		if !ok {
			return "", "true or false"
		}
		val = b
	case TypeString, TypeEnum:
		s, ok := v.(string)
		if !ok || s == "" {
			return "", "a non-empty string"
		}
		if def != nil && len(def.Values) > 0 && !slices.Contains(def.Values, s) {
			return "", fmt.Sprintf("one of %v", def.Values)
		}
		val = s
	case TypeIntegerList:
		l, ok := v.([]any)
		if !ok || len(l) == 0 {
			return "", "a list of whole numbers"
		}
		ns := make([]int, len(l))
		for i, e := range l {
			n, ok := whole(e)
			if !ok {
				return "", "a list of whole numbers"
			}
			if why := inRange(def, float64(n)); why != "" {
				return "", "a list of " + why
			}
			ns[i] = n
		}
		val = ns
	case TypeStringList, TypeEnumList:
		l, ok := v.([]any)
		if !ok || len(l) == 0 {
			return "", "a list of strings"
		}
		ss := make([]string, len(l))
		for i, e := range l {
			s, ok := e.(string)
			if !ok || s == "" {
				return "", "a list of non-empty strings"
			}
			ss[i] = s
		}
		val = ss
	default:
		return "", "a number, true or false, a string, or a list of numbers or of strings"
	}
	data, _ := json.Marshal(map[string]any{typ: val})
	return string(data), ""
}

func whole(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<31 {
			return int(x), true
		}
	}
	return 0, false
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func inRange(def *ParamDef, f float64) string {
	if def == nil || def.Min == 0 && def.Max == 0 || f >= def.Min && f <= def.Max {
		return ""
	}
	return fmt.Sprintf("a whole number from %g to %g", def.Min, def.Max)
}
