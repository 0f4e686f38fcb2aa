package awsconfig

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/organizations"
)

func TestEndpointKinds(t *testing.T) {
	tests := []struct {
		url    string
		local  bool
		region string
	}{
		{"http://127.0.0.1:4566", true, ""},
		{"http://localhost:4566", true, ""},
		{"http://[::1]:4566", true, ""},
		{"http://127.1.2.3:80", true, ""},
		{"http://sandbox.localhost:4566", true, ""},
		{"https://organizations.us-east-1.amazonaws.com", false, "us-east-1"},
		{"https://organizations-fips.us-west-2.amazonaws.com", false, "us-west-2"},
		{"https://organizations.us-gov-west-1.amazonaws.com", false, "us-gov-west-1"},
		{"https://vpce-0a1b2c3d-e4f5.organizations.us-west-2.vpce.amazonaws.com", false, "us-west-2"},
		{"https://guardduty.eu-west-1.api.aws", false, "eu-west-1"},
		{"https://organizations.cn-northwest-1.amazonaws.com.cn", false, "cn-northwest-1"},
		{"https://ORGANIZATIONS.US-WEST-2.AMAZONAWS.COM", false, "us-west-2"},
		{"https://organizations.amazonaws.com", false, ""},
		{"https://proxy.example.com/us-west-2", false, ""},
		{"https://us-west-2.example.com", false, ""},
		{"http://10.0.0.5:4566", false, ""},
		{"not a url\x7f", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got := LocalEndpoint(tt.url); got != tt.local {
				t.Errorf("LocalEndpoint = %v, want %v", got, tt.local)
			}
			if got := EndpointRegion(tt.url); got != tt.region {
				t.Errorf("EndpointRegion = %q, want %q", got, tt.region)
			}
		})
	}
}

// A request to a regional endpoint of another region than the client's is
// signed for the endpoint's region; the client's own region is kept for
// everything else. The endpoint is reached through a transport that sends
// every request to a local server, which records the signature's scope.
func TestRegionalEndpointIsSignedForItsRegion(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var scopes, hosts []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		scopes = append(scopes, r.Header.Get("Authorization"))
		hosts = append(hosts, r.Host)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Write([]byte(`{"Roots":[]}`))
	}))
	defer srv.Close()
	target, _ := url.Parse(srv.URL)

	for _, tt := range []struct{ endpoint, clientRegion, want string }{
		{"https://organizations-fips.us-west-2.amazonaws.com", "eu-west-1", "/us-west-2/organizations/aws4_request"},
		{"https://vpce-0a1b.organizations.us-gov-west-1.vpce.amazonaws.com", "", "/us-gov-west-1/organizations/aws4_request"},
		{"http://127.0.0.1:1", "eu-west-1", "/eu-west-1/organizations/aws4_request"},
	} {
		cfg, err := Load(context.Background(), Options{EndpointURL: tt.endpoint, Region: tt.clientRegion, AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"})
		if err != nil {
			t.Fatal(err)
		}
		cfg.HTTPClient = &http.Client{Transport: redirect{target}}
		if _, err := organizations.NewFromConfig(cfg).ListRoots(context.Background(), nil); err != nil {
			t.Fatalf("%s: %v", tt.endpoint, err)
		}
		mu.Lock()
		got, host := scopes[len(scopes)-1], hosts[len(hosts)-1]
		mu.Unlock()
		if !strings.Contains(got, tt.want) {
			t.Errorf("%s with region %q: signed %q, want the scope %s", tt.endpoint, tt.clientRegion, got, tt.want)
		}
		if u, _ := url.Parse(tt.endpoint); host != u.Host {
			t.Errorf("%s: request went to host %q", tt.endpoint, host)
		}
	}
	if cfg, _ := Load(context.Background(), Options{EndpointURL: "https://organizations-fips.us-west-2.amazonaws.com", AccessKeyID: "A", SecretAccessKey: "S"}); cfg.Region != "us-west-2" {
		t.Errorf("with no region, the endpoint's is the client's: got %q", cfg.Region)
	}
}

// redirect sends every request to target, keeping its Host header.
type redirect struct{ target *url.URL }

func (r redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	if req.Host == "" {
		req.Host = req.URL.Host
	}
	req.URL.Scheme, req.URL.Host = r.target.Scheme, r.target.Host
	return http.DefaultTransport.RoundTrip(req)
}
