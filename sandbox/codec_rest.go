package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// restProtocol is restJson1: each operation is a route, a method and a URI
// pattern with {label} segments (and a last {label+} taking the rest of the
// path); input members come from labels, the query string and a JSON body;
// errors carry their code in the x-amzn-ErrorType header and a JSON body
// with the message and __type.
type restProtocol struct {
	o      RESTOptions
	routes []route
}

// RESTOptions adapt restJson1 to how one service answers.
type RESTOptions struct {
	// UnknownRoute is the error for a request no route matches; by default
	// 404 UnknownOperationException.
	UnknownRoute func(method, path string) *Error
	// BadRequest is the error for input that cannot be read (a body that is
	// not a JSON object, a label or query member of the wrong type); by
	// default 400 SerializationException.
	BadRequest func(detail string) *Error
	// MessageKey names the error body's message member: "message" by default.
	MessageKey string
}

// RESTJSON is the restJson1 protocol; each of the service's operations
// needs a route (Op.Method and Op.Path).
func RESTJSON(o RESTOptions) Protocol { return &restProtocol{o: o} }

type route struct {
	op     string
	method string
	segs   []segment
	// literals ranks routes: the one with more literal segments wins.
	literals int
}

type segment struct {
	literal string
	label   string // "" for a literal
	greedy  bool
}

func (p *restProtocol) prepare(svc *Service) error {
	if p.o.MessageKey == "" {
		p.o.MessageKey = "message"
	}
	seen := map[string]string{}
	for name, op := range svc.Ops {
		if op.Run == nil || op.Method == "" || !strings.HasPrefix(op.Path, "/") {
			return fmt.Errorf("restJson1 operation %s needs Run, a method and a path", name)
		}
		r := route{op: name, method: op.Method}
		parts := strings.Split(strings.Trim(op.Path, "/"), "/")
		for i, part := range parts {
			if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
				label := part[1 : len(part)-1]
				greedy := strings.HasSuffix(label, "+")
				if greedy && i != len(parts)-1 {
					return fmt.Errorf("operation %s: a greedy label must come last in %s", name, op.Path)
				}
				r.segs = append(r.segs, segment{label: strings.TrimSuffix(label, "+"), greedy: greedy})
				continue
			}
			r.segs = append(r.segs, segment{literal: part})
			r.literals++
		}
		key := op.Method + " " + op.Path
		if other, ok := seen[key]; ok {
			return fmt.Errorf("operations %s and %s share the route %s", other, name, key)
		}
		seen[key] = name
		p.routes = append(p.routes, r)
	}
	return nil
}

// match returns the route a request takes and its labels.
func (p *restProtocol) match(method, path string) (*route, map[string]string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	var best *route
	var bestLabels map[string]string
	for i := range p.routes {
		r := &p.routes[i]
		if r.method != method {
			continue
		}
		labels, ok := r.match(parts)
		if ok && (best == nil || r.literals > best.literals) {
			best, bestLabels = r, labels
		}
	}
	return best, bestLabels
}

func (r *route) match(parts []string) (map[string]string, bool) {
	labels := map[string]string{}
	for i, s := range r.segs {
		if s.greedy {
			if i >= len(parts) {
				return nil, false
			}
			rest, err := url.PathUnescape(strings.Join(parts[i:], "/"))
			if err != nil || rest == "" {
				return nil, false
			}
			labels[s.label] = rest
			return labels, true
		}
		if i >= len(parts) {
			return nil, false
		}
		v, err := url.PathUnescape(parts[i])
		if err != nil {
			return nil, false
		}
		if s.label == "" {
			if v != s.literal {
				return nil, false
			}
			continue
		}
		if v == "" {
			return nil, false
		}
		labels[s.label] = v
	}
	return labels, len(parts) == len(r.segs)
}

func (p *restProtocol) operation(r *http.Request, c *Call) (string, *Error) {
	rt, labels := p.match(r.Method, r.URL.EscapedPath())
	if rt == nil {
		return "", p.unknownRoute(r.Method, r.URL.Path)
	}
	c.Labels, c.Query = labels, r.URL.Query()
	return rt.op, nil
}

func (p *restProtocol) unknownRoute(method, path string) *Error {
	if p.o.UnknownRoute != nil {
		return p.o.UnknownRoute(method, path)
	}
	return &Error{Status: http.StatusNotFound, Code: "UnknownOperationException",
		Message: "No operation is served at " + method + " " + path + "."}
}

// claims: an unsigned request carries nothing that tells a restJson1
// service apart, so it is answered by the protocol that claims it or as an
// unknown service.
func (p *restProtocol) claims(*http.Request, []byte) bool { return false }

func (p *restProtocol) unknownOperation(op string) *Error { return p.unknownRoute("", op) }

func (p *restProtocol) authError(f authFailure) *Error {
	switch f {
	case authMissing:
		return &Error{Status: http.StatusForbidden, Code: "MissingAuthenticationTokenException", Message: "Missing Authentication Token"}
	case authMalformed:
		return &Error{Status: http.StatusForbidden, Code: "IncompleteSignatureException",
			Message: "Authorization header requires a SigV4 Credential=<key>/<date>/<region>/<service>/aws4_request."}
	case authExpired:
		return &Error{Status: http.StatusForbidden, Code: "ExpiredTokenException", Message: "The security token included in the request is expired"}
	default:
		return &Error{Status: http.StatusForbidden, Code: "UnrecognizedClientException", Message: "The security token included in the request is invalid."}
	}
}

func (p *restProtocol) badRequest(detail string) *Error {
	if p.o.BadRequest != nil {
		return p.o.BadRequest(detail)
	}
	return serializationError(detail)
}

func (p *restProtocol) writeResult(w http.ResponseWriter, c *Call, op *Op, out any) {
	status := op.Status
	if status == 0 {
		status = http.StatusOK
	}
	if status == http.StatusNoContent {
		writeBody(w, c, "application/json", status, nil)
		return
	}
	data, err := json.Marshal(out)
	if err != nil {
		p.writeError(w, c, InternalFailure(err.Error()))
		return
	}
	writeBody(w, c, "application/json", status, data)
}

func (p *restProtocol) writeError(w http.ResponseWriter, c *Call, e *Error) {
	typ := e.Type
	if typ == "" {
		typ = e.Code
	}
	body := map[string]string{p.o.MessageKey: e.Message, "__type": typ}
	for k, v := range e.Fields {
		body[k] = v
	}
	data, _ := json.Marshal(body)
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	writeBody(w, c, "application/json", e.Status, data)
}

// RESTOp adapts a typed handler to a restJson1 route. The JSON body is
// decoded into In, then fields tagged `uri:"name"` take the URI label and
// fields tagged `query:"name"` the query-string member of that name (string,
// integer and boolean fields, pointers or not; give them `json:"-"`).
// status is the success status (200 when zero; 204 sends no body).
func RESTOp[In, Out any](method, path string, status int, write bool, fn func(c *Call, in *In) (*Out, *Error)) *Op {
	op := &Op{Write: write, Method: method, Path: path, Status: status}
	op.Run = func(c *Call) (any, *Error) {
		p := c.svc.Protocol.(*restProtocol)
		in := new(In)
		if e := decodeJSON(c.Body, in); e != nil {
			return nil, p.badRequest(e.Message)
		}
		if err := bindREST(in, c.Labels, c.Query); err != nil {
			return nil, p.badRequest(err.Error())
		}
		out, e := fn(c, in)
		if e != nil {
			return nil, e
		}
		return out, nil
	}
	return op
}

// bindREST sets the uri- and query-tagged fields of *in.
func bindREST(in any, labels map[string]string, query url.Values) error {
	v := reflect.ValueOf(in).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		var (
			s  string
			ok bool
		)
		if name := f.Tag.Get("uri"); name != "" {
			s, ok = labels[name]
		} else if name := f.Tag.Get("query"); name != "" {
			ok = query.Has(name)
			s = query.Get(name)
		}
		if !ok {
			continue
		}
		if err := setScalar(v.Field(i), s); err != nil {
			return fmt.Errorf("member %s: %v", f.Name, err)
		}
	}
	return nil
}

func setScalar(fv reflect.Value, s string) error {
	if fv.Kind() == reflect.Pointer {
		nv := reflect.New(fv.Type().Elem())
		if err := setScalar(nv.Elem(), s); err != nil {
			return err
		}
		fv.Set(nv)
		return nil
	}
	switch fv.Kind() {
	case reflect.String:
		fv.SetString(s)
	case reflect.Int, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, fv.Type().Bits())
		if err != nil {
			return fmt.Errorf("%q is not an integer", s)
		}
		fv.SetInt(n)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%q is not a boolean", s)
		}
		fv.SetBool(b)
	default:
		return fmt.Errorf("cannot bind a %s", fv.Kind())
	}
	return nil
}
