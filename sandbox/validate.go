package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ViolationKind is which model constraint an input broke. Services map
// kinds to their own errors (one sends InvalidInputException with a Reason,
// another ValidationException).
type ViolationKind int

const (
	ViolationRequired ViolationKind = iota
	ViolationMinLength
	ViolationMaxLength
	ViolationPattern
	ViolationEnum
	ViolationMinValue
	ViolationMaxValue
)

// Violation is the first constraint an input broke.
type Violation struct {
	Kind    ViolationKind
	Field   string
	Message string
}

// Validator checks inputs against the model's constraints (lengths count
// Unicode code points, as Smithy does) and keeps the first violation.
type Validator struct {
	V *Violation
}

// Fail records a violation unless one is recorded already.
func (v *Validator) Fail(kind ViolationKind, field, format string, args ...any) {
	if v.V == nil {
		v.V = &Violation{Kind: kind, Field: field, Message: fmt.Sprintf(format, args...)}
	}
}

// Str checks an optional or required string member.
func (v *Validator) Str(field string, s *string, required bool, min, max int, re Matcher) {
	if s == nil {
		if required {
			v.Fail(ViolationRequired, field, "You must specify a value for %s.", field)
		}
		return
	}
	v.Text(field, *s, min, max, re)
}

// Text checks a present string.
func (v *Validator) Text(field, s string, min, max int, re Matcher) {
	n := utf8.RuneCountInString(s)
	switch {
	case n < min:
		v.Fail(ViolationMinLength, field, "The value of %s is shorter than the minimum length of %d.", field, min)
	case max > 0 && n > max:
		v.Fail(ViolationMaxLength, field, "The value of %s is longer than the maximum length of %d.", field, max)
	case re != nil && !re.MatchString(s):
		v.Fail(ViolationPattern, field, "The value %q of %s doesn't match the required pattern.", s, field)
	}
}

// Enum checks an optional or required enum member.
func (v *Validator) Enum(field string, s *string, required bool, allowed []string) {
	if s == nil {
		if required {
			v.Fail(ViolationRequired, field, "You must specify a value for %s.", field)
		}
		return
	}
	if !slices.Contains(allowed, *s) {
		v.Fail(ViolationEnum, field, "You specified an invalid value %q for %s. Valid values: %s.", *s, field, strings.Join(allowed, ", "))
	}
}

// IntRange checks an optional integer member.
func (v *Validator) IntRange(field string, n *int32, min, max int32) {
	switch {
	case n == nil:
	case *n < min:
		v.Fail(ViolationMinValue, field, "The value %d of %s is smaller than the minimum of %d.", *n, field, min)
	case *n > max:
		v.Fail(ViolationMaxValue, field, "The value %d of %s is larger than the maximum of %d.", *n, field, max)
	}
}

// Pagination. A NextToken is opaque to callers: it carries the offset of the
// next page and the operation and filters it belongs to, signed with the
// state's token key so that a forged or foreign token is rejected, and a
// token survives a restart.

// Page returns the bounds of the page of total items that size and token
// select, and the token for the next page (nil on the last page). scope
// ties the token to the operation and its filters. ok is false when the
// token is invalid.
func (c *Call) Page(scope string, total, size int, token *string) (start, end int, next *string, ok bool) {
	if token != nil {
		start, ok = c.parseToken(scope, *token)
		if !ok {
			return 0, 0, nil, false
		}
	}
	start = min(start, total)
	end = min(start+size, total)
	if end < total {
		t := c.makeToken(scope, end)
		next = &t
	}
	return start, end, next, true
}

func (c *Call) tokenMAC(payload string) []byte {
	m := hmac.New(sha256.New, []byte(c.State.tokenKey))
	m.Write([]byte(payload))
	return m.Sum(nil)[:16]
}

func (c *Call) makeToken(scope string, offset int) string {
	payload := strconv.Itoa(offset) + "\x00" + scope
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(c.tokenMAC(payload))
}

func (c *Call) parseToken(scope, token string) (int, bool) {
	enc := base64.RawURLEncoding
	p, m, found := strings.Cut(token, ".")
	if !found {
		return 0, false
	}
	payload, err1 := enc.DecodeString(p)
	mac, err2 := enc.DecodeString(m)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, c.tokenMAC(string(payload))) {
		return 0, false
	}
	off, sc, _ := strings.Cut(string(payload), "\x00")
	n, err := strconv.Atoi(off)
	if err != nil || n < 0 || sc != scope {
		return 0, false
	}
	return n, true
}
