package awsapi

import (
	"errors"
	"fmt"

	"github.com/aws/smithy-go"
)

// Error is an AWS error shortened to what a user needs: the operation,
// AWS's error code (with its reason, when the service gives one), its
// message and, where orgctl knows one, what to do about it. The SDK's
// error stays wrapped for errors.As.
type Error struct {
	Op, Code, Message, Hint string
	err                     error
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s: AWS said %s: %s", e.Op, e.Code, e.Message)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.err }

// Errors describes how one service's errors read.
type Errors struct {
	// Hints by error code: what the user can do.
	Hints map[string]string
	// Reason, when set, returns the reason member some errors carry
	// (Organizations' ConstraintViolationException), or "".
	Reason func(error) string
}

// Wrap turns err from operation op into an *Error; an error that is not
// AWS's (a cancelled context, a network failure) is only prefixed with op.
// nil stays nil.
func (e Errors) Wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("%s: %w", op, err)
	}
	code := apiErr.ErrorCode()
	if e.Reason != nil {
		if r := e.Reason(err); r != "" {
			code += " (" + r + ")"
		}
	}
	hint := e.Hints[apiErr.ErrorCode()]
	if hint == "" {
		hint = commonHints[apiErr.ErrorCode()]
	}
	return &Error{Op: op, Code: code, Message: apiErr.ErrorMessage(), Hint: hint, err: err}
}

// commonHints apply to every service unless it says otherwise.
var commonHints = map[string]string{
	"AccessDeniedException": "the credentials lack this permission; `orgctl iam-policy` prints the policy orgctl needs",
	"AccessDenied":          "the credentials lack this permission; `orgctl iam-policy` prints the policy orgctl needs",
}

// Code returns the AWS error code of err, or "".
func Code(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}
