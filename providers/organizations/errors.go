package organizations

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"
)

// apiError shortens an SDK error to what a user needs: the operation, AWS's
// error code, its reason when it gives one, and its message. The original
// stays wrapped for errors.As.
func apiError(op string, err error) error {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("%s: %w", op, err)
	}
	code := apiErr.ErrorCode()
	if r := reason(err); r != "" {
		code += " (" + r + ")"
	}
	return &Error{Op: op, Code: code, Message: apiErr.ErrorMessage(), Hint: hints[apiErr.ErrorCode()], err: err}
}

// Error is an AWS error with what to do about it.
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

var hints = map[string]string{
	"AccessDeniedException":        "the credentials lack this permission; see orgctl's README for the IAM policy it needs",
	"TooManyRequestsException":     "AWS kept throttling after every retry; rerun later or lower --parallelism",
	"ConstraintViolationException": "an AWS limit or rule; the reason above says which",
}

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

// afterCreateAttempts bounds the attempts of a request that may name a
// resource still propagating. The SDK backs off from 50 ms, doubling up to
// 20 s, so they cover about half a minute of eventual consistency, and
// leave room for throttling on top of it.
const afterCreateAttempts = 20

// afterCreate makes a request retry, for a while, the errors Organizations
// returns when a resource created moments ago is not yet visible everywhere
// (eventual consistency), and a container that still looks busy right
// after its contents were removed. Used only for writes that name such a
// resource, so reads of things that are really missing fail fast.
func afterCreate(o *organizations.Options) {
	if o.Retryer.MaxAttempts() < afterCreateAttempts {
		o.Retryer = retry.AddWithMaxAttempts(o.Retryer, afterCreateAttempts)
	}
	o.Retryer = retry.AddWithErrorCodes(o.Retryer,
		"TargetNotFoundException",
		"ParentNotFoundException",
		"DestinationParentNotFoundException",
		"OrganizationalUnitNotFoundException",
		"PolicyNotFoundException",
		"AccountNotFoundException",
		"ChildNotFoundException",
		"CreateAccountStatusNotFoundException",
		"PolicyTypeNotEnabledException",
		"OrganizationalUnitNotEmptyException",
		"PolicyInUseException",
	)
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
	err := p.poll(ctx, listedSoonTimeout, "waiting for AWS to list what it reports as a duplicate", func() (bool, error) {
		var err error
		id, err = find()
		if errors.Is(err, errNotListed) {
			return false, nil
		}
		return true, err
	})
	return id, err
}
