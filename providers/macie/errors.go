package macie

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

// settling reports whether err is Macie's answer to a new administrator
// for a while after its designation, in place of the organization call it
// will accept once designation has spread: it is not yet seen as the
// administrator. IAM's own denial ("is not authorized to perform") is not.
func settling(err error) bool {
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "AccessDeniedException" &&
		!strings.Contains(ae.ErrorMessage(), "not authorized to perform")
}
