package sandbox

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// queryProtocol is awsQuery: a POSTed form "Action=<Op>&Version=<v>&...",
// answered with <OpResponse xmlns=...><OpResult>...</OpResult>
// <ResponseMetadata><RequestId/></ResponseMetadata></OpResponse>, and errors
// as <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.
type queryProtocol struct {
	version string // 2011-06-15
	xmlns   string // https://sts.amazonaws.com/doc/2011-06-15/
}

func (p queryProtocol) operation(r *http.Request, c *call) (string, *apiError) {
	form, err := url.ParseQuery(string(c.body))
	if err != nil {
		return "", &apiError{Status: http.StatusBadRequest, Code: "MalformedQueryString", Message: err.Error()}
	}
	// GET requests carry the parameters in the URL.
	for k, v := range r.URL.Query() {
		if _, ok := form[k]; !ok && !strings.HasPrefix(k, "X-Amz-") {
			form[k] = v
		}
	}
	c.form = form
	op := form.Get("Action")
	if op == "" {
		return "", &apiError{Status: http.StatusBadRequest, Code: "MissingAction",
			Message: "Missing Action"}
	}
	if v := form.Get("Version"); v != p.version {
		return op, &apiError{Status: http.StatusBadRequest, Code: "InvalidAction",
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

func (p queryProtocol) unknownOperation(op string) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "InvalidAction",
		Message: "Could not find operation " + op + " for version " + p.version}
}

func (p queryProtocol) authError(f authFailure) *apiError {
	switch f {
	case authMissing:
		return &apiError{Status: http.StatusForbidden, Code: "MissingAuthenticationToken",
			Message: "Request is missing Authentication Token"}
	case authMalformed:
		return &apiError{Status: http.StatusBadRequest, Code: "IncompleteSignature",
			Message: "Authorization header requires a SigV4 Credential=<key>/<date>/<region>/<service>/aws4_request."}
	case authExpired:
		return &apiError{Status: http.StatusForbidden, Code: "ExpiredToken",
			Message: "The security token included in the request is expired"}
	default:
		return &apiError{Status: http.StatusForbidden, Code: "InvalidClientTokenId",
			Message: "The security token included in the request is invalid."}
	}
}

func (p queryProtocol) writeResult(w http.ResponseWriter, c *call, out any) {
	var b bytes.Buffer
	b.WriteString(`<` + c.op + `Response xmlns="` + p.xmlns + `">`)
	enc := xml.NewEncoder(&b)
	if err := enc.EncodeElement(out, xml.StartElement{Name: xml.Name{Local: c.op + "Result"}}); err != nil {
		p.writeError(w, c, &apiError{Status: 500, Code: "InternalFailure", Message: err.Error(), Receiver: true})
		return
	}
	_ = enc.Flush()
	b.WriteString(`<ResponseMetadata><RequestId>` + c.requestID + `</RequestId></ResponseMetadata>`)
	b.WriteString(`</` + c.op + `Response>`)
	p.write(w, c, http.StatusOK, b.Bytes())
}

func (p queryProtocol) writeError(w http.ResponseWriter, c *call, e *apiError) {
	typ := "Sender"
	if e.Receiver {
		typ = "Receiver"
	}
	var b bytes.Buffer
	b.WriteString(`<ErrorResponse xmlns="` + p.xmlns + `"><Error><Type>` + typ + `</Type><Code>`)
	_ = xml.EscapeText(&b, []byte(e.Code))
	b.WriteString(`</Code><Message>`)
	_ = xml.EscapeText(&b, []byte(e.Message))
	b.WriteString(`</Message></Error><RequestId>` + c.requestID + `</RequestId></ErrorResponse>`)
	p.write(w, c, e.Status, b.Bytes())
}

func (p queryProtocol) write(w http.ResponseWriter, c *call, status int, data []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("x-amzn-RequestId", c.requestID)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// queryOp adapts a handler of form parameters to an operation; the result is
// XML-encoded inside <OpResult>.
func queryOp(write bool, fn func(c *call, form url.Values) (any, *apiError)) *operation {
	return &operation{write: write, run: func(c *call) (any, *apiError) {
		return fn(c, c.form)
	}}
}
