package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// WithSetting changes one service setting by its name, SERVICE.FIELD, as
// the state file writes it: the key the service registered its settings
// under, a dot, and the field's JSON name. value is JSON, or a bare string
// such as a duration ("300ms"). It is stored like Settings.Option. A name
// that no imported service registers, or a value of the wrong type, makes
// Init and Open fail, saying which names there are.
func WithSetting(name, value string) Option {
	return func(o *options) {
		key, field, _ := strings.Cut(name, ".")
		o.settings = append(o.settings, settingChange{key: key, named: name, apply: func(v any) {
			if err := setField(v, field, value); err != nil {
				o.settingErr = fmt.Errorf("setting %s: %w", name, err)
			}
		}})
	}
}

// SettingNames lists SERVICE.FIELD for every setting the imported services
// register, sorted.
func SettingNames() []string {
	regMu.Lock()
	defs := make([]*settingsDef, 0, len(settingsDefs))
	for _, d := range settingsDefs {
		defs = append(defs, d)
	}
	regMu.Unlock()
	var out []string
	for _, d := range defs {
		var m map[string]json.RawMessage
		b, _ := json.Marshal(d.defaults)
		_ = json.Unmarshal(b, &m)
		for f := range m {
			out = append(out, d.key+"."+f)
		}
	}
	slices.Sort(out)
	return out
}

// setField sets the JSON field of the settings v (a pointer) to value.
func setField(v any, field, value string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if _, ok := m[field]; !ok {
		return fmt.Errorf("no such setting; the settings are %s", strings.Join(SettingNames(), ", "))
	}
	raw := json.RawMessage(value)
	if !json.Valid(raw) {
		raw, _ = json.Marshal(value) // a bare string
	}
	m[field] = raw
	b, _ = json.Marshal(m)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s is not a value it takes: %v", value, err)
	}
	return nil
}
