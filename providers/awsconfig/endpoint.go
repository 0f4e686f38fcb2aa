package awsconfig

import (
	"context"
	"net"
	"net/url"
	"regexp"
	"strings"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// An --endpoint-url is either a sandbox on this machine or one of AWS's
// own endpoints reached another way: a VPC interface endpoint, a FIPS
// endpoint, a dual-stack one. Only the first may change how orgctl paces
// itself; the second is AWS, with AWS's limits.

// LocalEndpoint reports whether endpoint is on this machine (a loopback
// address or localhost), as the sandbox is unless served with
// --allow-remote. AWS's endpoints never are.
func LocalEndpoint(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// awsDomains are the DNS suffixes of AWS's endpoints, in every partition.
var awsDomains = []string{".amazonaws.com", ".amazonaws.com.cn", ".api.aws", ".api.amazonwebservices.com.cn",
	".c2s.ic.gov", ".sc2s.sgov.gov"}

// reRegion is a region name: us-west-2, us-gov-west-1, cn-north-1,
// eu-isoe-west-1.
var reRegion = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// EndpointRegion returns the region an AWS endpoint URL names, or "" for
// one that names none or is not AWS's: organizations-fips.us-west-2.
// amazonaws.com and vpce-0a1b.organizations.us-west-2.vpce.amazonaws.com
// are us-west-2. Requests to it must be signed for that region, whatever
// the client's region is.
func EndpointRegion(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	aws := false
	for _, d := range awsDomains {
		if strings.HasSuffix(host, d) {
			aws = true
			host = strings.TrimSuffix(host, d)
			break
		}
	}
	if !aws {
		return ""
	}
	labels := strings.Split(host, ".")
	for i := len(labels) - 1; i >= 0; i-- {
		if reRegion.MatchString(labels[i]) {
			return labels[i]
		}
	}
	return ""
}

// signFor makes every request sign for region: the SDK signs a request to
// a BaseEndpoint for the client's region, which a regional endpoint of
// another region refuses.
func signFor(region string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		m := middleware.FinalizeMiddlewareFunc("orgctl.SigningRegion",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
				return next.HandleFinalize(awsmiddleware.SetSigningRegion(ctx, region), in)
			})
		// Before everything that signs: the retry loop, else the front.
		if _, ok := stack.Finalize.Get("Retry"); ok {
			return stack.Finalize.Insert(m, "Retry", middleware.Before)
		}
		return stack.Finalize.Add(m, middleware.Before)
	}
}
