package sandbox

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// queryProtocol is awsQuery: a POSTed form "Action=<Op>&Version=<v>&...",
// answered with <OpResponse xmlns=...><OpResult>...</OpResult>
// <ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>, and errors
// as <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.
type queryProtocol struct {
	version string // the API version, such as 2011-06-15
	xmlns   string // the response namespace
}

// AWSQuery is the awsQuery protocol for an API version, answering in the
// given XML namespace.
func AWSQuery(version, xmlns string) Protocol {
	return queryProtocol{version: version, xmlns: xmlns}
}

func (p queryProtocol) prepare(svc *Service) error {
	for name, op := range svc.Ops {
		if op.Run == nil || op.Method != "" || op.Path != "" {
			return fmt.Errorf("awsQuery operation %s needs Run and no route", name)
		}
	}
	return nil
}

func (p queryProtocol) operation(r *http.Request, c *Call) (string, *Error) {
	form, err := url.ParseQuery(string(c.Body))
	if err != nil {
		return "", &Error{Status: http.StatusBadRequest, Code: "MalformedQueryString", Message: err.Error()}
	}
	// GET requests carry the parameters in the URL.
	for k, v := range r.URL.Query() {
		if _, ok := form[k]; !ok && !strings.HasPrefix(k, "X-Amz-") {
			form[k] = v
		}
	}
	c.Form = form
	op := form.Get("Action")
	if op == "" {
		return "", &Error{Status: http.StatusBadRequest, Code: "MissingAction",
			Message: "Missing Action"}
	}
	if v := form.Get("Version"); v != p.version {
		return op, &Error{Status: http.StatusBadRequest, Code: "InvalidAction",
			Message: "Could not find operation " + op + " for version " + v}
	}
	return op, nil
}

func (p queryProtocol) claims(r *http.Request, body []byte) bool {
	if r.Header.Get("X-Amz-Target") != "" {
		return false
	}
	form, err := url.ParseQuery(string(body))
	return err == nil && form.Get("Action") != "" && form.Get("Version") == p.version
}

func (p queryProtocol) unknownOperation(op string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "InvalidAction",
		Message: "Could not find operation " + op + " for version " + p.version}
}

func (p queryProtocol) authError(f authFailure) *Error {
	switch f {
	case authMissing:
		return &Error{Status: http.StatusForbidden, Code: "MissingAuthenticationToken",
			Message: "Request is missing Authentication Token"}
	case authMalformed:
		return &Error{Status: http.StatusBadRequest, Code: "IncompleteSignature",
			Message: "Authorization header requires a SigV4 Credential=<key>/<date>/<region>/<service>/aws4_request."}
	case authExpired:
		return &Error{Status: http.StatusForbidden, Code: "ExpiredToken",
			Message: "The security token included in the request is expired"}
	default:
		return &Error{Status: http.StatusForbidden, Code: "InvalidClientTokenId",
			Message: "The security token included in the request is invalid."}
	}
}

func (p queryProtocol) writeResult(w http.ResponseWriter, c *Call, _ *Op, out any) {
	var b bytes.Buffer
	b.WriteString(`<` + c.Op + `Response xmlns="` + p.xmlns + `">`)
	enc := xml.NewEncoder(&b)
	if err := enc.EncodeElement(out, xml.StartElement{Name: xml.Name{Local: c.Op + "Result"}}); err != nil {
		p.writeError(w, c, InternalFailure(err.Error()))
		return
	}
	_ = enc.Flush()
	b.WriteString(`<ResponseMetadata><RequestId>` + c.RequestID + `</RequestId></ResponseMetadata>`)
	b.WriteString(`</` + c.Op + `Response>`)
	writeBody(w, c, "text/xml", http.StatusOK, b.Bytes())
}

func (p queryProtocol) writeError(w http.ResponseWriter, c *Call, e *Error) {
	typ := "Sender"
	if e.Server {
		typ = "Receiver"
	}
	var b bytes.Buffer
	b.WriteString(`<ErrorResponse xmlns="` + p.xmlns + `"><Error><Type>` + typ + `</Type><Code>`)
	_ = xml.EscapeText(&b, []byte(e.Code))
	b.WriteString(`</Code><Message>`)
	_ = xml.EscapeText(&b, []byte(e.Message))
	b.WriteString(`</Message></Error><RequestId>` + c.RequestID + `</RequestId></ErrorResponse>`)
	writeBody(w, c, "text/xml", e.Status, b.Bytes())
}

// QueryOp adapts a handler of form parameters to an awsQuery operation; the
// result is XML-encoded inside <OpResult>.
func QueryOp(write bool, fn func(c *Call, form url.Values) (any, *Error)) *Op {
	return &Op{Write: write, Run: func(c *Call) (any, *Error) {
		return fn(c, c.Form)
	}}
}
