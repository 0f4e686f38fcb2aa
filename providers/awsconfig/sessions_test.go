package awsconfig

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// fakeSTS answers GetCallerIdentity as the management account 111111111111
// and AssumeRole with credentials, and records the AssumeRole forms.
type fakeSTS struct {
	mu      sync.Mutex
	assumed []url.Values
}

func (f *fakeSTS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(b))
	w.Header().Set("Content-Type", "text/xml")
	switch form.Get("Action") {
	case "GetCallerIdentity":
		io.WriteString(w, `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111111111111</Account><Arn>arn:aws:iam::111111111111:user/me</Arn><UserId>AIDA</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>`)
	case "AssumeRole":
		f.mu.Lock()
		f.assumed = append(f.assumed, form)
		f.mu.Unlock()
		io.WriteString(w, `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::222222222222:assumed-role/R/orgctl</Arn><AssumedRoleId>AROA:orgctl</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`)
	}
}

func TestSessionsAssumeTheRoleInOtherAccountsOnce(t *testing.T) {
	f := &fakeSTS{}
	srv := httptest.NewServer(f)
	defer srv.Close()
	base := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")}
	s := NewSessions(base, SessionOptions{Role: "SecurityAdmin", ExternalID: "orgctl-42"})
	ctx := context.Background()

	mgmt, err := s.Account(ctx, "111111111111", "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := mgmt.Credentials.Retrieve(ctx); c.AccessKeyID != "AKID" || mgmt.Region != "eu-west-1" {
		t.Errorf("the management account's own credentials in eu-west-1, got %s in %s", c.AccessKeyID, mgmt.Region)
	}
	for _, region := range []string{"us-east-1", "eu-west-1", "us-east-1"} {
		cfg, err := s.Account(ctx, "222222222222", region)
		if err != nil {
			t.Fatal(err)
		}
		c, err := cfg.Credentials.Retrieve(ctx)
		if err != nil || c.AccessKeyID != "ASIA" || cfg.Region != region {
			t.Fatalf("%s: %v %v %s", region, c, err, cfg.Region)
		}
	}
	if len(f.assumed) != 1 {
		t.Fatalf("assumed the role %d times, want once for every region of the account", len(f.assumed))
	}
	got := f.assumed[0]
	if got.Get("RoleArn") != "arn:aws:iam::222222222222:role/SecurityAdmin" || got.Get("ExternalId") != "orgctl-42" || got.Get("RoleSessionName") != "orgctl" {
		t.Errorf("AssumeRole asked with %v", got)
	}
	if arn := s.RoleARN("333333333333", "us-gov-west-1"); !strings.HasPrefix(arn, "arn:aws-us-gov:iam::333333333333:") {
		t.Errorf("GovCloud role ARN %s", arn)
	}
}
