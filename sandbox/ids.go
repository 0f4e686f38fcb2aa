package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/big"
)

// Alphabets used by AWS identifiers.
const (
	LowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	Digits     = "0123456789"
	UpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	upperKey   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" // access key IDs are base32-ish
	secretSet  = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/"
)

// RandString returns n characters drawn uniformly from alphabet.
func RandString(alphabet string, n int) string {
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

// RandHex returns n random lower-case hex digits.
func RandHex(n int) string {
	b := make([]byte, (n+1)/2)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("sandbox: crypto/rand failed: %v", err))
	}
	return hex.EncodeToString(b)[:n]
}

// NewAccountID returns 12 digits that do not start with 0, as AWS account
// IDs in practice do not.
func NewAccountID() string { return RandString("123456789", 1) + RandString(Digits, 11) }

// NewAccessKeyID returns an AKIA (static) or ASIA (temporary) key ID.
func NewAccessKeyID(temporary bool) string {
	if temporary {
		return "ASIA" + RandString(upperKey, 16)
	}
	return "AKIA" + RandString(upperKey, 16)
}

func NewSecretKey() string    { return RandString(secretSet, 40) }
func NewSessionToken() string { return "IQoJb3JpZ2luX2VjE" + RandString(secretSet, 300) }
func NewUserID() string       { return "AIDA" + RandString(UpperAlnum, 17) }
func NewRoleID() string       { return "AROA" + RandString(UpperAlnum, 17) }
func newTokenKey() string     { return RandHex(32) }

// newRequestID returns a UUID v4 string, the form of x-amzn-RequestId.
func newRequestID() string { return NewUUID() }

// NewUUID returns a random UUID v4 string.
func NewUUID() string {
	h := RandHex(32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}
