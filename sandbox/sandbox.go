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
	st     *State
	saved  []byte // exactly what the state file holds
	closed bool

	callsMu sync.Mutex
	calls   map[string]int
	faulted map[string]int // injected errors by kind

	limiter *limiter // nil: no rate limits
	faults  *faults  // nil: no faults
	// inflight are the requests being served (contention.go).
	inflight inFlight

	srvMu   sync.Mutex
	servers []*http.Server
}

// Init creates a new world in a new state file at path: an admin user in a
// first account, and each registered service's new slice. It fails if the
// file exists; use Reset to start over.
func Init(path string, opts ...Option) (*Sandbox, error) {
	return create(path, opts, false)
}

// Reset replaces the state file at path, if any, with a new world.
func Reset(path string, opts ...Option) (*Sandbox, error) {
	return create(path, opts, true)
}

// Open loads the state file at path, or initializes it when it is absent.
// A state file of an older format is migrated in memory and written in the
// current format by the first write.
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
	if fileVersion(data) != stateVersion {
		// What the file holds cannot be restored from: keep the migrated
		// state as the last saved one.
		if data, err = encodeState(st); err != nil {
			stor.close()
			return nil, fmt.Errorf("sandbox: %w", err)
		}
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

// initialize writes a new world, storing the given settings.
func initialize(stor *store, o options) (*Sandbox, error) {
	st := newState(o.now(), freshSettings(o.settings))
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
	o.settings = nil
	return newSandbox(stor, o, st, data), nil
}

func newSandbox(stor *store, o options, st *State, data []byte) *Sandbox {
	sb := &Sandbox{opts: o, store: stor, st: st, saved: data, calls: map[string]int{}, faulted: map[string]int{}}
	if len(o.rates) > 0 {
		sb.limiter = newLimiter(o.rates, o.now)
	}
	sb.faults = newFaults(o.faults)
	return sb
}

// Handler returns the HTTP handler that serves every registered service.
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

// Credentials returns the admin user's static credentials (the user
// sandbox-admin in the management account).
func (s *Sandbox) Credentials() Credentials {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.identity.Credentials[s.st.identity.AdminKeyID]
	return Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey}
}

// ManagementAccountID returns the 12-digit ID of the account the static
// credentials act in: the sandbox's first account, which services that
// model an organization make its management account.
func (s *Sandbox) ManagementAccountID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.identity.Account
}

// Calls returns how many requests each operation has received since Open,
// keyed "<signing name>:<Operation>", errors included.
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

// Update changes the state outside any request, as a generator or a test
// setup does: with the state locked and advanced to now, fn changes c.State
// (c.Caller is empty), and the state is saved, or restored when fn fails.
func (s *Sandbox) Update(fn func(c *Call) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("sandbox: closed")
	}
	c := &Call{State: s.st, Now: s.opts.now().UTC(), sb: s}
	s.st.advance(c.Now)
	if err := fn(c); err != nil {
		s.restore()
		return err
	}
	if err := s.persist(); err != nil {
		return fmt.Errorf("sandbox: writing state file %s: %w", s.store.path, err)
	}
	return nil
}

// View reads the state outside any request, with it locked and advanced to
// now. fn must not change it.
func (s *Sandbox) View(fn func(c *Call)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &Call{State: s.st, Now: s.opts.now().UTC(), sb: s}
	s.st.advance(c.Now)
	fn(c)
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
// the last saved one, so memory and disk never differ.
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
