package organizations

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/sandbox/internal/sandboxtest/coretest"
)

// Protocol edge cases the SDK never produces, sent as raw HTTP.

const jsonType = "application/x-amz-json-1.1"

func TestAWSJSONProtocol(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	auth := e.Auth("organizations")
	coretest.CheckJSON(t, e.SB.Handler(), jsonType, []coretest.JSONCase{
		{Name: "missing Authorization", Target: "AWSOrganizationsV20161128.ListAccounts", Body: "{}", WantStatus: 400,
			WantBody: map[string]string{"__type": "MissingAuthenticationTokenException", "Message": "Missing Authentication Token"}},
		{Name: "unknown access key", Target: "AWSOrganizationsV20161128.ListAccounts",
			Auth: "AWS4-HMAC-SHA256 Credential=AKIANOTISSUED0000000/20260101/us-east-1/organizations/aws4_request, Signature=0", Body: "{}", WantStatus: 400,
			WantBody: map[string]string{"__type": "UnrecognizedClientException", "Message": "The security token included in the request is invalid."}},
		{Name: "unknown operation", Target: "AWSOrganizationsV20161128.DoSomething", Auth: auth, Body: "{}", WantStatus: 400,
			WantBody: map[string]string{"__type": "UnknownOperationException"}},
		{Name: "wrong target prefix", Target: "DynamoDB_20120810.ListTables", Auth: auth, Body: "{}", WantStatus: 400,
			WantBody: map[string]string{"__type": "UnknownOperationException"}},
		{Name: "malformed JSON", Target: "AWSOrganizationsV20161128.ListAccounts", Auth: auth, Body: "{", WantStatus: 400,
			WantBody: map[string]string{"__type": "SerializationException"}},
		{Name: "wrong member type", Target: "AWSOrganizationsV20161128.ListAccounts", Auth: auth, Body: `{"MaxResults":"ten"}`, WantStatus: 400,
			WantBody: map[string]string{"__type": "SerializationException"}},
		{Name: "modeled extra member", Target: "AWSOrganizationsV20161128.ListAccounts", Auth: auth, Body: `{"MaxResults":50}`, WantStatus: 400,
			WantBody: map[string]string{"__type": "InvalidInputException", "Reason": "MAX_VALUE_EXCEEDED"}},
		// AWS answers 400 where the model says 409 or 404 (wireErrors).
		{Name: "conflict status", Target: "AWSOrganizationsV20161128.CloseAccount", Auth: auth, Body: `{"AccountId":"` + e.SB.ManagementAccountID() + `"}`, WantStatus: 400,
			WantBody: map[string]string{"__type": "ConstraintViolationException", "Reason": "CANNOT_CLOSE_MANAGEMENT_ACCOUNT"}},
		{Name: "not found status", Target: "AWSOrganizationsV20161128.DescribeAccount", Auth: auth, Body: `{"AccountId":"123456789012"}`, WantStatus: 400,
			WantBody: map[string]string{"__type": "AccountNotFoundException", "Message": "You specified an account that doesn't exist."}},
	})

	// Timestamps are epoch seconds (numbers); an empty body counts as {}.
	status, _, body := e.Raw("POST", "/", map[string]string{"X-Amz-Target": "AWSOrganizationsV20161128.ListAccounts", "Authorization": auth,
		"Content-Type": jsonType}, "")
	var out struct {
		Accounts []map[string]any
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || status != 200 {
		t.Fatalf("ListAccounts: %d %s", status, body)
	}
	if ts, ok := out.Accounts[0]["JoinedTimestamp"].(float64); !ok || int64(ts) != e.Clock.Now().Unix() {
		t.Errorf("JoinedTimestamp = %#v", out.Accounts[0]["JoinedTimestamp"])
	}
	if strings.Contains(body, "NextToken") {
		t.Errorf("NextToken on the last page: %s", body)
	}
}

func TestCallsCounter(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.RootID()
	e.RootID()
	_, _ = e.Org.DescribeAccount(e.Ctx, &organizations.DescribeAccountInput{AccountId: aws.String("123456789012")})
	_, _ = e.STS.GetCallerIdentity(e.Ctx, nil)
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
