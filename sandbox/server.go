package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxBody bounds a request body; the largest Organizations input (a policy
// document) is far smaller.
const maxBody = 4 << 20

// A service is one emulated AWS service, addressed by its SigV4 signing name.
// Adding a service means writing its operations and calling registerService
// from an init function; routing, authentication, persistence and the calls
// counter are shared.
type service struct {
	// name is the signing name ("organizations"), also the Calls key prefix.
	name     string
	protocol protocol
	ops      map[string]*operation
	// authorize decides whether the caller may call op; nil allows anyone
	// with valid credentials.
	authorize func(c *call, op string) *apiError
	// internalError is returned when the sandbox cannot save its state.
	internalError func(msg string) *apiError
}

// operation is one API operation of a service.
type operation struct {
	// write operations are saved to the state file before the response is
	// sent, and undone when they fail.
	write bool
	run   func(c *call) (any, *apiError)
}

// protocol is a wire protocol: how a request names its operation and how
// results and errors are written.
type protocol interface {
	// operation returns the operation a request asks for.
	operation(r *http.Request, c *call) (string, *apiError)
	// claims reports whether an unsigned request looks like this protocol's,
	// to answer it in the right format.
	claims(r *http.Request, body []byte) bool
	unknownOperation(op string) *apiError
	authError(f authFailure) *apiError
	writeResult(w http.ResponseWriter, c *call, out any)
	writeError(w http.ResponseWriter, c *call, e *apiError)
}

// apiError is an AWS error response.
type apiError struct {
	Status  int
	Code    string
	Message string
	// Fields are extra modeled members, such as Reason.
	Fields map[string]string
	// Receiver marks a server fault (awsQuery <Type>Receiver</Type>).
	Receiver bool
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// call is one request being served, with the state locked.
type call struct {
	st     *state
	set    settings // effective settings
	now    time.Time
	caller *caller
	op     string
	// region is the signing region, for regional services.
	region    string
	body      []byte
	form      url.Values // awsQuery parameters
	requestID string
}

var services = map[string]*service{}
var serviceOrder []*service

// registerService adds a service to every Sandbox.
func registerService(svc *service) {
	if services[svc.name] != nil {
		panic("sandbox: service registered twice: " + svc.name)
	}
	services[svc.name] = svc
	serviceOrder = append(serviceOrder, svc)
}

func (s *Sandbox) serveHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/_sandbox/calls":
		s.serveJSON(w, r, s.Calls())
		return
	case "/_sandbox/faults":
		s.serveJSON(w, r, s.Faults())
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		http.Error(w, "request body unreadable or too large", http.StatusRequestEntityTooLarge)
		return
	}
	c := &call{body: body, requestID: newRequestID()}

	cred, failure := parseAuthorization(r)
	var svc *service
	if failure == authNone {
		svc = services[cred.service]
	} else {
		svc = guessService(r, body)
	}
	if svc == nil {
		writeNoService(w, c, cred.service)
		return
	}
	op, perr := svc.protocol.operation(r, c)
	if op != "" {
		c.op = op
		s.count(svc.name + ":" + op)
	}
	if failure != authNone {
		svc.protocol.writeError(w, c, svc.protocol.authError(failure))
		return
	}
	if perr != nil {
		svc.protocol.writeError(w, c, perr)
		return
	}
	if e := s.admit(r.Context(), svc, op); e != nil {
		svc.protocol.writeError(w, c, e)
		return
	}
	c.region = cred.region
	token := r.Header.Get("X-Amz-Security-Token")
	if token == "" {
		token = r.URL.Query().Get("X-Amz-Security-Token") // presigned URLs
	}
	s.invoke(w, svc, c, cred, token)
}

// invoke runs one operation with the state locked: transitions that are due,
// authentication, authorization, the operation, then saving the state for a
// write (or undoing it when the write fails).
func (s *Sandbox) invoke(w http.ResponseWriter, svc *service, c *call, cred sigv4Credential, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		http.Error(w, "sandbox closed", http.StatusServiceUnavailable)
		return
	}
	c.now = s.opts.now().UTC()
	s.st.advance(c.now)
	c.st, c.set = s.st, s.settings()

	caller, failure := c.st.authenticate(cred, token, c.now)
	if failure != authNone {
		svc.protocol.writeError(w, c, svc.protocol.authError(failure))
		return
	}
	c.caller = caller
	o := svc.ops[c.op]
	if o == nil {
		svc.protocol.writeError(w, c, svc.protocol.unknownOperation(c.op))
		return
	}
	if svc.authorize != nil {
		if e := svc.authorize(c, c.op); e != nil {
			svc.protocol.writeError(w, c, e)
			return
		}
	}
	young := s.faults.young(c.st, c.now)
	if e := unseen(c.body, young); e != nil {
		s.recordFault("consistency")
		svc.protocol.writeError(w, c, e)
		return
	}
	out, e := o.run(c)
	if e != nil {
		if o.write {
			s.restore()
		}
		svc.protocol.writeError(w, c, e)
		return
	}
	if o.write {
		if err := s.persist(); err != nil {
			svc.protocol.writeError(w, c, svc.internalError("The sandbox could not save its state: "+err.Error()))
			return
		}
	}
	s.faults.created(c.op, out, c.now)
	if strings.HasPrefix(c.op, "List") {
		out = hideYoung(out, young)
	}
	svc.protocol.writeResult(w, c, out)
}

// guessService picks the service whose protocol an unsigned request uses.
func guessService(r *http.Request, body []byte) *service {
	for _, svc := range serviceOrder {
		if svc.protocol.claims(r, body) {
			return svc
		}
	}
	return nil
}

func writeNoService(w http.ResponseWriter, c *call, name string) {
	msg := "The sandbox emulates no service with signing name " + name + "."
	if name == "" {
		msg = "Missing Authentication Token"
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", c.requestID)
	w.WriteHeader(http.StatusForbidden)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": "UnrecognizedServiceException", "message": msg})
}

// serveJSON answers GET /_sandbox/calls and /_sandbox/faults, outside AWS's
// URL space, with the calls or injected-faults counter as a JSON object.
func (s *Sandbox) serveJSON(w http.ResponseWriter, r *http.Request, v map[string]int) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
