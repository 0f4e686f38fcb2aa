package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/coretest"
)

// Fake services exercise the core without any real one: "fakejson"
// (awsJson1_0), "fakerest" (restJson1) and "fakequery" (awsQuery), sharing
// one slice of items and one setting.

type fakeSlice struct {
	Items map[string]*fakeItem `json:"items"`
	Ticks int                  `json:"ticks"`
}

type fakeItem struct {
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
	DueAt     time.Time `json:"dueAt,omitzero"`
	Ready     bool      `json:"ready"`
}

type fakeSettings struct {
	Delay Duration `json:"delay"`
	Max   int      `json:"max"`
}

var (
	fakeState = RegisterSlice(SliceDef[fakeSlice]{
		Key: "fake",
		New: func(*State, time.Time) *fakeSlice { return &fakeSlice{Items: map[string]*fakeItem{}} },
		Advance: func(_ *State, v *fakeSlice, now time.Time) {
			var events []Event
			for _, it := range v.Items {
				if !it.Ready && !it.DueAt.After(now) {
					events = append(events, Event{Due: it.DueAt, Apply: func() { it.Ready = true }})
				}
			}
			RunDue(events)
		},
	})
	fakeConfig = RegisterSettings(SettingsDef[fakeSettings]{
		Key: "fake", Defaults: fakeSettings{Delay: Duration(time.Second), Max: 3},
		Check: func(s *fakeSettings) error {
			if s.Max < 1 {
				return fmt.Errorf("max must be at least 1")
			}
			return nil
		},
	})
)

func fakeThrottle() *Error {
	return &Error{Status: 400, Code: "FakeThrottled", Message: "Rate exceeded"}
}

func fakeFault(msg string) *Error {
	if msg == "" {
		msg = "fake internal error"
	}
	return &Error{Status: 500, Code: "FakeInternal", Message: msg, Server: true}
}

type fakeIn struct {
	Name       *string `json:"Name"`
	MaxResults *int32  `json:"MaxResults"`
	NextToken  *string `json:"NextToken"`
	Fail       bool    `json:"Fail"`
}

type fakeOut struct {
	Name      string   `json:"Name,omitempty"`
	Names     []string `json:"Names,omitempty"`
	Ready     bool     `json:"Ready"`
	Created   *Epoch   `json:"Created,omitempty"`
	NextToken *string  `json:"NextToken,omitempty"`
	Region    string   `json:"Region,omitempty"`
	Account   string   `json:"Account,omitempty"`
}

func fakePut(c *Call, in *fakeIn) (*fakeOut, *Error) {
	s := fakeState.Of(c.State)
	if in.Name == nil {
		return nil, &Error{Status: 400, Code: "FakeInvalid", Message: "Name is required"}
	}
	set := fakeConfig.Get(c)
	if len(s.Items) >= set.Max {
		return nil, &Error{Status: 400, Code: "FakeLimit", Message: "too many"}
	}
	s.Items[*in.Name] = &fakeItem{Name: *in.Name, CreatedAt: c.Now, DueAt: c.Now.Add(time.Duration(set.Delay))}
	if in.Fail { // a write that fails after changing the state
		return nil, &Error{Status: 400, Code: "FakeFailed", Message: "failed late"}
	}
	return &fakeOut{Name: *in.Name, Created: EpochOf(c.Now)}, nil
}

func fakeGet(c *Call, in *fakeIn) (*fakeOut, *Error) {
	if in.Name == nil {
		return &fakeOut{Region: c.Region, Account: c.Caller.AccountID}, nil
	}
	it := fakeState.Of(c.State).Items[*in.Name]
	if it == nil {
		return nil, fakeNotFound()
	}
	return &fakeOut{Name: it.Name, Ready: it.Ready, Created: EpochOf(it.CreatedAt)}, nil
}

func fakeNotFound() *Error { return &Error{Status: 404, Code: "FakeNotFound", Message: "no such item"} }

func fakeList(c *Call, in *fakeIn) (*fakeOut, *Error) {
	var names []string
	for n := range fakeState.Of(c.State).Items {
		names = append(names, n)
	}
	sortStrings(names)
	size := 2
	if in.MaxResults != nil {
		size = int(*in.MaxResults)
	}
	start, end, next, ok := c.Page(c.Op, len(names), size, in.NextToken)
	if !ok {
		return nil, &Error{Status: 400, Code: "FakeInvalid", Message: "bad token"}
	}
	return &fakeOut{Names: names[start:end], NextToken: next}, nil
}

func sortStrings(s []string) {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
}

var fakeConsistency = &Consistency{
	Young: func(st *State, since time.Time) map[string]bool {
		ids := map[string]bool{}
		for n, it := range fakeState.Of(st).Items {
			if it.CreatedAt.After(since) {
				ids[n] = true
			}
		}
		return ids
	},
	Members: []Member{{Name: "Name", NotFound: fakeNotFound}},
	Hide: func(op string, out any, young map[string]bool) any {
		o, ok := out.(*fakeOut)
		if !ok || op != "List" {
			return out
		}
		var kept []string
		for _, n := range o.Names {
			if !young[n] {
				kept = append(kept, n)
			}
		}
		return &fakeOut{Names: kept, NextToken: o.NextToken}
	},
}

// fakeRESTIn binds labels and query members.
type fakeRESTIn struct {
	Name       string  `json:"-" uri:"name"`
	Key        string  `json:"-" uri:"key"`
	MaxResults *int32  `json:"-" query:"maxResults"`
	NextToken  *string `json:"-" query:"nextToken"`
	Force      *bool   `json:"-" query:"force"`
	Body       *string `json:"body"`
}

func init() {
	Register(&Service{
		Name:     "fakejson",
		Protocol: AWSJSON("1.0", "Fake_20260101", "com.example.fake.v20260101.Fake_20260101"),
		Ops: map[string]*Op{
			"Put":  JSONOp(true, fakePut),
			"Get":  JSONOp(false, fakeGet),
			"List": JSONOp(false, fakeList),
		},
		Throttle:    fakeThrottle,
		ServerFault: fakeFault,
		ConcurrentModification: func() *Error {
			return &Error{Status: 409, Code: "FakeConflict", Message: "conflict"}
		},
		Rate:        Bucket{Name: "fakebucket", Rate: Rate{RPS: 5, Burst: 5}, Aliases: []string{"fakealias"}},
		Consistency: fakeConsistency,
	})
	Register(&Service{
		Name: "fakerest",
		Protocol: RESTJSON(RESTOptions{
			BadRequest: func(d string) *Error {
				return &Error{Status: 400, Code: "BadRequestException", Type: "InvalidInputException", Message: "bad input: " + d}
			},
		}),
		Ops: map[string]*Op{
			"CreateThing": RESTOp("POST", "/things", 200, true, func(c *Call, in *fakeRESTIn) (*fakeOut, *Error) {
				return fakePut(c, &fakeIn{Name: in.Body})
			}),
			"GetThing": RESTOp("GET", "/things/{name}", 0, false, func(c *Call, in *fakeRESTIn) (*fakeOut, *Error) {
				return fakeGet(c, &fakeIn{Name: &in.Name})
			}),
			"GetThingAdmin": RESTOp("GET", "/things/{name}/admin", 0, false, func(c *Call, in *fakeRESTIn) (*fakeOut, *Error) {
				return &fakeOut{Name: "admin of " + in.Name}, nil
			}),
			"ListThings": RESTOp("GET", "/things", 0, false, func(c *Call, in *fakeRESTIn) (*fakeOut, *Error) {
				return fakeList(c, &fakeIn{MaxResults: in.MaxResults, NextToken: in.NextToken})
			}),
			"DeleteThing": RESTOp("DELETE", "/things/{name}", 204, true, func(c *Call, in *fakeRESTIn) (*struct{}, *Error) {
				delete(fakeState.Of(c.State).Items, in.Name)
				return &struct{}{}, nil
			}),
			"GetFile": RESTOp("GET", "/files/{key+}", 0, false, func(c *Call, in *fakeRESTIn) (*fakeOut, *Error) {
				return &fakeOut{Name: in.Key, Ready: in.Force != nil && *in.Force}, nil
			}),
		},
		Throttle: func() *Error {
			return &Error{Status: 429, Code: "TooManyRequestsException", Message: "Too Many Requests"}
		},
		ServerFault: fakeFault,
	})
	Register(&Service{
		Name:     "fakequery",
		Protocol: AWSQuery("2026-01-01", "https://fake.example/doc/2026-01-01/"),
		Ops: map[string]*Op{
			"Echo": QueryOp(false, func(c *Call, form url.Values) (any, *Error) {
				return struct{ Said, Region string }{Said: form.Get("Say"), Region: c.Region}, nil
			}),
		},
		Throttle:    fakeThrottle,
		ServerFault: fakeFault,
	})
}

// fakeEnv is a sandbox served in process with raw requests to it.
type fakeEnv struct {
	t     *testing.T
	sb    *Sandbox
	path  string
	clock *coretest.Clock
}

func newFakeEnv(t *testing.T, opts ...Option) *fakeEnv {
	t.Helper()
	clock := coretest.NewClock()
	path := filepath.Join(t.TempDir(), "state.json")
	sb, err := Init(path, append([]Option{WithClock(clock.Now)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	e := &fakeEnv{t: t, sb: sb, path: path, clock: clock}
	t.Cleanup(func() { e.sb.Close() })
	return e
}

func (e *fakeEnv) reopen(opts ...Option) {
	e.t.Helper()
	e.sb.Close()
	sb, err := Open(e.path, append([]Option{WithClock(e.clock.Now)}, opts...)...)
	if err != nil {
		e.t.Fatal(err)
	}
	e.sb = sb
}

type response struct {
	status int
	header http.Header
	body   string
}

// json decodes the body as a JSON object.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	return m
}

func (e *fakeEnv) auth(service, region string) string {
	return coretest.Auth(e.sb.Credentials().AccessKeyID, service, region)
}

func (e *fakeEnv) do(method, path string, header map[string]string, body string) response {
	status, h, data := coretest.Do(e.sb.Handler(), method, path, header, body)
	return response{status, h, data}
}

// call sends an awsJson request to fakejson.
func (e *fakeEnv) call(op, body string) response {
	return e.do("POST", "/", map[string]string{"Authorization": e.auth("fakejson", "us-east-1"),
		"X-Amz-Target": "Fake_20260101." + op, "Content-Type": "application/x-amz-json-1.0"}, body)
}

// rest sends a restJson1 request to fakerest.
func (e *fakeEnv) rest(method, path, body string) response {
	return e.do(method, path, map[string]string{"Authorization": e.auth("fakerest", "eu-west-1"),
		"Content-Type": "application/json"}, body)
}
