package organizations

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// orgctl keeps an organization equal to a spec; it does not create one
// (DESIGN.md names no such step), so an account in none, or an
// organization that cannot hold the apply lock, is a stop with the steps
// to take rather than an API error.

// errNotInOrganization says that account is in no organization and how to
// make one.
func errNotInOrganization(account string) error {
	return fmt.Errorf("account %s is not in an organization, and orgctl does not create one: create it with "+
		"aws organizations create-organization --feature-set ALL (from this account, which becomes its management account), then run orgctl again", account)
}

// errConsolidatedBilling says why apply cannot run in an organization of
// consolidated billing only: the apply lock is a service control policy.
var errConsolidatedBilling = errors.New("the organization has only consolidated-billing features, and orgctl's apply lock is a service control policy, " +
	"which such an organization cannot create; enable all features first: aws organizations enable-all-features, " +
	"each invited account accepts its handshake (orgctl plan lists those that have not), then the management account " +
	"accepts the APPROVE_ALL_FEATURES handshake (aws organizations accept-handshake --handshake-id h-...)")

// explainLockError turns the errors of taking the lock that have a cause
// the user must fix into what to do; others stay as they are.
func (p *Provider) explainLockError(ctx context.Context, err error) error {
	var notInUse *types.AWSOrganizationsNotInUseException
	if errors.As(err, &notInUse) {
		who, werr := p.sessions.Caller(ctx)
		if werr != nil {
			return err
		}
		return errNotInOrganization(aws.ToString(who.Account))
	}
	var notAvailable *types.PolicyTypeNotAvailableForOrganizationException
	if errors.As(err, &notAvailable) {
		return errConsolidatedBilling
	}
	return err
}
