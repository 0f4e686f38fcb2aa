package organizations

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/traits"
	"github.com/google/go-cmp/cmp"
)

// Protocol edge cases the SDK never produces, sent as raw HTTP.

type rawResponse struct {
	status int
	header http.Header
	body   string
}

func (e *env) raw(method, target, auth, contentType, body string) rawResponse {
	e.T.Helper()
	req := httptest.NewRequest(method, "/", strings.NewReader(body))
	if target != "" {
		req.Header.Set("X-Amz-Target", target)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", contentType)
	w := httptest.NewRecorder()
	e.SB.Handler().ServeHTTP(w, req)
	data, _ := io.ReadAll(w.Result().Body)
	return rawResponse{w.Code, w.Result().Header, string(data)}
}

func (e *env) authFor(service string) string {
	return "AWS4-HMAC-SHA256 Credential=" + e.SB.Credentials().AccessKeyID + "/20260101/us-east-1/" + service +
		"/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000"
}

const jsonType = "application/x-amz-json-1.1"

func TestAWSJSONProtocol(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	auth := e.authFor("organizations")
	cases := []struct {
		name       string
		target     string
		auth       string
		body       string
		wantStatus int
		wantBody   map[string]string
	}{
		{"missing Authorization", "AWSOrganizationsV20161128.ListAccounts", "", "{}", 400,
			map[string]string{"__type": "MissingAuthenticationTokenException", "Message": "Missing Authentication Token"}},
		{"unknown access key", "AWSOrganizationsV20161128.ListAccounts",
			"AWS4-HMAC-SHA256 Credential=AKIANOTISSUED0000000/20260101/us-east-1/organizations/aws4_request, Signature=0", "{}", 400,
			map[string]string{"__type": "UnrecognizedClientException", "Message": "The security token included in the request is invalid."}},
		{"unknown operation", "AWSOrganizationsV20161128.DoSomething", auth, "{}", 400,
			map[string]string{"__type": "UnknownOperationException"}},
		{"wrong target prefix", "DynamoDB_20120810.ListTables", auth, "{}", 400,
			map[string]string{"__type": "UnknownOperationException"}},
		{"malformed JSON", "AWSOrganizationsV20161128.ListAccounts", auth, "{", 400,
			map[string]string{"__type": "SerializationException"}},
		{"wrong member type", "AWSOrganizationsV20161128.ListAccounts", auth, `{"MaxResults":"ten"}`, 400,
			map[string]string{"__type": "SerializationException"}},
		{"modeled extra member", "AWSOrganizationsV20161128.ListAccounts", auth, `{"MaxResults":50}`, 400,
			map[string]string{"__type": "InvalidInputException", "Reason": "MAX_VALUE_EXCEEDED"}},
		{"conflict status", "AWSOrganizationsV20161128.CloseAccount", auth, `{"AccountId":"` + e.SB.ManagementAccountID() + `"}`, 409,
			map[string]string{"__type": "ConstraintViolationException", "Reason": "CANNOT_CLOSE_MANAGEMENT_ACCOUNT"}},
		{"not found status", "AWSOrganizationsV20161128.DescribeAccount", auth, `{"AccountId":"123456789012"}`, 404,
			map[string]string{"__type": "AccountNotFoundException"}},
	}
	for _, c := range cases {
		r := e.raw("POST", c.target, c.auth, jsonType, c.body)
		if r.status != c.wantStatus {
			t.Errorf("%s: status %d, want %d (%s)", c.name, r.status, c.wantStatus, r.body)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(r.body), &got); err != nil {
			t.Errorf("%s: body %q: %v", c.name, r.body, err)
			continue
		}
		for k, v := range c.wantBody {
			if got[k] != v {
				t.Errorf("%s: %s = %v, want %q", c.name, k, got[k], v)
			}
		}
		if _, ok := got["Message"]; !ok {
			t.Errorf("%s: no Message in %s", c.name, r.body)
		}
		if r.header.Get("Content-Type") != jsonType || r.header.Get("x-amzn-RequestId") == "" {
			t.Errorf("%s: headers %v", c.name, r.header)
		}
	}

	// Timestamps are epoch seconds (numbers); an empty body counts as {}.
	r := e.raw("POST", "AWSOrganizationsV20161128.ListAccounts", auth, jsonType, "")
	var out struct {
		Accounts []map[string]any
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || r.status != 200 {
		t.Fatalf("ListAccounts: %d %s", r.status, r.body)
	}
	if ts, ok := out.Accounts[0]["JoinedTimestamp"].(float64); !ok || int64(ts) != e.Clock.Now().Unix() {
		t.Errorf("JoinedTimestamp = %#v", out.Accounts[0]["JoinedTimestamp"])
	}
	if strings.Contains(r.body, "NextToken") {
		t.Errorf("NextToken on the last page: %s", r.body)
	}
}

func TestCallsCounter(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.rootID()
	e.rootID()
	_, _ = e.org.DescribeAccount(e.Ctx, &organizations.DescribeAccountInput{AccountId: aws.String("123456789012")})
	_, _ = e.sts.GetCallerIdentity(e.Ctx, nil)
	want := map[string]int{
		"organizations:ListRoots":       2,
		"organizations:DescribeAccount": 1, // an error still counts
		"sts:GetCallerIdentity":         1,
	}
	if diff := cmp.Diff(want, e.SB.Calls()); diff != "" {
		t.Errorf("Calls (-want +got):\n%s", diff)
	}
	resp, err := http.Get(e.URL + "/_sandbox/calls")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got map[string]int
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /_sandbox/calls: %d %v", resp.StatusCode, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GET /_sandbox/calls (-want +got):\n%s", diff)
	}
	resp2, err := http.PostForm(e.URL+"/_sandbox/calls", url.Values{})
	if err == nil {
		resp2.Body.Close()
		if resp2.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST /_sandbox/calls: %d", resp2.StatusCode)
		}
	}
}

// TestOrganizationsErrorStatuses checks the HTTP status of every error the
// sandbox sends against the SDK's model.
func TestOrganizationsErrorStatuses(t *testing.T) {
	t.Parallel()
	for code, status := range orgErrorStatus {
		entry, ok := organizations.TypeRegistry.Entries["com.amazonaws.organizations#"+code]
		if !ok {
			t.Errorf("%s is not an Organizations error", code)
			continue
		}
		trait, ok := smithy.SchemaTrait[*traits.HTTPError](entry.Schema)
		if !ok || trait.Code != status {
			t.Errorf("%s: status %d, the model says %v", code, status, trait)
		}
	}
}
