package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/big"
	"regexp"
)

// Alphabets used by AWS identifiers.
const (
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	digits     = "0123456789"
	upperKey   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" // access key IDs are base32-ish
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	secretSet  = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/"
)

// randString returns n characters drawn uniformly from alphabet.
func randString(alphabet string, n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(fmt.Sprintf("sandbox: crypto/rand failed: %v", err))
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

func randHex(n int) string {
	b := make([]byte, (n+1)/2)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("sandbox: crypto/rand failed: %v", err))
	}
	return hex.EncodeToString(b)[:n]
}

func newOrgID() string  { return "o-" + randString(lowerAlnum, 10) }
func newRootID() string { return "r-" + randString(lowerAlnum, 4) }

// newOUID returns ou-<rootpart>-<8>, where rootpart is the root ID without "r-".
func newOUID(rootID string) string {
	return "ou-" + rootID[len("r-"):] + "-" + randString(lowerAlnum, 8)
}

func newPolicyID() string { return "p-" + randString(lowerAlnum, 8) }

// newAccountID returns 12 digits that do not start with 0, as AWS account IDs
// in practice do not.
func newAccountID() string { return randString("123456789", 1) + randString(digits, 11) }

func newCreateRequestID() string { return "car-" + randHex(32) }

func newAccessKeyID(temporary bool) string {
	if temporary {
		return "ASIA" + randString(upperKey, 16)
	}
	return "AKIA" + randString(upperKey, 16)
}

func newSecretKey() string    { return randString(secretSet, 40) }
func newSessionToken() string { return "IQoJb3JpZ2luX2VjE" + randString(secretSet, 300) }
func newUserID() string       { return "AIDA" + randString(upperAlnum, 17) }
func newRoleID() string       { return "AROA" + randString(upperAlnum, 17) }
func newTokenKey() string     { return randHex(32) }

// newRequestID returns a UUID v4 string, the form of x-amzn-RequestId.
func newRequestID() string {
	h := randHex(32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// Patterns of the identifiers, from the Organizations model (tightened so that
// the alternations are anchored on both sides).
var (
	reRootID      = regexp.MustCompile(`^r-[0-9a-z]{4,32}$`)
	reOUID        = regexp.MustCompile(`^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`)
	reParentID    = regexp.MustCompile(`^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$`)
	reChildID     = regexp.MustCompile(`^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$`)
	reAccountID   = regexp.MustCompile(`^\d{12}$`)
	rePolicyID    = regexp.MustCompile(`^p-[0-9a-zA-Z_]{8,128}$`)
	reTargetID    = regexp.MustCompile(`^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$`)
	reTaggableID  = regexp.MustCompile(`^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|p-[0-9a-zA-Z_]{8,128}|rp-[0-9a-zA-Z_]{4,128}|rt-[0-9a-zA-Z_]{8,32})$`)
	reCreateReqID = regexp.MustCompile(`^car-[a-z0-9]{8,32}$`)
	reEmail       = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)
	rePrintable   = regexp.MustCompile(`^[\x20-\x7E]+$`)
	reRoleName    = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	rePrincipal   = regexp.MustCompile(`^[\w+=,.@-]*$`)
	reTagText     = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
)
