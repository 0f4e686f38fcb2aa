package inspector

import (
	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

var errs = awsapi.Errors{Hints: map[string]string{
	"UnrecognizedClientException": "the region may be an opt-in region not enabled for this account: enable it, or remove it from settings.regions",
}}

func apiError(op string, err error) error { return errs.Wrap(op, err) }

// settling reports whether err is what Inspector answers a new
// administrator for a while after its designation, in place of the call
// it will take once designation has spread.
func settling(err error) bool { return awsapi.Code(err) == "AccessDeniedException" }
