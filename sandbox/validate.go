package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// violationKind is which model constraint an input broke. Services map kinds
// to their own errors (Organizations: InvalidInputException with a Reason).
type violationKind int

const (
	violationRequired violationKind = iota
	violationMinLength
	violationMaxLength
	violationPattern
	violationEnum
	violationMinValue
	violationMaxValue
)

// violation is the first constraint an input broke.
type violation struct {
	kind    violationKind
	field   string
	message string
}

// validator checks inputs against the model's constraints (lengths count
// Unicode code points, as Smithy does) and keeps the first violation.
type validator struct {
	v *violation
}

func (v *validator) fail(kind violationKind, field, format string, args ...any) {
	if v.v == nil {
		v.v = &violation{kind: kind, field: field, message: fmt.Sprintf(format, args...)}
	}
}

// str checks an optional or required string member.
func (v *validator) str(field string, s *string, required bool, min, max int, re *regexp.Regexp) {
	if s == nil {
		if required {
			v.fail(violationRequired, field, "You must specify a value for %s.", field)
		}
		return
	}
	v.text(field, *s, min, max, re)
}

// text checks a present string.
func (v *validator) text(field, s string, min, max int, re *regexp.Regexp) {
	n := utf8.RuneCountInString(s)
	switch {
	case n < min:
		v.fail(violationMinLength, field, "The value of %s is shorter than the minimum length of %d.", field, min)
	case max > 0 && n > max:
		v.fail(violationMaxLength, field, "The value of %s is longer than the maximum length of %d.", field, max)
	case re != nil && !re.MatchString(s):
		v.fail(violationPattern, field, "The value %q of %s doesn't match the required pattern.", s, field)
	}
}

// enum checks an optional or required enum member.
func (v *validator) enum(field string, s *string, required bool, allowed []string) {
	if s == nil {
		if required {
			v.fail(violationRequired, field, "You must specify a value for %s.", field)
		}
		return
	}
	if !slices.Contains(allowed, *s) {
		v.fail(violationEnum, field, "You specified an invalid value %q for %s. Valid values: %s.", *s, field, strings.Join(allowed, ", "))
	}
}

// intRange checks an optional integer member.
func (v *validator) intRange(field string, n *int32, min, max int32) {
	switch {
	case n == nil:
	case *n < min:
		v.fail(violationMinValue, field, "The value %d of %s is smaller than the minimum of %d.", *n, field, min)
	case *n > max:
		v.fail(violationMaxValue, field, "The value %d of %s is larger than the maximum of %d.", *n, field, max)
	}
}

// Pagination. A NextToken is opaque to callers: it carries the offset of the
// next page and the operation and filters it belongs to, signed with the
// state's token key so that a forged or foreign token is rejected.

const defaultPageSize = 20

// page returns the bounds of the page of total items that maxResults and
// token select, and the token for the next page (nil on the last page).
// ok is false when the token is invalid.
func (c *call) page(scope string, total int, maxResults *int32, token *string) (start, end int, next *string, ok bool) {
	if token != nil {
		start, ok = c.parseToken(scope, *token)
		if !ok {
			return 0, 0, nil, false
		}
	}
	start = min(start, total)
	size := defaultPageSize
	if maxResults != nil {
		size = int(*maxResults)
	}
	end = min(start+size, total)
	if end < total {
		t := c.makeToken(scope, end)
		next = &t
	}
	return start, end, next, true
}

func (c *call) tokenMAC(payload string) []byte {
	m := hmac.New(sha256.New, []byte(c.st.TokenKey))
	m.Write([]byte(payload))
	return m.Sum(nil)[:16]
}

func (c *call) makeToken(scope string, offset int) string {
	payload := strconv.Itoa(offset) + "\x00" + scope
	enc := base64.RawURLEncoding
	return enc.EncodeToString([]byte(payload)) + "." + enc.EncodeToString(c.tokenMAC(payload))
}

func (c *call) parseToken(scope, token string) (int, bool) {
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
