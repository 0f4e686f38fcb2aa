package organizations

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/orgctl/orgctl/providers/internal/awsapi"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
)

// accountCreateTimeout bounds the wait for one account; AWS usually takes
// a few minutes.
const accountCreateTimeout = 30 * time.Minute

func (p *Provider) applyAccount(ctx context.Context, c *engine.Change, ids *engine.IDs) (string, error) {
	if c.Action == engine.Create {
		return p.createAccount(ctx, c.After, ids)
	}
	if c.Action == engine.Delete {
		return "", fmt.Errorf("orgctl does not remove accounts; set closed: true on it in the spec to close it")
	}
	id, err := ids.Require(c.Ref())
	if err != nil {
		return "", err
	}
	for _, f := range c.Fields {
		switch f.Name {
		case orgs.AttrOU:
			err = p.moveAccount(ctx, ids, id, c.Before.String(orgs.AttrOU), c.After.String(orgs.AttrOU))
		case engine.AttrTags:
			err = p.syncTags(ctx, id, c.Before.Map(engine.AttrTags), c.After.Map(engine.AttrTags))
		case orgs.AttrClosed:
			err = p.closeAccount(ctx, id)
		default:
			err = fmt.Errorf("orgctl cannot change an account's %s", f.Name)
		}
		if err != nil {
			return "", err
		}
	}
	return "", nil
}

// createAccount creates an account and moves it to its OU. There is no
// idempotency token for CreateAccount, so before submitting one it looks
// for a request an earlier, interrupted run left: one in progress, or one
// that succeeded since the live state was read, for the same name. A rerun
// after a crash thus waits for the first request instead of making a
// second account.
func (p *Provider) createAccount(ctx context.Context, a engine.Attrs, ids *engine.IDs) (string, error) {
	name, email := a.String(engine.AttrName), a.String(orgs.AttrEmail)
	select {
	case p.creates <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	// The slot is AWS's: free once the creation is over, before the move.
	release := sync.OnceFunc(func() { <-p.creates })
	defer release()
	reqID, err := p.earlierRequest(ctx, ids, name, email)
	if err != nil {
		return "", err
	}
	submitted := time.Now()
	adopted := reqID != ""
	if !adopted {
		// Creations started elsewhere count against AWS's cap too: wait
		// for a free slot rather than fail.
		err := p.polling.Poll(ctx, 0, accountCreateTimeout, "waiting for a free account creation slot", func() (bool, error) {
			var out *organizations.CreateAccountOutput
			err := p.whileFinalizing(ctx, func() (err error) {
				out, err = awsapi.Do(ctx, func() (*organizations.CreateAccountOutput, error) {
					return p.org.CreateAccount(ctx, &organizations.CreateAccountInput{
						AccountName: aws.String(name),
						Email:       aws.String(email),
						RoleName:    aws.String(p.roleName),
						Tags:        managedTags(a.Map(engine.AttrTags)),
					})
				})
				return err
			})
			if reason(err) == string(types.ConstraintViolationExceptionReasonAccountCreationRateLimitExceeded) {
				return false, nil
			}
			if err != nil {
				return false, apiError("CreateAccount "+email, err)
			}
			reqID = aws.ToString(out.CreateAccountStatus.Id)
			submitted = time.Now()
			return true, nil
		})
		if err != nil {
			return "", err
		}
	}
	id, err := p.waitAccount(ctx, reqID, email, adopted, submitted)
	var failed *createFailure
	if errors.As(err, &failed) && failed.reason == types.CreateAccountFailureReasonEmailAlreadyExists && !adopted {
		// The SDK retries a CreateAccount whose answer was lost (a
		// dropped connection, a 500 after AWS carried it out), and the
		// retry fails on the email the first attempt took: wait for that
		// first request instead of reporting our own account as taken.
		first, ferr := p.lostRequest(ctx, name, email, reqID)
		if ferr != nil {
			return "", ferr
		}
		if first != "" {
			id, err = p.waitAccount(ctx, first, email, true, submitted)
			adopted = true
		}
	}
	release()
	if err != nil {
		return "", err
	}
	if adopted {
		// The earlier request may have carried other tags, or none.
		have, err := p.tags(ctx, id)
		if err != nil {
			return id, err
		}
		want := maps.Clone(a.Map(engine.AttrTags))
		if want == nil {
			want = map[string]string{}
		}
		want[facts.ManagedTagKey] = facts.ManagedTagValue
		if err := p.syncTags(ctx, id, have, want); err != nil {
			return id, err
		}
	}
	// A new account joins under the root.
	if ou := a.String(orgs.AttrOU); ou != "" {
		return id, p.moveAccount(ctx, ids, id, "", ou)
	}
	return id, nil
}

type createRequest struct {
	id, state, accountID string
}

// earlierRequest returns the ID of a create request for this account made
// by an earlier run, or "". The list of requests is read once per run.
func (p *Provider) earlierRequest(ctx context.Context, ids *engine.IDs, name, email string) (string, error) {
	p.createOnce.Do(func() {
		p.createRequests = map[string][]createRequest{}
		p.createErr = awsapi.Pages(ctx, apiError, "ListCreateAccountStatus",
			organizations.NewListCreateAccountStatusPaginator(p.org, &organizations.ListCreateAccountStatusInput{
				States: []types.CreateAccountState{types.CreateAccountStateInProgress, types.CreateAccountStateSucceeded},
			}),
			func(out *organizations.ListCreateAccountStatusOutput) error {
				for _, s := range out.CreateAccountStatuses {
					n := aws.ToString(s.AccountName)
					p.createRequests[n] = append(p.createRequests[n], createRequest{aws.ToString(s.Id), string(s.State), aws.ToString(s.AccountId)})
				}
				return nil
			})
	})
	if p.createErr != nil {
		return "", p.createErr
	}
	for _, r := range p.createRequests[name] {
		switch r.state {
		case string(types.CreateAccountStateInProgress):
			return r.id, nil // its email is checked once it succeeds
		case string(types.CreateAccountStateSucceeded):
			if r.accountID == "" {
				continue
			}
			// An account the read saw is not this one: it would have
			// matched the spec, and not be created.
			if _, known := ids.Key(orgs.KindAccount, r.accountID); known {
				continue
			}
			out, err := awsapi.Do(ctx, func() (*organizations.DescribeAccountOutput, error) {
				// A new account may not be visible yet: retry not-found for a while.
				return p.org.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(r.accountID)}, afterCreate)
			})
			var gone *types.AccountNotFoundException
			if errors.As(err, &gone) {
				continue // left the organization since
			}
			if err != nil {
				return "", apiError("DescribeAccount "+r.accountID, err)
			}
			if strings.EqualFold(aws.ToString(out.Account.Email), email) {
				return r.id, nil
			}
		}
	}
	return "", nil
}

// waitAccount polls a create request until it finishes and returns the new
// account's ID. The request of an earlier run is known only by its name,
// so its account's email is checked; this run's own request has ours.
func (p *Provider) waitAccount(ctx context.Context, reqID, email string, earlier bool, submitted time.Time) (string, error) {
	var status *types.CreateAccountStatus
	// Creations take about the same time: the first poll waits for the
	// longest one seen still in progress, so most accounts cost two polls.
	first := p.polling.Interval
	if !earlier {
		first = max(first, time.Duration(p.createBusy.Load())-time.Since(submitted))
	}
	var busy time.Duration
	defer func() {
		if !earlier {
			setMax(&p.createBusy, busy)
		}
	}()
	err := p.polling.Poll(ctx, first, accountCreateTimeout, "creating account "+email, func() (bool, error) {
		out, err := awsapi.Do(ctx, func() (*organizations.DescribeCreateAccountStatusOutput, error) {
			return p.org.DescribeCreateAccountStatus(ctx, &organizations.DescribeCreateAccountStatusInput{CreateAccountRequestId: aws.String(reqID)}, afterCreate)
		})
		if err != nil {
			return false, apiError("DescribeCreateAccountStatus "+reqID, err)
		}
		status = out.CreateAccountStatus
		if status.State == types.CreateAccountStateInProgress {
			busy = time.Since(submitted)
			return false, nil
		}
		return true, nil
	})
	if err != nil {
		return "", err
	}
	if status.State == types.CreateAccountStateFailed {
		return "", &createFailure{reqID: reqID, reason: status.FailureReason}
	}
	id := aws.ToString(status.AccountId)
	if !earlier {
		return id, nil
	}
	out, err := awsapi.Do(ctx, func() (*organizations.DescribeAccountOutput, error) {
		return p.org.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(id)}, afterCreate)
	})
	if err != nil {
		return "", apiError("DescribeAccount "+id, err)
	}
	if got := aws.ToString(out.Account.Email); !strings.EqualFold(got, email) {
		return "", fmt.Errorf("an earlier request %s for an account of this name created %s with email %s, not %s; rename one of them", reqID, id, got, email)
	}
	return id, nil
}

// createFailure is a CreateAccount request that AWS failed.
type createFailure struct {
	reqID  string
	reason types.CreateAccountFailureReason
}

func (f *createFailure) Error() string {
	return fmt.Sprintf("AWS failed the CreateAccount request %s: %s%s", f.reqID, f.reason, failureHint(f.reason))
}

// lostRequest returns the ID of a request of this run for the account
// (same name, another ID than ours), in progress or whose account has our
// email: one whose answer was lost and that the SDK retried. The list is
// read afresh, as the request is younger than the run's first read.
func (p *Provider) lostRequest(ctx context.Context, name, email, ours string) (string, error) {
	var found []createRequest
	err := awsapi.Pages(ctx, apiError, "ListCreateAccountStatus",
		organizations.NewListCreateAccountStatusPaginator(p.org, &organizations.ListCreateAccountStatusInput{
			States: []types.CreateAccountState{types.CreateAccountStateInProgress, types.CreateAccountStateSucceeded},
		}),
		func(out *organizations.ListCreateAccountStatusOutput) error {
			for _, s := range out.CreateAccountStatuses {
				if aws.ToString(s.AccountName) == name && aws.ToString(s.Id) != ours {
					found = append(found, createRequest{aws.ToString(s.Id), string(s.State), aws.ToString(s.AccountId)})
				}
			}
			return nil
		})
	if err != nil {
		return "", err
	}
	for _, r := range found {
		if r.state == string(types.CreateAccountStateInProgress) {
			return r.id, nil // waitAccount checks its email
		}
		out, err := awsapi.Do(ctx, func() (*organizations.DescribeAccountOutput, error) {
			return p.org.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(r.accountID)}, afterCreate)
		})
		if err != nil {
			return "", apiError("DescribeAccount "+r.accountID, err)
		}
		if strings.EqualFold(aws.ToString(out.Account.Email), email) {
			return r.id, nil
		}
	}
	return "", nil
}

func failureHint(r types.CreateAccountFailureReason) string {
	switch r {
	case types.CreateAccountFailureReasonEmailAlreadyExists:
		return " (the email belongs to another AWS account; use another email)"
	case types.CreateAccountFailureReasonAccountLimitExceeded:
		return " (the organization is at its account quota; ask AWS Service Quotas for more)"
	case types.CreateAccountFailureReasonConcurrentAccountModification, types.CreateAccountFailureReasonInternalFailure:
		return " (transient on AWS's side; run apply again)"
	}
	return ""
}

// moveAccount moves an account from the OU at path from to the OU at path
// to ("" is the root).
func (p *Provider) moveAccount(ctx context.Context, ids *engine.IDs, id, from, to string) error {
	dest, err := parentID(ids, to)
	if err != nil {
		return err
	}
	source, err := parentID(ids, from)
	if err != nil {
		return err
	}
	_, err = awsapi.Do(ctx, func() (*organizations.MoveAccountOutput, error) {
		return p.org.MoveAccount(ctx, &organizations.MoveAccountInput{
			AccountId: aws.String(id), SourceParentId: aws.String(source), DestinationParentId: aws.String(dest),
		}, afterCreate)
	})
	var already *types.DuplicateAccountException
	if err != nil && !errors.As(err, &already) {
		return apiError("MoveAccount "+id, err)
	}
	return nil
}

func (p *Provider) closeAccount(ctx context.Context, id string) error {
	// AWS closes three accounts at a time (CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED
	// for a fourth) and answers ConflictException while the account is
	// changing: both pass, so wait for them.
	return p.polling.Poll(ctx, 0, accountCloseTimeout, "closing account "+id+" (AWS closes three at a time)", func() (bool, error) {
		_, err := awsapi.Do(ctx, func() (*organizations.CloseAccountOutput, error) {
			return p.org.CloseAccount(ctx, &organizations.CloseAccountInput{AccountId: aws.String(id)})
		})
		var closed *types.AccountAlreadyClosedException
		var conflict *types.ConflictException
		switch {
		case err == nil, errors.As(err, &closed):
			return true, nil
		case reason(err) == string(types.ConstraintViolationExceptionReasonCloseAccountRequestsLimitExceeded), errors.As(err, &conflict):
			return false, nil
		}
		return false, apiError("CloseAccount "+id, err)
	})
}

// accountCloseTimeout bounds the wait for a closure slot: closures take
// minutes each, three at a time.
const accountCloseTimeout = time.Hour

// setMax raises v to d if d is larger.
func setMax(v *atomic.Int64, d time.Duration) {
	for {
		old := v.Load()
		if int64(d) <= old || v.CompareAndSwap(old, int64(d)) {
			return
		}
	}
}
