package auditmanager

import "github.com/orgctl/orgctl/providers/internal/awsapi"

var errs = awsapi.Errors{Hints: map[string]string{
	"UnrecognizedClientException": "the region may be an opt-in region not enabled for this account, or one where AWS does not offer Audit Manager: remove it from settings.regions",
}}

func apiError(op string, err error) error { return errs.Wrap(op, err) }

// settling reports whether err is what Audit Manager answers a new
// administrator for a while after its designation.
func settling(err error) bool { return awsapi.Code(err) == "AccessDeniedException" }
