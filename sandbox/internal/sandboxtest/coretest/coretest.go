package coretest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// Clock is a settable clock for sandbox.WithClock, safe for the server's
// goroutines.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts at 2026-01-01 12:00 UTC, the time the tests' expected
// timestamps assume.
func NewClock() *Clock { return &Clock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)} }

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Do sends a request straight to h, for protocol edge cases the SDK never
// produces. A header with an empty value is not sent.
func Do(h http.Handler, method, path string, header map[string]string, body string) (int, http.Header, string) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for k, v := range header {
		if v != "" {
			req.Header.Set(k, v)
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	data, _ := io.ReadAll(w.Result().Body)
	return w.Code, w.Result().Header, string(data)
}

// Auth is an Authorization header for accessKey, signed for service in
// region (the sandbox reads the scope and does not check signatures).
func Auth(accessKey, service, region string) string {
	return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/20260101/" + region + "/" + service +
		"/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000"
}

// Seeded checks seeded faults: outcomes runs the same calls on a sandbox
// whose faults have the given seed and spells what each call got ('.' for
// success, 'T' for a throttle, '5' for a server error). The same seed must
// give the same outcomes, another seed others, and every kind must occur.
func Seeded(t *testing.T, outcomes func(seed int64) string) {
	t.Helper()
	a, b, c := outcomes(7), outcomes(7), outcomes(8)
	if a != b {
		t.Errorf("seed 7 gave different faults:\n%s\n%s", a, b)
	}
	if a == c {
		t.Errorf("seeds 7 and 8 gave the same faults: %s", a)
	}
	for _, want := range []string{".", "T", "5"} {
		if !strings.Contains(a, want) {
			t.Errorf("%d calls never gave %q: %s", len(a), want, a)
		}
	}
}

// JSONCase is a request to an awsJson service and what must come back.
type JSONCase struct {
	Name       string
	Target     string // X-Amz-Target
	Auth       string // Authorization; "" for none
	Body       string
	WantStatus int
	WantBody   map[string]string // members the answer's body must have
}

// CheckJSON sends each case to h as POST / with contentType, the
// protocol's, and checks the status and body of the answer: every body
// has a Message, and every answer the protocol's Content-Type and a
// request ID.
func CheckJSON(t *testing.T, h http.Handler, contentType string, cases []JSONCase) {
	t.Helper()
	for _, c := range cases {
		status, header, body := Do(h, "POST", "/", map[string]string{"X-Amz-Target": c.Target, "Authorization": c.Auth,
			"Content-Type": contentType}, c.Body)
		if status != c.WantStatus {
			t.Errorf("%s: status %d, want %d (%s)", c.Name, status, c.WantStatus, body)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Errorf("%s: body %q: %v", c.Name, body, err)
			continue
		}
		for k, v := range c.WantBody {
			if got[k] != v {
				t.Errorf("%s: %s = %v, want %q", c.Name, k, got[k], v)
			}
		}
		if _, ok := got["Message"]; !ok {
			t.Errorf("%s: no Message in %s", c.Name, body)
		}
		if header.Get("Content-Type") != contentType || header.Get("x-amzn-RequestId") == "" {
			t.Errorf("%s: headers %v", c.Name, header)
		}
	}
}

// Unwritten fails the test where do changes the file at path: its bytes
// or its modification time.
func Unwritten(t *testing.T, path string, do func()) {
	t.Helper()
	before, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	do()
	after, _ := os.ReadFile(path)
	info2, _ := os.Stat(path)
	if !bytes.Equal(before, after) || !info.ModTime().Equal(info2.ModTime()) {
		t.Error("a read changed the state file")
	}
}

// Parallel runs step(w, i) for each i below each in each of workers
// goroutines at once (for -race), and fails the test with the first error
// a step returned once all are done.
func Parallel(t *testing.T, workers, each int, step func(w, i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				errs <- step(w, i)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
