package guardduty

import (
	"errors"
	"strings"

	"github.com/aws/smithy-go"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

var errs = awsapi.Errors{Hints: map[string]string{
	"UnrecognizedClientException": "the region may be an opt-in region not enabled for this account: enable it, or remove it from settings.regions",
}}

func apiError(op string, err error) error { return errs.Wrap(op, err) }

// settling reports whether err is one of those GuardDuty answers a new
// administrator for a while after its designation, in place of the
// configuration call it will accept once designation has spread.
func settling(err error) bool {
	if awsapi.Code(err) != "BadRequestException" {
		return false
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	msg := ae.ErrorMessage()
	return strings.Contains(msg, "invalid or out-of-range value") ||
		strings.Contains(msg, "do not have required AWS Organization master permission") ||
		strings.Contains(msg, "not the GuardDuty administrator")
}

// regionClosed reports whether err is AWS refusing a caller's credentials
// in an opt-in Region its account has not enabled. Nothing of GuardDuty
// can be read there; the plan then refuses the Region, naming the
// accounts, from their Regions' status (regional.Check), rather than
// failing the read.
func regionClosed(region string, err error) bool {
	if r, ok := facts.LookupRegion(region); !ok || !r.OptIn {
		return false
	}
	code := awsapi.Code(err)
	return code == "UnrecognizedClientException" || code == "InvalidClientTokenId"
}
