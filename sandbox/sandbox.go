package sandbox

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"sync"
	"time"
)

// Defaults, as AWS behaves for a new organization (delays shortened).
const (
	defaultCreateAccountDelay = 2 * time.Second
	defaultPolicyTypeDelay    = 500 * time.Millisecond
	defaultCloseAccountDelay  = 2 * time.Second
	defaultMaxAccounts        = 10
)

// Option configures a Sandbox. Options given to Init (or Reset, or Open when
// it creates the file) are stored in the state file; options given to Open
// for an existing file override the stored ones for that process only.
type Option func(*options)

type options struct {
	createAccountDelay *time.Duration
	policyTypeDelay    *time.Duration
	closeAccountDelay  *time.Duration
	maxAccounts        *int
	now                func() time.Time
	// Realism and faults are per process, never stored.
	rates   RateLimits
	latency time.Duration
	faults  Faults
}

// WithCreateAccountDelay sets how long a CreateAccount request stays IN_PROGRESS.
func WithCreateAccountDelay(d time.Duration) Option {
	return func(o *options) { o.createAccountDelay = &d }
}

// WithPolicyTypeDelay sets how long EnablePolicyType and DisablePolicyType
// leave the type PENDING_ENABLE or PENDING_DISABLE.
func WithPolicyTypeDelay(d time.Duration) Option {
	return func(o *options) { o.policyTypeDelay = &d }
}

// WithCloseAccountDelay sets how long a closed account stays PENDING_CLOSURE
// before it is SUSPENDED.
func WithCloseAccountDelay(d time.Duration) Option {
	return func(o *options) { o.closeAccountDelay = &d }
}

// WithMaxAccounts sets the account quota, management account included.
func WithMaxAccounts(n int) Option {
	return func(o *options) { o.maxAccounts = &n }
}

// WithClock replaces the wall clock, for tests. It is never stored.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// WithRateLimits throttles each service to its token bucket (see
// DefaultRateLimits); requests over it get AWS's throttling error. Without
// it nothing is throttled. It is never stored.
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
	for _, d := range []*time.Duration{o.createAccountDelay, o.policyTypeDelay, o.closeAccountDelay} {
		if d != nil && *d < 0 {
			return o, fmt.Errorf("sandbox: negative delay %s", *d)
		}
	}
	if o.latency < 0 {
		return o, fmt.Errorf("sandbox: negative latency %s", o.latency)
	}
	for name, r := range o.rates {
		if r.RPS <= 0 || r.Burst < 1 {
			return o, fmt.Errorf("sandbox: rate %s=%s: want requests per second above 0 and a burst of at least 1", name, r)
		}
	}
	if o.maxAccounts != nil && *o.maxAccounts < 1 {
		return o, fmt.Errorf("sandbox: max accounts must be at least 1, got %d", *o.maxAccounts)
	}
	if o.now == nil {
		o.now = time.Now
	}
	return o, nil
}

// apply overlays the options that were given on base.
func (o options) apply(base settings) settings {
	if o.createAccountDelay != nil {
		base.CreateAccountDelay = duration(*o.createAccountDelay)
	}
	if o.policyTypeDelay != nil {
		base.PolicyTypeDelay = duration(*o.policyTypeDelay)
	}
	if o.closeAccountDelay != nil {
		base.CloseAccountDelay = duration(*o.closeAccountDelay)
	}
	if o.maxAccounts != nil {
		base.MaxAccounts = *o.maxAccounts
	}
	return base
}

var defaultSettings = settings{
	CreateAccountDelay: duration(defaultCreateAccountDelay),
	PolicyTypeDelay:    duration(defaultPolicyTypeDelay),
	CloseAccountDelay:  duration(defaultCloseAccountDelay),
	MaxAccounts:        defaultMaxAccounts,
}

// Credentials are static AWS credentials.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
}

// Sandbox is a local AWS emulator backed by one state file. It is safe for
// concurrent use; it holds the state file's lock until Close.
type Sandbox struct {
	opts  options
	store *store

	mu     sync.Mutex
	st     *state
	saved  []byte // exactly what the state file holds
	closed bool

	callsMu sync.Mutex
	calls   map[string]int
	faulted map[string]int // injected errors by kind

	limiter *limiter // nil: no rate limits
	faults  *faults  // nil: no faults

	srvMu   sync.Mutex
	servers []*http.Server
}

// Init creates a new organization in a new state file at path: feature set
// ALL, a root, and a management account named "management" with no policy
// types enabled. It fails if the file exists; use Reset to start over.
func Init(path string, opts ...Option) (*Sandbox, error) {
	return create(path, opts, false)
}

// Reset replaces the state file at path, if any, with a new organization.
func Reset(path string, opts ...Option) (*Sandbox, error) {
	return create(path, opts, true)
}

// Open loads the state file at path, or initializes it when it is absent.
func Open(path string, opts ...Option) (*Sandbox, error) {
	o, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	stor, err := openStore(path)
	if err != nil {
		return nil, err
	}
	ok, err := stor.exists()
	if err != nil {
		stor.close()
		return nil, fmt.Errorf("sandbox: state file %s: %w", path, err)
	}
	if !ok {
		return initialize(stor, o)
	}
	st, data, err := stor.load()
	if err != nil {
		stor.close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	return newSandbox(stor, o, st, data), nil
}

func create(path string, opts []Option, replace bool) (*Sandbox, error) {
	o, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	stor, err := openStore(path)
	if err != nil {
		return nil, err
	}
	if !replace {
		ok, err := stor.exists()
		if err == nil && ok {
			err = errors.New("already exists (use Reset to start over)")
		}
		if err != nil {
			stor.close()
			return nil, fmt.Errorf("sandbox: state file %s: %w", path, err)
		}
	}
	return initialize(stor, o)
}

// initialize writes a new organization, storing the given options.
func initialize(stor *store, o options) (*Sandbox, error) {
	st := newState(o.now(), o.apply(defaultSettings))
	data, err := encodeState(st)
	if err == nil {
		err = stor.save(data)
	}
	if err != nil {
		stor.close()
		return nil, fmt.Errorf("sandbox: writing state file %s: %w", stor.path, err)
	}
	// The stored settings now include these options; nothing to override
	// but what is never stored.
	return newSandbox(stor, options{now: o.now, rates: o.rates, latency: o.latency, faults: o.faults}, st, data), nil
}

func newSandbox(stor *store, o options, st *state, data []byte) *Sandbox {
	sb := &Sandbox{opts: o, store: stor, st: st, saved: data, calls: map[string]int{}, faulted: map[string]int{}}
	if len(o.rates) > 0 {
		sb.limiter = newLimiter(o.rates, o.now)
	}
	sb.faults = newFaults(o.faults)
	return sb
}

// settings returns the stored settings with this process's overrides.
func (s *Sandbox) settings() settings { return s.opts.apply(s.st.Settings) }

// Handler returns the HTTP handler that serves every emulated service.
func (s *Sandbox) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Listen serves Handler on addr (for example "127.0.0.1:0") in a goroutine
// and returns the base URL, "http://127.0.0.1:PORT".
func (s *Sandbox) Listen(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("sandbox: listen %s: %w", addr, err)
	}
	// IdleTimeout outlasts the SDK's 90 s idle keep-alive, so the server never
	// closes a connection the client is about to reuse (which the SDK would
	// retry as an extra call).
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	s.srvMu.Lock()
	s.servers = append(s.servers, srv)
	s.srvMu.Unlock()
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), nil
}

// Close stops serving and releases the state file's lock. The state is
// already on disk: every successful write saved it.
func (s *Sandbox) Close() error {
	s.srvMu.Lock()
	servers := s.servers
	s.servers = nil
	s.srvMu.Unlock()
	var errs []error
	for _, srv := range servers {
		errs = append(errs, srv.Close())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.Join(errs...)
	}
	s.closed = true
	errs = append(errs, s.store.close())
	return errors.Join(errs...)
}

// Credentials returns the management account's static credentials (the
// user sandbox-admin).
func (s *Sandbox) Credentials() Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.Credentials[s.st.Org.AdminKeyID]
	return Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey}
}

// ManagementAccountID returns the management account's 12-digit ID.
func (s *Sandbox) ManagementAccountID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.mgmtID()
}

// Calls returns how many requests each operation has received since Open,
// keyed "organizations:ListAccounts", errors included.
func (s *Sandbox) Calls() map[string]int {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	return maps.Clone(s.calls)
}

// Faults returns how many errors the sandbox injected since Open, by kind:
// "ratelimit" (over a rate limit), "throttle", "error5xx", "concurrent",
// "consistency" (a young entity named in a request).
func (s *Sandbox) Faults() map[string]int {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	return maps.Clone(s.faulted)
}

func (s *Sandbox) recordFault(kind string) {
	s.callsMu.Lock()
	s.faulted[kind]++
	s.callsMu.Unlock()
}

func (s *Sandbox) count(key string) {
	s.callsMu.Lock()
	s.calls[key]++
	s.callsMu.Unlock()
}

// persist saves the in-memory state; on failure it restores the state from
// what the file holds, so memory and disk never differ.
func (s *Sandbox) persist() error {
	data, err := encodeState(s.st)
	if err == nil {
		err = s.store.save(data)
	}
	if err != nil {
		s.restore()
		return err
	}
	s.saved = data
	return nil
}

// restore discards in-memory changes since the last save.
func (s *Sandbox) restore() {
	st, err := decodeState(s.saved)
	if err != nil {
		// s.saved was produced by encodeState or read and checked at Open.
		panic(fmt.Sprintf("sandbox: cannot decode saved state: %v", err))
	}
	s.st = st
}
