package securityhub

import (
	"errors"
	"strings"

	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

var errs = awsapi.Errors{Hints: map[string]string{
	"UnrecognizedClientException": "the region may be an opt-in region not enabled for this account: enable it, or remove it from settings.regions",
}}

func apiError(op string, err error) error { return errs.Wrap(op, err) }

// message returns the message of AWS's error err with code, or false.
func message(err error, code string) (string, bool) {
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		return "", false
	}
	return ae.ErrorMessage(), true
}

// settling reports whether err is what Security Hub answers a new
// administrator for a while after its designation (peers retry it for
// minutes: terraform-provider-aws #23079, #38043).
func settling(err error) bool {
	msg, ok := message(err, "InvalidAccessException")
	return ok && (strings.Contains(msg, "is not an administrator for this organization") || strings.Contains(msg, "is not subscribed to AWS Security Hub"))
}

// notCentral reports whether err says central configuration is not (yet)
// enabled: it is PENDING for a while after it is asked for.
func notCentral(err error) bool {
	msg, ok := message(err, "AccessDeniedException")
	return ok && strings.Contains(msg, "with Central Configuration enabled")
}
