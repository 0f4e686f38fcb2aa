package securityhub

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/orgctl/orgctl/engine"
	sh "github.com/orgctl/orgctl/services/securityhub"
)

// Between a configuration policy's attributes and AWS's Policy union.

// policyAttrs are the attributes of a live policy document: standards by
// name, controls and CUSTOM parameters as the spec writes them.
func policyAttrs(doc types.Policy) engine.Attrs {
	a := engine.Attrs{}
	m, ok := doc.(*types.PolicyMemberSecurityHub)
	if !ok {
		return a
	}
	hub := m.Value
	a[sh.AttrServiceEnabled] = aws.ToBool(hub.ServiceEnabled)
	var stds []string
	for _, arn := range hub.EnabledStandardIdentifiers {
		stds = append(stds, sh.StandardName(arn))
	}
	if len(stds) > 0 {
		slices.Sort(stds)
		a[sh.AttrStandards] = stds
	}
	sc := hub.SecurityControlsConfiguration
	if sc == nil {
		return a
	}
	if l := sortedIDs(sc.DisabledSecurityControlIdentifiers); l != nil {
		a[sh.AttrDisabledControls] = l
	}
	if sc.EnabledSecurityControlIdentifiers != nil {
		a[sh.AttrEnabledControls] = sortedIDs(sc.EnabledSecurityControlIdentifiers)
	}
	params := map[string]string{}
	for _, cp := range sc.SecurityControlCustomParameters {
		for name, pc := range cp.Parameters {
			if pc.ValueType != types.ParameterValueTypeCustom {
				continue
			}
			params[sh.ParamKey(aws.ToString(cp.SecurityControlId), name)] = valueJSON(pc.Value)
		}
	}
	if len(params) > 0 {
		a[sh.AttrParameters] = params
	}
	return a
}

func sortedIDs(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	out := slices.Clone(l)
	slices.Sort(out)
	return out
}

// valueJSON writes a ParameterValue as the spec's model does: {"Integer":90}.
func valueJSON(v types.ParameterValue) string {
	var m map[string]any
	switch x := v.(type) {
	case *types.ParameterValueMemberInteger:
		m = map[string]any{sh.TypeInteger: x.Value}
	case *types.ParameterValueMemberIntegerList:
		m = map[string]any{sh.TypeIntegerList: x.Value}
	case *types.ParameterValueMemberDouble:
		m = map[string]any{sh.TypeDouble: x.Value}
	case *types.ParameterValueMemberString:
		m = map[string]any{sh.TypeString: x.Value}
	case *types.ParameterValueMemberStringList:
		m = map[string]any{sh.TypeStringList: x.Value}
	case *types.ParameterValueMemberBoolean:
		m = map[string]any{sh.TypeBoolean: x.Value}
	case *types.ParameterValueMemberEnum:
		m = map[string]any{sh.TypeEnum: x.Value}
	case *types.ParameterValueMemberEnumList:
		m = map[string]any{sh.TypeEnumList: x.Value}
	default:
		return ""
	}
	data, _ := json.Marshal(m)
	return string(data)
}

// parameterValue reads the spec model's {"Integer":90} as a ParameterValue.
func parameterValue(s string) (types.ParameterValue, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil || len(m) != 1 {
		return nil, fmt.Errorf("parameter value %s is not one typed value", s)
	}
	for typ, raw := range m {
		var (
			v   types.ParameterValue
			err error
		)
		switch typ {
		case sh.TypeInteger:
			x := &types.ParameterValueMemberInteger{}
			err, v = json.Unmarshal(raw, &x.Value), x
		case sh.TypeIntegerList:
			x := &types.ParameterValueMemberIntegerList{}
			err, v = json.Unmarshal(raw, &x.Value), x
		case sh.TypeDouble:
			x := &types.ParameterValueMemberDouble{}
			err, v = json.Unmarshal(raw, &x.Value), x
		case sh.TypeString:
			x := &types.ParameterValueMemberString{}
			err, v = json.Unmarshal(raw, &x.Value), x
		case sh.TypeStringList:
			x := &types.ParameterValueMemberStringList{}
			err, v = json.Unmarshal(raw, &x.Value), x
		case sh.TypeBoolean:
			x := &types.ParameterValueMemberBoolean{}
			err, v = json.Unmarshal(raw, &x.Value), x
		case sh.TypeEnum:
			x := &types.ParameterValueMemberEnum{}
			err, v = json.Unmarshal(raw, &x.Value), x
		case sh.TypeEnumList:
			x := &types.ParameterValueMemberEnumList{}
			err, v = json.Unmarshal(raw, &x.Value), x
		default:
			return nil, fmt.Errorf("parameter value %s has an unknown type", s)
		}
		if err != nil {
			return nil, fmt.Errorf("parameter value %s: %w", s, err)
		}
		return v, nil
	}
	return nil, nil
}

// policyDoc is the Policy union the attributes ask for, standards named by
// their ARN in region. Every control is on but those disabled.
func policyDoc(a engine.Attrs, region string) (types.Policy, error) {
	hub := types.SecurityHubPolicy{ServiceEnabled: aws.Bool(true), EnabledStandardIdentifiers: []string{},
		SecurityControlsConfiguration: &types.SecurityControlsConfiguration{DisabledSecurityControlIdentifiers: []string{}}}
	for _, s := range a.Strings(sh.AttrStandards) {
		hub.EnabledStandardIdentifiers = append(hub.EnabledStandardIdentifiers, sh.StandardARN(region, s))
	}
	sc := hub.SecurityControlsConfiguration
	sc.DisabledSecurityControlIdentifiers = append(sc.DisabledSecurityControlIdentifiers, a.Strings(sh.AttrDisabledControls)...)
	params := a.Map(sh.AttrParameters)
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	byControl := map[string]map[string]types.ParameterConfiguration{}
	var controls []string
	for _, k := range keys {
		control, name := sh.SplitParamKey(k)
		v, err := parameterValue(params[k])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		if byControl[control] == nil {
			byControl[control] = map[string]types.ParameterConfiguration{}
			controls = append(controls, control)
		}
		byControl[control][name] = types.ParameterConfiguration{ValueType: types.ParameterValueTypeCustom, Value: v}
	}
	for _, c := range controls {
		sc.SecurityControlCustomParameters = append(sc.SecurityControlCustomParameters,
			types.SecurityControlCustomParameter{SecurityControlId: aws.String(c), Parameters: byControl[c]})
	}
	return &types.PolicyMemberSecurityHub{Value: hub}, nil
}
