package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// jsonProtocol is awsJson1_0 / awsJson1_1: POST / with
// "X-Amz-Target: <prefix>.<Operation>" and a JSON body whose members are the
// Smithy member names; errors are {"__type": code, "Message": ...} plus the
// error's modeled members, with the HTTP status the service sends.
type jsonProtocol struct {
	targetPrefix string
	// aliases are other prefixes clients send: the SDKs and botocore do
	// not always agree (a short prefix against a fully qualified one),
	// and AWS answers both.
	aliases     []string
	contentType string // application/x-amz-json-1.1
}

// AWSJSON is the awsJson protocol of the given version ("1.0" or "1.1")
// for operations addressed as targetPrefix.Operation, or as
// alias.Operation for each alias.
func AWSJSON(version, targetPrefix string, aliases ...string) Protocol {
	return jsonProtocol{targetPrefix: targetPrefix, aliases: aliases, contentType: "application/x-amz-json-" + version}
}

// split returns the operation a target names, if its prefix is the
// service's.
func (p jsonProtocol) split(target string) (string, bool) {
	for _, prefix := range append([]string{p.targetPrefix}, p.aliases...) {
		if op, ok := strings.CutPrefix(target, prefix+"."); ok {
			return op, true
		}
	}
	return "", false
}

func (p jsonProtocol) prepare(svc *Service) error {
	if p.targetPrefix == "" {
		return fmt.Errorf("awsJson needs a target prefix")
	}
	for name, op := range svc.Ops {
		if op.Run == nil || op.Method != "" || op.Path != "" {
			return fmt.Errorf("awsJson operation %s needs Run and no route", name)
		}
	}
	return nil
}

func (p jsonProtocol) operation(r *http.Request, c *Call) (string, *Error) {
	target := r.Header.Get("X-Amz-Target")
	op, ok := p.split(target)
	if !ok {
		_, op, _ = strings.Cut(target, ".")
	}
	if r.Method != http.MethodPost || !ok || op == "" {
		return op, p.unknownOperation(op)
	}
	return op, nil
}

func (p jsonProtocol) claims(r *http.Request, _ []byte) bool {
	_, ok := p.split(r.Header.Get("X-Amz-Target"))
	return ok
}

func (p jsonProtocol) unknownOperation(op string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "UnknownOperationException",
		Message: "The operation " + strconv.Quote(op) + " is not supported by this service."}
}

func (p jsonProtocol) authError(f authFailure) *Error {
	switch f {
	case authMissing:
		return &Error{Status: http.StatusBadRequest, Code: "MissingAuthenticationTokenException",
			Message: "Missing Authentication Token"}
	case authMalformed:
		return &Error{Status: http.StatusBadRequest, Code: "IncompleteSignatureException",
			Message: "Authorization header requires a SigV4 Credential=<key>/<date>/<region>/<service>/aws4_request."}
	case authExpired:
		return &Error{Status: http.StatusBadRequest, Code: "ExpiredTokenException",
			Message: "The security token included in the request is expired"}
	default:
		return &Error{Status: http.StatusBadRequest, Code: "UnrecognizedClientException",
			Message: "The security token included in the request is invalid."}
	}
}

func (p jsonProtocol) writeResult(w http.ResponseWriter, c *Call, _ *Op, out any) {
	data, err := json.Marshal(out)
	if err != nil {
		p.writeError(w, c, InternalFailure(err.Error()))
		return
	}
	writeBody(w, c, p.contentType, http.StatusOK, data)
}

func (p jsonProtocol) writeError(w http.ResponseWriter, c *Call, e *Error) {
	typ := e.Type
	if typ == "" {
		typ = e.Code
	}
	body := map[string]string{"__type": typ, "Message": e.Message}
	for k, v := range e.Fields {
		body[k] = v
	}
	data, _ := json.Marshal(body)
	writeBody(w, c, p.contentType, e.Status, data)
}

// JSONOp adapts a typed handler to an operation of a JSON protocol: the body
// is decoded into In (a body that is not a JSON object is a
// SerializationException) and the result is encoded as the response.
// Handlers return a non-nil *Out; void operations return &struct{}{}, which
// is sent as {}.
func JSONOp[In, Out any](write bool, fn func(c *Call, in *In) (*Out, *Error)) *Op {
	return &Op{Write: write, Run: func(c *Call) (any, *Error) {
		in := new(In)
		if e := decodeJSON(c.Body, in); e != nil {
			return nil, e
		}
		out, e := fn(c, in)
		if e != nil {
			return nil, e
		}
		return out, nil
	}}
}

// decodeJSON decodes one JSON object into v. An empty body counts as {}.
func decodeJSON(body []byte, v any) *Error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil
	}
	if trimmed[0] != '{' {
		return serializationError("the request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(v); err != nil {
		return serializationError(err.Error())
	}
	if dec.More() {
		return serializationError("unexpected data after the JSON object")
	}
	return nil
}

func serializationError(detail string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "SerializationException",
		Message: "Could not parse the request: " + detail}
}

// Epoch is a timestamp written as JSON epoch seconds (with milliseconds),
// the default timestamp format of the JSON protocols.
type Epoch time.Time

func (t Epoch) MarshalJSON() ([]byte, error) {
	ms := time.Time(t).UnixMilli()
	return []byte(strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)), nil
}

// EpochOf returns t as an Epoch, nil for the zero time (a member left out).
func EpochOf(t time.Time) *Epoch {
	if t.IsZero() {
		return nil
	}
	e := Epoch(t)
	return &e
}
