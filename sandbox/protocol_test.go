package sandbox

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/coretest"
)

func TestAWSJSONCodec(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t)
	auth := e.auth("fakejson", "us-east-1")
	coretest.CheckJSON(t, e.sb.Handler(), "application/x-amz-json-1.0", []coretest.JSONCase{
		{Name: "missing Authorization", Target: "Fake_20260101.Get", Body: "{}", WantStatus: 400,
			WantBody: map[string]string{"__type": "MissingAuthenticationTokenException", "Message": "Missing Authentication Token"}},
		{Name: "unknown access key", Target: "Fake_20260101.Get",
			Auth: "AWS4-HMAC-SHA256 Credential=AKIANOTISSUED0000000/20260101/us-east-1/fakejson/aws4_request, Signature=0", Body: "{}", WantStatus: 400,
			WantBody: map[string]string{"__type": "UnrecognizedClientException", "Message": "The security token included in the request is invalid."}},
		{Name: "not SigV4", Target: "Fake_20260101.Get", Auth: "Basic dXNlcjpwYXNz", Body: "{}", WantStatus: 400,
			WantBody: map[string]string{"__type": "IncompleteSignatureException"}},
		{Name: "unknown operation", Target: "Fake_20260101.DoSomething", Auth: auth, Body: "{}", WantStatus: 400,
			WantBody: map[string]string{"__type": "UnknownOperationException"}},
		{Name: "wrong target prefix", Target: "DynamoDB_20120810.ListTables", Auth: auth, Body: "{}", WantStatus: 400,
			WantBody: map[string]string{"__type": "UnknownOperationException"}},
		{Name: "the prefix's alias", Target: "com.example.fake.v20260101.Fake_20260101.Get", Auth: auth, Body: `{"Name":"absent"}`, WantStatus: 404,
			WantBody: map[string]string{"__type": "FakeNotFound"}},
		{Name: "an alias cut short", Target: "com.example.fake.Get", Auth: auth, Body: "{}", WantStatus: 400,
			WantBody: map[string]string{"__type": "UnknownOperationException"}},
		{Name: "malformed JSON", Target: "Fake_20260101.Get", Auth: auth, Body: "{", WantStatus: 400,
			WantBody: map[string]string{"__type": "SerializationException"}},
		{Name: "wrong member type", Target: "Fake_20260101.List", Auth: auth, Body: `{"MaxResults":"ten"}`, WantStatus: 400,
			WantBody: map[string]string{"__type": "SerializationException"}},
		{Name: "the service's own error and status", Target: "Fake_20260101.Get", Auth: auth, Body: `{"Name":"absent"}`, WantStatus: 404,
			WantBody: map[string]string{"__type": "FakeNotFound", "Message": "no such item"}},
	})
	// Timestamps are epoch seconds (numbers); an empty body counts as {}.
	r := e.call("Put", `{"Name":"a"}`)
	if got := r.json(t)["Created"]; r.status != 200 || got != float64(e.clock.Now().Unix()) {
		t.Errorf("Put: %d %s", r.status, r.body)
	}
	if r := e.call("List", ""); r.status != 200 || strings.Contains(r.body, "NextToken") {
		t.Errorf("List with an empty body: %d %s", r.status, r.body)
	}
}

// Every operation sees the caller's account and the region of the SigV4
// credential scope.
func TestRegionAndCaller(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t)
	for _, region := range []string{"us-east-1", "eu-west-3"} {
		r := e.do("POST", "/", map[string]string{"Authorization": e.auth("fakejson", region),
			"X-Amz-Target": "Fake_20260101.Get", "Content-Type": "application/x-amz-json-1.0"}, "{}")
		got := r.json(t)
		if got["Region"] != region || got["Account"] != e.sb.ManagementAccountID() {
			t.Errorf("region %s: %s", region, r.body)
		}
	}
	r := e.do("POST", "/", map[string]string{"Authorization": e.auth("fakequery", "ap-south-1"),
		"Content-Type": "application/x-www-form-urlencoded"}, "Action=Echo&Version=2026-01-01&Say=hi")
	if r.status != 200 || !strings.Contains(r.body, "<Said>hi</Said><Region>ap-south-1</Region>") {
		t.Errorf("awsQuery: %d %s", r.status, r.body)
	}
}

func TestAWSQueryCodec(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t)
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	r := e.do("POST", "/", form, "Action=Echo&Version=2026-01-01")
	var errResp struct {
		XMLName xml.Name `xml:"ErrorResponse"`
		Error   struct{ Type, Code, Message string }
		ID      string `xml:"RequestId"`
	}
	if err := xml.Unmarshal([]byte(r.body), &errResp); err != nil || r.status != 403 ||
		errResp.Error.Code != "MissingAuthenticationToken" || errResp.Error.Type != "Sender" || errResp.ID == "" {
		t.Errorf("missing auth (an unsigned request is told apart by its form): %d %s", r.status, r.body)
	}
	form["Authorization"] = e.auth("fakequery", "us-east-1")
	if r := e.do("POST", "/", form, "Action=Frobnicate&Version=2026-01-01"); r.status != 400 || !strings.Contains(r.body, "<Code>InvalidAction</Code>") {
		t.Errorf("unknown action: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/", form, "Action=Echo&Version=2011-01-01"); r.status != 400 || !strings.Contains(r.body, "<Code>InvalidAction</Code>") {
		t.Errorf("wrong version: %d %s", r.status, r.body)
	}
	r = e.do("POST", "/", form, "Action=Echo&Version=2026-01-01&Say=x")
	var ok struct {
		XMLName xml.Name                   `xml:"https://fake.example/doc/2026-01-01/ EchoResponse"`
		Result  struct{ Said string }      `xml:"EchoResult"`
		Meta    struct{ RequestId string } `xml:"ResponseMetadata"`
	}
	if err := xml.Unmarshal([]byte(r.body), &ok); err != nil || r.status != 200 || ok.Result.Said != "x" || ok.Meta.RequestId == "" {
		t.Errorf("Echo: %d %s (%v)", r.status, r.body, err)
	}
}

func TestRESTJSONCodec(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t)
	if r := e.rest("POST", "/things", `{"body":"one"}`); r.status != 200 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	e.rest("POST", "/things", `{"body":"two"}`)
	e.rest("POST", "/things", `{"body":"t h/ree"}`)
	type want struct {
		status int
		body   map[string]any
		header map[string]string
	}
	cases := []struct {
		name, method, path, body string
		want                     want
	}{
		{"a label", "GET", "/things/one", "", want{200, map[string]any{"Name": "one"}, nil}},
		{"an escaped label", "GET", "/things/t%20h%2Free", "", want{200, map[string]any{"Name": "t h/ree"}, nil}},
		{"a literal segment wins over a label", "GET", "/things/one/admin", "", want{200, map[string]any{"Name": "admin of one"}, nil}},
		{"query members", "GET", "/things?maxResults=1", "", want{200, map[string]any{"Names": []any{"one"}}, nil}},
		{"a greedy label", "GET", "/files/a/b/c.txt?force=true", "", want{200, map[string]any{"Name": "a/b/c.txt", "Ready": true}, nil}},
		{"204 sends no body", "DELETE", "/things/two", "", want{204, nil, nil}},
		{"the service's error: status, header, message and __type", "GET", "/things/two", "",
			want{404, map[string]any{"message": "no such item", "__type": "FakeNotFound"}, map[string]string{"X-Amzn-ErrorType": "FakeNotFound"}}},
		{"a query member of the wrong type", "GET", "/things?maxResults=many", "",
			want{400, map[string]any{"__type": "InvalidInputException"}, map[string]string{"X-Amzn-ErrorType": "BadRequestException"}}},
		{"a body that is not JSON", "POST", "/things", "[1]",
			want{400, map[string]any{"__type": "InvalidInputException"}, map[string]string{"X-Amzn-ErrorType": "BadRequestException"}}},
		{"no route", "GET", "/nothing/here", "",
			want{404, map[string]any{"__type": "UnknownOperationException"}, map[string]string{"X-Amzn-ErrorType": "UnknownOperationException"}}},
		{"no route for the method", "PUT", "/things/one", "",
			want{404, map[string]any{"__type": "UnknownOperationException"}, nil}},
		{"an empty label", "GET", "/things//admin", "", want{404, nil, nil}},
	}
	for _, c := range cases {
		r := e.rest(c.method, c.path, c.body)
		if r.status != c.want.status {
			t.Errorf("%s: status %d, want %d (%s)", c.name, r.status, c.want.status, r.body)
			continue
		}
		if c.want.status == 204 && r.body != "" {
			t.Errorf("%s: body %q", c.name, r.body)
		}
		for k, v := range c.want.header {
			if got := r.header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", c.name, k, got, v)
			}
		}
		if c.want.body == nil {
			continue
		}
		got := r.json(t)
		for k, v := range c.want.body {
			if !cmp.Equal(got[k], v) {
				t.Errorf("%s: %s = %v, want %v (%s)", c.name, k, got[k], v, r.body)
			}
		}
		if r.header.Get("Content-Type") != "application/json" || r.header.Get("x-amzn-RequestId") == "" {
			t.Errorf("%s: headers %v", c.name, r.header)
		}
	}
	// Paging through query members, with the token the first page gave.
	first := e.rest("GET", "/things?maxResults=1", "").json(t)
	next := e.rest("GET", "/things?maxResults=1&nextToken="+url.QueryEscape(first["NextToken"].(string)), "").json(t)
	if !cmp.Equal(next["Names"], []any{"t h/ree"}) || next["NextToken"] != nil {
		t.Errorf("second page: %v", next)
	}
	// Authentication errors, restJson1's way.
	r := e.do("GET", "/things/one", map[string]string{
		"Authorization": "AWS4-HMAC-SHA256 Credential=AKIANOTISSUED0000000/20260101/us-east-1/fakerest/aws4_request, Signature=0"}, "")
	if r.status != 403 || r.header.Get("X-Amzn-ErrorType") != "UnrecognizedClientException" {
		t.Errorf("unknown key: %d %v %s", r.status, r.header, r.body)
	}
}

func TestRoutesAreChecked(t *testing.T) {
	t.Parallel()
	run := func(c *Call) (any, *Error) { return nil, nil }
	for name, svc := range map[string]*Service{
		"no route":         {Ops: map[string]*Op{"A": {Run: run}}},
		"relative path":    {Ops: map[string]*Op{"A": {Method: "GET", Path: "a", Run: run}}},
		"greedy not last":  {Ops: map[string]*Op{"A": {Method: "GET", Path: "/{a+}/b", Run: run}}},
		"same route twice": {Ops: map[string]*Op{"A": {Method: "GET", Path: "/a", Run: run}, "B": {Method: "GET", Path: "/a", Run: run}}},
		"no handler":       {Ops: map[string]*Op{"A": {Method: "GET", Path: "/a"}}},
	} {
		if err := RESTJSON(RESTOptions{}).prepare(svc); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := AWSJSON("1.1", "X").prepare(&Service{Ops: map[string]*Op{"A": {Method: "GET", Path: "/a", Run: run}}}); err == nil {
		t.Error("awsJson accepted a route")
	}
}

func TestUnknownService(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t)
	r := e.do("POST", "/", map[string]string{"Authorization": e.auth("nosuchservice", "us-east-1")}, "{}")
	if r.status != 403 || r.json(t)["__type"] != "UnrecognizedServiceException" {
		t.Errorf("%d %s", r.status, r.body)
	}
}

func TestCallsCounter(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t)
	e.call("Get", "{}")
	e.call("Get", "{}")
	e.call("Get", `{"Name":"absent"}`)
	e.rest("GET", "/things/x", "")
	want := map[string]int{
		"fakejson:Get":      3, // an error still counts
		"fakerest:GetThing": 1,
	}
	if diff := cmp.Diff(want, e.sb.Calls()); diff != "" {
		t.Errorf("Calls (-want +got):\n%s", diff)
	}
	r := e.do("GET", "/_sandbox/calls", nil, "")
	var got map[string]int
	if err := json.Unmarshal([]byte(r.body), &got); err != nil || r.status != 200 {
		t.Fatalf("GET /_sandbox/calls: %d %v", r.status, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GET /_sandbox/calls (-want +got):\n%s", diff)
	}
	if r := e.do("POST", "/_sandbox/calls", nil, ""); r.status != http.StatusMethodNotAllowed {
		t.Errorf("POST /_sandbox/calls: %d", r.status)
	}
	if r := e.do("GET", "/_sandbox/faults", nil, ""); r.status != 200 || strings.TrimSpace(r.body) != "{}" {
		t.Errorf("GET /_sandbox/faults: %d %s", r.status, r.body)
	}
}
