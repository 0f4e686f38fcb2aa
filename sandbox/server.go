package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
)

// maxBody bounds a request body; the largest input of an emulated service
// (a policy document) is far smaller.
const maxBody = 4 << 20

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
	c := &Call{Body: body, RequestID: newRequestID(), sb: s}

	cred, failure := parseAuthorization(r)
	var svc *Service
	if failure == authNone {
		svc = lookupService(cred.service)
	} else {
		svc = guessService(r, body)
	}
	if svc == nil {
		writeNoService(w, c, cred.service)
		return
	}
	c.svc = svc
	op, perr := svc.Protocol.operation(r, c)
	if op != "" {
		c.Op = op
		s.count(svc.Name + ":" + op)
	}
	if failure != authNone {
		svc.Protocol.writeError(w, c, svc.Protocol.authError(failure))
		return
	}
	if perr != nil {
		svc.Protocol.writeError(w, c, perr)
		return
	}
	end, e := s.overlap(svc, op, cred.accessKey, body)
	defer end()
	if e == nil {
		e = s.admit(r.Context(), svc, op, cred.accessKey)
	} else {
		wait(r.Context(), s.opts.latency) // a refusal takes its round trip too
	}
	if e != nil {
		svc.Protocol.writeError(w, c, e)
		return
	}
	c.Region = cred.region
	token := r.Header.Get("X-Amz-Security-Token")
	if token == "" {
		token = r.URL.Query().Get("X-Amz-Security-Token") // presigned URLs
	}
	s.invoke(w, svc, c, cred, token)
}

// invoke runs one operation with the state locked: transitions that are due,
// authentication, authorization, eventual consistency, the operation, then
// saving the state for a write (or undoing it when the write fails).
func (s *Sandbox) invoke(w http.ResponseWriter, svc *Service, c *Call, cred sigv4Credential, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		http.Error(w, "sandbox closed", http.StatusServiceUnavailable)
		return
	}
	c.Now = s.opts.now().UTC()
	s.st.advance(c.Now)
	c.State = s.st

	caller, failure := c.State.authenticate(cred, token, c.Now)
	if failure != authNone {
		svc.Protocol.writeError(w, c, svc.Protocol.authError(failure))
		return
	}
	c.Caller = caller
	if !regionOpen(c) {
		// An opt-in Region the account has not enabled knows none of its
		// credentials.
		svc.Protocol.writeError(w, c, svc.Protocol.authError(authUnknownKey))
		return
	}
	o := svc.Ops[c.Op]
	if o == nil {
		svc.Protocol.writeError(w, c, svc.Protocol.unknownOperation(c.Op))
		return
	}
	if svc.Authorize != nil {
		if e := svc.Authorize(c); e != nil {
			svc.Protocol.writeError(w, c, e)
			return
		}
	}
	young := s.faults.young(svc, c.State, c.Now)
	if e := unseen(svc, c, young); e != nil {
		s.recordFault("consistency")
		svc.Protocol.writeError(w, c, e)
		return
	}
	out, e := o.Run(c)
	if e != nil {
		if o.Write {
			s.restore()
		}
		svc.Protocol.writeError(w, c, e)
		return
	}
	if o.Write {
		if err := s.persist(); err != nil {
			svc.Protocol.writeError(w, c, svc.ServerFault("The sandbox could not save its state: "+err.Error()))
			return
		}
	}
	if len(young) > 0 && svc.Consistency.Hide != nil {
		out = svc.Consistency.Hide(c.Op, out, young)
	}
	if o.Write {
		if lost, drop := s.faults.lose(); lost {
			s.recordFault("lost")
			if drop && hangUp(w) {
				return
			}
			svc.Protocol.writeError(w, c, svc.ServerFault(""))
			return
		}
	}
	svc.Protocol.writeResult(w, c, o, out)
}

// hangUp drops the connection without an answer, as a network fault does
// after AWS carried out the request. It reports whether it could.
func hangUp(w http.ResponseWriter) bool {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return false
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// guessService picks the service whose protocol an unsigned request uses.
func guessService(r *http.Request, body []byte) *Service {
	for _, svc := range registered() {
		if svc.Protocol.claims(r, body) {
			return svc
		}
	}
	return nil
}

// writeBody sends a protocol's answer: its body of contentType, with the
// request ID every AWS answer carries.
func writeBody(w http.ResponseWriter, c *Call, contentType string, status int, data []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("x-amzn-RequestId", c.RequestID)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

func writeNoService(w http.ResponseWriter, c *Call, name string) {
	msg := "The sandbox emulates no service with signing name " + name + "."
	if name == "" {
		msg = "Missing Authentication Token"
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-amzn-RequestId", c.RequestID)
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
