package organizations

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
)

// Long waits on AWS: an organization being finalised after its creation,
// and trusted access reaching delegated-administrator registration. Each
// says, through the apply's progress, what it waits for: seconds of
// retries are the SDK's, minutes are a wait the user should see.

// finalizingTimeout bounds the wait for AWS to finalise a new
// organization: AWS says it can take up to an hour, then to call support.
const finalizingTimeout = time.Hour + 5*time.Minute

// trustedAccessTimeout bounds the wait for trusted access to reach
// delegated-administrator registration; AWS publishes no figure.
const trustedAccessTimeout = 15 * time.Minute

// isFinalizing reports AWS's "your organization hasn't finished
// initializing".
func isFinalizing(err error) bool {
	var fin *types.FinalizingOrganizationException
	return errors.As(err, &fin)
}

// isAccessNotEnabled reports a registration refused because the service's
// trusted access is not (yet) enabled.
func isAccessNotEnabled(err error) bool {
	return reason(err) == string(types.ConstraintViolationExceptionReasonServiceAccessNotEnabled)
}

// waitOut calls fn until it stops failing with an error pending reports,
// for up to timeout, saying what it waits for through the apply's
// progress while it does. Other errors and success end it at once.
func (p *Provider) waitOut(ctx context.Context, timeout time.Duration, pending func(error) bool, what string, fn func() error) error {
	start := time.Now()
	var last error
	err := p.polling.Poll(ctx, 0, timeout, what, func() (bool, error) {
		last = fn()
		if last != nil && pending(last) {
			engine.Progress(ctx, "%s (waited %s)", what, time.Since(start).Round(time.Second))
			return false, nil
		}
		return true, last
	})
	if err != nil && last != nil && pending(last) {
		return fmt.Errorf("%s: still refused after %s: %w", what, timeout, last)
	}
	return err
}

// whileFinalizing runs fn, waiting while AWS finalises the organization.
func (p *Provider) whileFinalizing(ctx context.Context, fn func() error) error {
	return p.waitOut(ctx, finalizingTimeout, isFinalizing,
		"AWS is still finalising the organization, which can take up to an hour after it is created", fn)
}

// untilAccessReached runs fn, waiting while trusted access for principal,
// enabled already, has not reached delegated-administrator registration.
// Access that is not enabled at all is no wait but the error.
func (p *Provider) untilAccessReached(ctx context.Context, principal string, fn func() error) error {
	pending := func(err error) bool { return isAccessNotEnabled(err) && p.accessEnabled(ctx, principal) }
	return p.waitOut(ctx, trustedAccessTimeout, pending,
		"AWS has not yet carried trusted access for "+principal+" to delegated-administrator registration", fn)
}

// accessEnabled reports whether AWS lists principal's trusted access as
// enabled; false when it cannot tell.
func (p *Provider) accessEnabled(ctx context.Context, principal string) bool {
	found := false
	_ = awsapi.Pages(ctx, apiError, "ListAWSServiceAccessForOrganization",
		organizations.NewListAWSServiceAccessForOrganizationPaginator(p.org, &organizations.ListAWSServiceAccessForOrganizationInput{MaxResults: maxResults}),
		func(out *organizations.ListAWSServiceAccessForOrganizationOutput) error {
			for _, s := range out.EnabledServicePrincipals {
				found = found || aws.ToString(s.ServicePrincipal) == principal
			}
			return nil
		})
	return found
}
