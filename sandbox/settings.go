package sandbox

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Option configures a Sandbox. Service settings (Settings.Option) given to
// Init (or Reset, or Open when it creates the file) are stored in the state
// file; given to Open for an existing file they override the stored ones
// for that process only. Realism, faults and the clock are never stored.
type Option func(*options)

type options struct {
	now     func() time.Time
	rates   RateLimits
	latency time.Duration
	faults  Faults
	// settings are service setting changes, in the order given.
	settings []settingChange
	// settingErr is the first WithSetting that could not be applied.
	settingErr error
}

type settingChange struct {
	key   string
	named string // SERVICE.FIELD, for WithSetting
	apply func(v any)
}

// WithClock replaces the wall clock, for tests. It is never stored.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// WithRateLimits throttles each service to its token bucket (see
// DefaultRateLimits); requests over it get the service's throttling error.
// Without it nothing is throttled. It is never stored.
func WithRateLimits(l RateLimits) Option {
	return func(o *options) { o.rates = l }
}

// WithLatency delays every request by d before it is served, as the network
// and AWS do. It is never stored.
func WithLatency(d time.Duration) Option {
	return func(o *options) { o.latency = d }
}

// WithFaults injects the given faults. It is never stored.
func WithFaults(f Faults) Option {
	return func(o *options) { o.faults = f }
}

func buildOptions(opts []Option) (options, error) {
	var o options
	for _, fn := range opts {
		fn(&o)
	}
	if o.latency < 0 {
		return o, fmt.Errorf("sandbox: negative latency %s", o.latency)
	}
	for name, r := range o.rates {
		if r.RPS <= 0 || r.Burst < 1 {
			return o, fmt.Errorf("sandbox: rate %s=%s: want requests per second above 0 and a burst of at least 1", name, r)
		}
	}
	// Each setting must be valid on its own: checked on the defaults.
	for _, ch := range o.settings {
		d := lookupSettings(ch.key)
		if d == nil {
			return o, fmt.Errorf("sandbox: setting %s: no such setting; the settings are %s", ch.named, strings.Join(SettingNames(), ", "))
		}
		v := clone(d.defaults)
		ch.apply(v)
		if o.settingErr != nil {
			return o, fmt.Errorf("sandbox: %w", o.settingErr)
		}
		if err := d.check(v); err != nil {
			return o, fmt.Errorf("sandbox: %w", err)
		}
	}
	if o.now == nil {
		o.now = time.Now
	}
	return o, nil
}

// SettingsDef declares a service's stored settings, such as delays.
type SettingsDef[T any] struct {
	// Key names the settings in the state file, usually the signing name.
	Key      string
	Defaults T
	// Check reports settings the service cannot work with.
	Check func(*T) error
}

// Settings is a handle on a service's registered settings.
type Settings[T any] struct{ key string }

type settingsDef struct {
	key      string
	defaults any // *T
	check    func(v any) error
}

var settingsDefs = map[string]*settingsDef{}
var settingsOrder []string

// RegisterSettings declares a service's settings, from its package's init.
func RegisterSettings[T any](d SettingsDef[T]) Settings[T] {
	regMu.Lock()
	defer regMu.Unlock()
	if settingsDefs[d.Key] != nil {
		panic("sandbox: settings registered twice: " + d.Key)
	}
	def := d.Defaults
	settingsDefs[d.Key] = &settingsDef{key: d.Key, defaults: &def, check: func(v any) error {
		if d.Check == nil {
			return nil
		}
		return d.Check(v.(*T))
	}}
	settingsOrder = append(settingsOrder, d.Key)
	return Settings[T]{key: d.Key}
}

func lookupSettings(key string) *settingsDef {
	regMu.Lock()
	defer regMu.Unlock()
	return settingsDefs[key]
}

// Option returns an Option that changes these settings (see Option for
// when it is stored).
func (s Settings[T]) Option(fn func(*T)) Option {
	return func(o *options) {
		o.settings = append(o.settings, settingChange{key: s.key, apply: func(v any) { fn(v.(*T)) }})
	}
}

// Get returns the settings in effect for a call: the stored ones with this
// process's overrides.
func (s Settings[T]) Get(c *Call) T {
	v := clone(c.State.settings[s.key]).(*T)
	for _, ch := range c.sb.opts.settings {
		if ch.key == s.key {
			ch.apply(v)
		}
	}
	return *v
}

// Stored returns the settings stored in the state, to change them for good
// (as a generator that raises a quota does).
func (s Settings[T]) Stored(st *State) *T { return st.settings[s.key].(*T) }

// Override changes the settings for this process only, on top of any
// override given to Open. It takes the sandbox's lock: call it outside
// Update and View.
func (s Settings[T]) Override(sb *Sandbox, fn func(*T)) {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	Option(s.Option(fn))(&sb.opts)
}

// freshSettings returns the defaults of every registered service with the
// options' changes, as a new state file stores them.
func freshSettings(changes []settingChange) map[string]any {
	regMu.Lock()
	defs := make([]*settingsDef, 0, len(settingsOrder))
	for _, k := range settingsOrder {
		defs = append(defs, settingsDefs[k])
	}
	regMu.Unlock()
	out := map[string]any{}
	for _, d := range defs {
		v := clone(d.defaults)
		for _, ch := range changes {
			if ch.key == d.key {
				ch.apply(v)
			}
		}
		out[d.key] = v
	}
	return out
}

// decodeSettings decodes the stored settings of registered services (their
// defaults when absent) and keeps the others verbatim.
func decodeSettings(raw map[string]json.RawMessage) (map[string]any, map[string]json.RawMessage, error) {
	out := freshSettings(nil)
	others := map[string]json.RawMessage{}
	for k, data := range raw {
		v, ok := out[k]
		if !ok {
			others[k] = data
			continue
		}
		if err := json.Unmarshal(data, v); err != nil {
			return nil, nil, fmt.Errorf("settings %s: %w", k, err)
		}
		if err := lookupSettings(k).check(v); err != nil {
			return nil, nil, fmt.Errorf("settings %s: %w", k, err)
		}
	}
	return out, others, nil
}

// coreSettings are the core's own settings, under the key "sandbox". They
// shape a new world and mean nothing to one that exists already.
type coreSettings struct {
	// AccountID is the first account's ID (the admin user's, which the
	// organization makes its management account); empty draws one at random.
	AccountID digits `json:"accountId"`
}

// digits is a string of digits that may be written as a JSON number too,
// as --set sandbox.accountId=123456789012 writes it.
type digits string

func (d *digits) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err == nil {
		*d = digits(n.String())
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*d = digits(s)
	return nil
}

var core = RegisterSettings(SettingsDef[coreSettings]{Key: "sandbox", Check: func(s *coreSettings) error {
	if s.AccountID != "" && !accountIDPattern.MatchString(string(s.AccountID)) {
		return fmt.Errorf("account ID %q is not 12 digits", s.AccountID)
	}
	return nil
}})

var accountIDPattern = regexp.MustCompile(`^\d{12}$`)

// WithAccountID makes a new world's first account (the admin user's, the
// management account's) id instead of a random one.
func WithAccountID(id string) Option {
	return core.Option(func(s *coreSettings) { s.AccountID = digits(id) })
}
