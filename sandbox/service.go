package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// A Service is one emulated AWS service, addressed by its SigV4 signing
// name. A service package builds one and passes it to Register from an init
// function; routing, authentication, persistence, realism, faults and the
// calls counter are the core's.
type Service struct {
	// Name is the SigV4 signing name, also the prefix of Calls keys.
	Name string
	// Protocol is the wire codec: AWSJSON, AWSQuery or RESTJSON.
	Protocol Protocol
	// Ops are the operations by name. A restJson1 operation also carries
	// its route (Op.Method, Op.Path).
	Ops map[string]*Op
	// Authorize decides whether the caller may call c.Op at all; nil lets
	// anyone with valid credentials through.
	Authorize func(c *Call) *Error
	// Throttle is the error a caller over the rate limit (or a throttle
	// fault) gets. Required.
	Throttle func() *Error
	// ServerFault is the service's internal error, HTTP 500: with an empty
	// msg for an injected fault (the service's own wording), or saying why
	// the sandbox could not save its state. Required.
	ServerFault func(msg string) *Error
	// ConcurrentModification, when set, is the error a concurrent-write
	// fault gives a write operation; services without one never get it.
	ConcurrentModification func() *Error
	// Entities, when set, names the entities a write operation changes,
	// from its input: a write that arrives while another write changing
	// one of them is in progress gets ConcurrentModification, as on AWS.
	Entities func(op string, body []byte) []string
	// Busy, when set, is the error for a request made while the caller
	// has as many in progress as its bucket's InFlight; Throttle when nil.
	Busy func() *Error
	// Rate is the service's default token bucket, in DefaultRateLimits
	// under the bucket's name; zero means a bucket of its own at the default rate.
	Rate Bucket
	// Consistency, when set, makes the consistency fault apply to the
	// service: young entities are unseen for Faults.Consistency.
	Consistency *Consistency
}

// Op is one API operation.
type Op struct {
	// Write operations are saved to the state file before the response is
	// sent, and undone when they fail.
	Write bool
	// Method and Path are a restJson1 operation's route: "GET",
	// "/detector/{detectorId}/admin". Status is its success status (200
	// when zero).
	Method, Path string
	Status       int
	// Run serves the request; its result is encoded by the protocol.
	Run func(c *Call) (any, *Error)
}

// Bucket is a named token bucket; services sharing a name share it.
type Bucket struct {
	Name string
	Rate Rate
	// Aliases are other names accepted for the bucket by ParseRateLimits,
	// such as the signing names of services not emulated yet.
	Aliases []string
	// Ops are the buckets of operations AWS limits apart, per calling
	// account, drawn from as well as the service's: in RateLimits under
	// "NAME.Operation".
	Ops map[string]Rate
}

// Consistency is a service's eventual consistency: what is young, how a
// request naming a young entity fails, and how listings hide it.
type Consistency struct {
	// Young returns the IDs of entities created after since.
	Young func(st *State, since time.Time) map[string]bool
	// Members are the input members that name an entity, in the order they
	// are checked, with the error for one that does not exist (yet).
	Members []Member
	// Hide returns op's output without young entities; nil leaves
	// outputs alone.
	Hide func(op string, out any, young map[string]bool) any
}

// Member is an input member naming an entity, and the not-found error for it.
type Member struct {
	Name     string
	NotFound func() *Error
}

// Error is an AWS error response.
type Error struct {
	Status  int
	Code    string
	Message string
	// Type is the body's __type where the service sends one other than
	// Code (restJson1 services behind a gateway do); empty means Code.
	Type string
	// Fields are extra modeled members, such as Reason.
	Fields map[string]string
	// Server marks a server fault (awsQuery <Type>Receiver</Type>).
	Server bool
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// InternalFailure is AWS's common server error, HTTP 500, for a service
// that models none of its own (and for the codecs' own failures); an empty
// msg gives AWS's words.
func InternalFailure(msg string) *Error {
	if msg == "" {
		msg = "The request processing has failed because of an unknown error, exception or failure."
	}
	return &Error{Status: http.StatusInternalServerError, Code: "InternalFailure", Message: msg, Server: true}
}

// Caller is the authenticated principal of a request.
type Caller struct {
	AccountID string
	Arn       string
	UserID    string
}

// Call is one request being served, with the state locked.
type Call struct {
	State  *State
	Now    time.Time
	Caller Caller
	// Region is the SigV4 credential scope's region.
	Region    string
	Op        string
	RequestID string
	Body      []byte
	// Form holds awsQuery parameters.
	Form url.Values
	// Labels and Query are a restJson1 request's URI labels and query string.
	Labels map[string]string
	Query  url.Values

	sb  *Sandbox
	svc *Service
}

var (
	regMu    sync.Mutex
	services = map[string]*Service{}
	order    []*Service
	buckets  = map[string]Bucket{} // by bucket name
	aliases  = map[string]string{} // alias or service name -> bucket
)

// Register adds a service to every Sandbox, from the service package's init.
// It panics on a malformed or duplicate registration: a programming error.
func Register(svc *Service) {
	regMu.Lock()
	defer regMu.Unlock()
	switch {
	case svc.Name == "" || svc.Protocol == nil || svc.Throttle == nil || svc.ServerFault == nil:
		panic("sandbox: service " + svc.Name + " needs a name, a protocol, a throttling error and a server fault")
	case services[svc.Name] != nil:
		panic("sandbox: service registered twice: " + svc.Name)
	}
	if err := svc.Protocol.prepare(svc); err != nil {
		panic(fmt.Sprintf("sandbox: service %s: %v", svc.Name, err))
	}
	services[svc.Name] = svc
	order = append(order, svc)
	if svc.Rate.Name != "" {
		registerBucket(svc.Rate, svc.Name)
	}
}

// RegisterBucket declares a rate bucket no registered service draws from
// yet, so that ParseRateLimits and DefaultRateLimits know it.
func RegisterBucket(b Bucket) {
	regMu.Lock()
	defer regMu.Unlock()
	registerBucket(b)
}

func registerBucket(b Bucket, names ...string) {
	if old, ok := buckets[b.Name]; ok && old.Rate != b.Rate {
		panic("sandbox: bucket " + b.Name + " registered with two rates")
	}
	buckets[b.Name] = b
	for _, n := range slices.Concat([]string{b.Name}, b.Aliases, names) {
		aliases[n] = b.Name
	}
}

// Services returns the registered services' signing names and, for the
// JSON protocols, their target prefixes, in registration order.
func Services() (names, targetPrefixes []string) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, s := range order {
		names = append(names, s.Name)
		if p, ok := s.Protocol.(jsonProtocol); ok {
			targetPrefixes = append(targetPrefixes, p.targetPrefix)
			targetPrefixes = append(targetPrefixes, p.aliases...)
		}
	}
	return names, targetPrefixes
}

func lookupService(name string) *Service {
	regMu.Lock()
	defer regMu.Unlock()
	return services[name]
}

func registered() []*Service {
	regMu.Lock()
	defer regMu.Unlock()
	return slices.Clone(order)
}

// Protocol is a wire protocol: how a request names its operation and how
// results and errors are written. Its implementations are the core's.
type Protocol interface {
	prepare(svc *Service) error
	// operation returns the operation a request asks for.
	operation(r *http.Request, c *Call) (string, *Error)
	// claims reports whether an unsigned request looks like this
	// protocol's, to answer it in the right format.
	claims(r *http.Request, body []byte) bool
	unknownOperation(op string) *Error
	authError(f authFailure) *Error
	writeResult(w http.ResponseWriter, c *Call, op *Op, out any)
	writeError(w http.ResponseWriter, c *Call, e *Error)
}
