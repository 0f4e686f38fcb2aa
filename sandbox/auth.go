package sandbox

import (
	"net/http"
	"strings"
)

// authFailure is why a request could not be authenticated.
type authFailure int

const (
	authNone       authFailure = iota
	authMissing                // no Authorization header
	authMalformed              // an Authorization header that is not SigV4
	authUnknownKey             // access key or session token not issued by the sandbox
	authExpired                // temporary credentials past their expiration
)

// sigv4Credential is the credential scope of a SigV4 signature.
type sigv4Credential struct {
	accessKey string
	region    string
	service   string
}

// parseAuthorization reads the SigV4 credential scope from the Authorization
// header (or, for presigned URLs, the X-Amz-Credential query parameter):
// "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/SERVICE/aws4_request, ...".
//
// The signature itself is deliberately not verified: the sandbox is a local
// test double, and the secret key is only checked to exist with the access
// key. Routing and identity come from the scope and the access key.
func parseAuthorization(r *http.Request) (sigv4Credential, authFailure) {
	scope := ""
	if h := r.Header.Get("Authorization"); h != "" {
		alg, rest, _ := strings.Cut(h, " ")
		if alg != "AWS4-HMAC-SHA256" {
			return sigv4Credential{}, authMalformed
		}
		for part := range strings.SplitSeq(rest, ",") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(part), "Credential="); ok {
				scope = v
			}
		}
		if scope == "" {
			return sigv4Credential{}, authMalformed
		}
	} else if v := r.URL.Query().Get("X-Amz-Credential"); v != "" {
		scope = v
	} else {
		return sigv4Credential{}, authMissing
	}
	parts := strings.Split(scope, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" || parts[0] == "" || parts[3] == "" {
		return sigv4Credential{}, authMalformed
	}
	return sigv4Credential{accessKey: parts[0], region: parts[2], service: parts[3]}, authNone
}

// regionGate is the registered rule for the Regions an account's
// credentials work in; nil leaves every Region open.
var regionGate func(c *Call) bool

// RegisterRegionGate sets the rule for which Regions an account's
// credentials work in, from the init of the service that keeps Regions'
// opt-in status: open reports whether c.Caller's account may call in
// c.Region. AWS knows an account's credentials in an opt-in Region only
// once the account has enabled it there, and refuses any other request
// as it refuses a key it does not know, whatever the service. Without a
// gate every Region is open. Registering two is a programming error.
func RegisterRegionGate(open func(c *Call) bool) {
	regMu.Lock()
	defer regMu.Unlock()
	if regionGate != nil {
		panic("sandbox: region gate registered twice")
	}
	regionGate = open
}

// regionOpen reports whether the authenticated caller of c may call in
// c.Region.
func regionOpen(c *Call) bool {
	regMu.Lock()
	open := regionGate
	regMu.Unlock()
	return open == nil || open(c)
}
