package organizations

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

// errs is how Organizations' errors read: with the reason some carry.
var errs = awsapi.Errors{
	Hints: map[string]string{
		"TooManyRequestsException":     "AWS kept throttling after every retry; rerun later or lower --parallelism",
		"ConstraintViolationException": "an AWS limit or rule; the reason above says which",
	},
	Reason: reason,
}

// apiError shortens an SDK error to what a user needs (awsapi.Error); nil
// stays nil.
func apiError(op string, err error) error { return errs.Wrap(op, err) }

// reason returns the Reason member of the Organizations errors that carry one.
func reason(err error) string {
	var cv *types.ConstraintViolationException
	if errors.As(err, &cv) {
		return string(cv.Reason)
	}
	var ii *types.InvalidInputException
	if errors.As(err, &ii) {
		return string(ii.Reason)
	}
	var ad *types.AccessDeniedForDependencyException
	if errors.As(err, &ad) {
		return string(ad.Reason)
	}
	return ""
}

// transientCodes are errors Organizations returns for conditions that
// pass with time: policy changes propagating. Every request retries them
// at a steady pace. An organization still being finalised is not among
// them: that may last an hour, and whileFinalizing waits for it in view of
// the user. Internal errors (ServiceException, HTTP 500) are the SDK's to
// retry, with growing waits for no longer than
// awsapi.DefaultServerErrorBudget.
var transientCodes = []string{
	"PolicyChangesInProgressException",
}

// contendedCodes are errors of writes that overlapped another write to the
// same entity: retried with exponential backoff, so that the writers
// spread apart rather than collide again.
var contendedCodes = []string{"ConcurrentModificationException"}

// retryer is every Organizations client's retryer: base's, with the
// service's transient and contended codes.
func retryer(base aws.Retryer) aws.Retryer {
	return awsapi.RetryContended(awsapi.Retry(base, transientCodes...), contendedCodes...)
}

// afterCreateCodes are errors Organizations returns when a resource
// created moments ago is not yet visible everywhere (eventual
// consistency), or a container still looks busy right after its contents
// were removed. Only writes that name such a resource retry them (the
// afterCreate option), so reads of what is really missing fail fast.
var afterCreateCodes = []string{
	"TargetNotFoundException",
	"ParentNotFoundException",
	"DestinationParentNotFoundException",
	"SourceParentNotFoundException",
	"OrganizationalUnitNotFoundException",
	"PolicyNotFoundException",
	"AccountNotFoundException",
	"ChildNotFoundException",
	"CreateAccountStatusNotFoundException",
	"PolicyTypeNotEnabledException",
	"OrganizationalUnitNotEmptyException",
	"PolicyInUseException",
}

// afterCreateAttempts bounds the attempts of a request that may name a
// resource still propagating: retried every second or so, they cover
// about half a minute of eventual consistency, and leave room for
// throttling on top of it.
const afterCreateAttempts = 20

// afterCreate makes a request retry, for a while, the errors of a
// resource still propagating (afterCreateCodes).
func afterCreate(o *organizations.Options) {
	o.Retryer = awsapi.Attempts(awsapi.Retry(o.Retryer, afterCreateCodes...), afterCreateAttempts)
}

// errNotListed is a lookup that found nothing where AWS says something is:
// a create answered "duplicate" for a resource its listings do not show yet.
var errNotListed = errors.New("not listed yet")

// listedSoonTimeout bounds how long a lookup waits for listings to catch up
// with a create, as AWS's eventual consistency can make them lag.
const listedSoonTimeout = time.Minute

// listedSoon runs find until it stops failing with errNotListed: after a
// crash, a rerun may try to create what the first run just made, be told it
// is a duplicate, and find it absent from listings for a few seconds.
func listedSoon(ctx context.Context, p *Provider, find func() (string, error)) (string, error) {
	var id string
	err := p.polling.Poll(ctx, 0, listedSoonTimeout, "waiting for AWS to list what it reports as a duplicate", func() (bool, error) {
		var err error
		id, err = find()
		if errors.Is(err, errNotListed) {
			return false, nil
		}
		return true, err
	})
	return id, err
}
