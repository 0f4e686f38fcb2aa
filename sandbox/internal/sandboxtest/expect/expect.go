package expect

import (
	"errors"
	"testing"

	"github.com/aws/smithy-go"
)

// Check fails the named case where err does not meet want.
func Check(t *testing.T, name string, err error, want func(error) string) {
	t.Helper()
	if msg := want(err); msg != "" {
		t.Errorf("%s: %s", name, msg)
	}
}

// OK expects no error.
func OK(err error) string {
	if err != nil {
		return "unexpected error " + err.Error()
	}
	return ""
}

// Code expects an API error with the given code.
func Code(code string) func(error) string {
	return func(err error) string {
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != code {
			return "error " + ErrString(err) + ", want code " + code
		}
		return ""
	}
}

// ErrString is err's message, or "<nil>".
func ErrString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
