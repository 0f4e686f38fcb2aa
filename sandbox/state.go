package sandbox

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"time"
)

// stateVersion is the version of the state file format. Version 1 held one
// service's world in a flat layout; migrate.go turns it into version 2.
const stateVersion = 2

// State is the whole emulated world, what the state file holds: the core's
// identity (credentials, roles) and each service's slice, opaque to the
// core. All of it is plain data: everything time-driven is derived by the
// slices' Advance from timestamps stored here, so state plus the clock
// determines what callers see.
type State struct {
	version int
	// tokenKey signs pagination tokens, so tokens survive a restart.
	tokenKey string
	identity *identity
	slices   map[string]any
	settings map[string]any
	// Slices and settings of services this process does not register,
	// kept verbatim so that saving never drops them.
	otherSlices   map[string]json.RawMessage
	otherSettings map[string]json.RawMessage
}

// stateFile is the state file's JSON layout. The identity's members sit at
// the top, where version 1 kept the credentials too, so that tools reading
// the sandbox's credentials from the file find them in either version.
type stateFile struct {
	Version  int    `json:"version"`
	TokenKey string `json:"tokenKey"`
	*identity
	Settings map[string]json.RawMessage `json:"settings"`
	Services map[string]json.RawMessage `json:"services"`
}

// SliceDef declares a service's slice of the state: its key in the state
// file and how it starts, advances in time and migrates.
type SliceDef[T any] struct {
	// Key names the slice in the state file, usually the signing name.
	Key string
	// New returns the slice of a new sandbox; the identity is already there.
	New func(st *State, now time.Time) *T
	// Advance applies the transitions due at now; nil when there are none.
	// It runs before every request, with the state locked, so it must
	// depend only on the state and now.
	Advance func(st *State, v *T, now time.Time)
	// FromV1, when set, builds the slice from a version-1 state file.
	FromV1 func(st *State, v1 []byte) (*T, error)
}

// Slice is a handle on a registered slice.
type Slice[T any] struct{ key string }

// Of returns the slice held by st.
func (s Slice[T]) Of(st *State) *T { return st.slices[s.key].(*T) }

// sliceDef is a SliceDef with its type erased.
type sliceDef struct {
	key     string
	fresh   func(st *State, now time.Time) any
	decode  func(data []byte) (any, error)
	advance func(st *State, v any, now time.Time)
	fromV1  func(st *State, v1 []byte) (any, error)
}

var sliceDefs []*sliceDef

// RegisterSlice declares a slice of the state, from a service package's
// init. A decoded slice that has a Check() error method is checked.
func RegisterSlice[T any](d SliceDef[T]) Slice[T] {
	regMu.Lock()
	defer regMu.Unlock()
	if d.Key == "" || d.New == nil {
		panic("sandbox: a slice needs a key and New")
	}
	for _, o := range sliceDefs {
		if o.key == d.Key {
			panic("sandbox: slice registered twice: " + d.Key)
		}
	}
	sd := &sliceDef{
		key:   d.Key,
		fresh: func(st *State, now time.Time) any { return d.New(st, now) },
		decode: func(data []byte) (any, error) {
			v := new(T)
			if err := json.Unmarshal(data, v); err != nil {
				return nil, err
			}
			if c, ok := any(v).(interface{ Check() error }); ok {
				if err := c.Check(); err != nil {
					return nil, err
				}
			}
			return v, nil
		},
	}
	if d.Advance != nil {
		sd.advance = func(st *State, v any, now time.Time) { d.Advance(st, v.(*T), now) }
	}
	if d.FromV1 != nil {
		sd.fromV1 = func(st *State, v1 []byte) (any, error) { return d.FromV1(st, v1) }
	}
	sliceDefs = append(sliceDefs, sd)
	return Slice[T]{key: d.Key}
}

func registeredSlices() []*sliceDef {
	regMu.Lock()
	defer regMu.Unlock()
	return slices.Clone(sliceDefs)
}

// newState returns a new world: the identity, then each slice in
// registration order, and the given stored settings.
func newState(now time.Time, settings map[string]any) *State {
	now = now.UTC()
	st := &State{
		version: stateVersion, tokenKey: newTokenKey(), identity: newIdentity(string(settings[core.key].(*coreSettings).AccountID)),
		slices: map[string]any{}, settings: settings,
	}
	for _, d := range registeredSlices() {
		st.slices[d.key] = d.fresh(st, now)
	}
	return st
}

// advance applies every slice's due transitions.
func (st *State) advance(now time.Time) {
	for _, d := range registeredSlices() {
		if d.advance != nil {
			d.advance(st, st.slices[d.key], now)
		}
	}
}

func encodeState(st *State) ([]byte, error) {
	f := stateFile{Version: st.version, TokenKey: st.tokenKey, identity: st.identity,
		Settings: map[string]json.RawMessage{}, Services: map[string]json.RawMessage{}}
	for k, v := range st.otherSlices {
		f.Services[k] = v
	}
	for k, v := range st.otherSettings {
		f.Settings[k] = v
	}
	for k, v := range st.slices {
		data, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("slice %s: %w", k, err)
		}
		f.Services[k] = data
	}
	for k, v := range st.settings {
		data, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("settings %s: %w", k, err)
		}
		f.Settings[k] = data
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

func decodeState(data []byte) (*State, error) {
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, err
	}
	switch head.Version {
	case 1:
		return migrateV1(data)
	case stateVersion:
	default:
		return nil, fmt.Errorf("unsupported state version %d (want %d, or 1 to migrate)", head.Version, stateVersion)
	}
	f := stateFile{identity: &identity{}}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	if f.TokenKey == "" {
		return nil, fmt.Errorf("state has no token key")
	}
	if err := f.identity.check(); err != nil {
		return nil, err
	}
	st := &State{version: f.Version, tokenKey: f.TokenKey, identity: f.identity,
		slices: map[string]any{}, otherSlices: map[string]json.RawMessage{}}
	// Settings first: a slice made fresh below may read them.
	settings, others, err := decodeSettings(f.Settings)
	if err != nil {
		return nil, err
	}
	st.settings, st.otherSettings = settings, others
	for _, d := range registeredSlices() {
		raw, ok := f.Services[d.key]
		if !ok {
			// A service added since the file was written starts fresh,
			// at the file's own epoch so that nothing in it is young.
			st.slices[d.key] = d.fresh(st, time.Time{})
			continue
		}
		v, err := d.decode(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.key, err)
		}
		st.slices[d.key] = v
		delete(f.Services, d.key)
	}
	for k, v := range f.Services {
		st.otherSlices[k] = v
	}
	return st, nil
}

// Duration is a time.Duration stored as its string form ("2s").
type Duration time.Duration

func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// clone returns a deep copy of v through JSON, for settings values.
func clone(v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("sandbox: cannot copy %T: %v", v, err))
	}
	out := reflect.New(reflect.TypeOf(v).Elem()).Interface()
	if err := json.Unmarshal(data, out); err != nil {
		panic(fmt.Sprintf("sandbox: cannot copy %T: %v", v, err))
	}
	return out
}
