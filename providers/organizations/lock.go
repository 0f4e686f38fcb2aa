package organizations

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/providers/internal/awsapi"
	"github.com/orgctl/orgctl/workflow"
)

// The apply lock lives in the organization itself, so runners on different
// machines exclude each other with nothing but Organizations permissions:
// it is a service control policy named facts.LockPolicyName that is never
// attached. AWS refuses a second policy of one name and type
// (DuplicatePolicyException), which makes CreatePolicy an atomic
// test-and-set. The lock's ID is the policy's ID; a lock created again
// after a release gets a new one. Its tags say who holds it and until
// when; the holder moves expires-at forward while it works (heartbeat), so
// the lock of a holder that died expires and may be broken.
//
// AWS lets CreatePolicy make policies of a type not enabled on the root
// (only attaching needs it), but every type needs the ALL feature set.

// lockPolicyType is the policy type of the lock.
const lockPolicyType = types.PolicyTypeServiceControlPolicy

// lockDocument is the lock policy's content: FullAWSAccess's, so that even
// attached by mistake it would take nothing away.
const lockDocument = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// Tags of the lock policy.
const (
	lockTagHolder     = facts.ReservedTagPrefix + "lock-holder"
	lockTagPID        = facts.ReservedTagPrefix + "lock-pid"
	lockTagCommit     = facts.ReservedTagPrefix + "lock-commit"
	lockTagAcquiredAt = facts.ReservedTagPrefix + "lock-acquired-at"
	lockTagExpiresAt  = facts.ReservedTagPrefix + "lock-expires-at"
)

// lockTime is how lock times are written: to the millisecond, as tests
// use lifetimes of seconds.
const lockTime = "2006-01-02T15:04:05.000Z07:00"

// The lock's types are the workflow's: the provider keeps the lock, the
// workflow decides when to take it.
type (
	Holder      = workflow.Holder
	LockInfo    = workflow.LockInfo
	LockOptions = workflow.LockOptions
	LockedError = workflow.LockedError
)

// isLockPolicy reports whether a policy is the apply lock, which reads
// leave out: it is orgctl's, not the spec's.
func isLockPolicy(name string) bool { return name == facts.LockPolicyName }

// Lock is a held apply lock (workflow.Lock). Release it when done; Lost
// is closed when the heartbeat finds the lock gone or expired, and the
// holder must stop.
type Lock struct {
	info LockInfo
	p    *Provider
	ttl  time.Duration
	now  func() time.Time

	stop     chan struct{}
	done     chan struct{}
	lost     chan struct{}
	lostOnce sync.Once
	mu       sync.Mutex
	lostErr  error
}

// AcquireLock takes the apply lock, waiting up to opts.Timeout while
// another holder has it, and breaking a lock that has expired. It needs no
// Read first.
func (p *Provider) AcquireLock(ctx context.Context, h Holder, opts LockOptions) (workflow.Lock, error) {
	if opts.TTL <= 0 {
		return nil, errors.New("internal error: lock TTL must be positive")
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	deadline := now().Add(opts.Timeout)
	waited := false
	for {
		attempt := now()
		info, err := p.createLock(ctx, h, attempt, opts.TTL)
		if err == nil {
			l := &Lock{info: *info, p: p, ttl: opts.TTL, now: now,
				stop: make(chan struct{}), done: make(chan struct{}), lost: make(chan struct{})}
			go l.heartbeat()
			return l, nil
		}
		var dup *types.DuplicatePolicyException
		if !errors.As(err, &dup) {
			return nil, err
		}
		cur, err := p.ReadLock(ctx)
		if err != nil {
			return nil, err
		}
		if cur != nil && ours(cur, h, attempt) {
			// Our CreatePolicy took effect but its answer was lost, and
			// the SDK's retry met our own lock: it is ours.
			l := &Lock{info: *cur, p: p, ttl: opts.TTL, now: now,
				stop: make(chan struct{}), done: make(chan struct{}), lost: make(chan struct{})}
			go l.heartbeat()
			return l, nil
		}
		switch {
		case cur == nil && !now().Before(deadline):
			return nil, fmt.Errorf("AWS says a policy named %s exists but does not list it; try again, or look for it with: aws organizations list-policies --filter %s", facts.LockPolicyName, lockPolicyType)
		case cur == nil:
			// Released between the two calls, or not listed yet (AWS is
			// eventually consistent): wait a little and try again.
			if err := sleep(ctx, min(opts.Poll, time.Second)); err != nil {
				return nil, err
			}
			continue
		case cur.Expired(now()):
			if err := p.deleteLock(ctx, cur.ID); err != nil {
				return nil, err
			}
			if opts.OnBreak != nil {
				opts.OnBreak(*cur)
			}
			continue
		case !now().Before(deadline):
			return nil, &LockedError{Lock: *cur, Timeout: opts.Timeout}
		}
		if !waited && opts.OnWait != nil {
			opts.OnWait(*cur)
		}
		waited = true
		if err := sleep(ctx, min(opts.Poll, deadline.Sub(now()))); err != nil {
			return nil, err
		}
	}
}

// ours reports whether the lock cur is the one this holder tried to take
// at attempt: same holder (user, host, process), same time as recorded.
func ours(cur *LockInfo, h Holder, attempt time.Time) bool {
	user, host := splitAt(tagValue(h.User + "@" + h.Host)) // as the tags keep them
	return cur.Holder.User == user && cur.Holder.Host == host && cur.Holder.PID == h.PID &&
		cur.AcquiredAt.Format(lockTime) == attempt.UTC().Format(lockTime)
}

// sleep waits d (at least a millisecond) or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(max(d, time.Millisecond))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// createLock is the test-and-set: it fails with DuplicatePolicyException
// while another lock exists.
func (p *Provider) createLock(ctx context.Context, h Holder, now time.Time, ttl time.Duration) (*LockInfo, error) {
	info := &LockInfo{Holder: h, AcquiredAt: now.UTC(), ExpiresAt: now.Add(ttl).UTC()}
	desc := tagValue(fmt.Sprintf("orgctl apply lock held by %s@%s pid %d; never attach it; orgctl unlock breaks it", h.User, h.Host, h.PID))
	if len(desc) > 512 {
		desc = desc[:512]
	}
	out, err := awsapi.Do(ctx, func() (*organizations.CreatePolicyOutput, error) {
		return p.org.CreatePolicy(ctx, &organizations.CreatePolicyInput{
			Name: aws.String(facts.LockPolicyName), Type: lockPolicyType,
			Description: aws.String(desc), Content: aws.String(lockDocument),
			Tags: lockTags(info),
		})
	})
	if err != nil {
		var dup *types.DuplicatePolicyException
		if errors.As(err, &dup) {
			return nil, err
		}
		if e := p.explainLockError(ctx, err); e != err {
			return nil, e
		}
		return nil, apiError("CreatePolicy "+facts.LockPolicyName+" (the apply lock)", err)
	}
	info.ID = aws.ToString(out.Policy.PolicySummary.Id)
	return info, nil
}

func lockTags(l *LockInfo) []types.Tag {
	tag := func(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(tagValue(v))} }
	return []types.Tag{
		tag(lockTagHolder, l.Holder.User+"@"+l.Holder.Host),
		tag(lockTagPID, strconv.Itoa(l.Holder.PID)),
		tag(lockTagCommit, l.Holder.Commit),
		tag(lockTagAcquiredAt, l.AcquiredAt.Format(lockTime)),
		tag(lockTagExpiresAt, l.ExpiresAt.Format(lockTime)),
	}
}

// ReadLock returns the apply lock, or nil when nobody holds it.
func (p *Provider) ReadLock(ctx context.Context) (*LockInfo, error) {
	var id string
	err := awsapi.Pages(ctx, apiError, "ListPolicies "+string(lockPolicyType),
		organizations.NewListPoliciesPaginator(p.org, &organizations.ListPoliciesInput{Filter: lockPolicyType}),
		func(out *organizations.ListPoliciesOutput) error {
			for _, s := range out.Policies {
				if isLockPolicy(aws.ToString(s.Name)) {
					id = aws.ToString(s.Id)
				}
			}
			return nil
		})
	if err != nil || id == "" {
		return nil, err
	}
	tags, err := p.tags(ctx, id)
	var nf *types.TargetNotFoundException
	if errors.As(err, &nf) {
		return nil, nil // released since it was listed
	}
	if err != nil {
		return nil, err
	}
	return lockFromTags(id, tags), nil
}

func lockFromTags(id string, tags map[string]string) *LockInfo {
	l := &LockInfo{ID: id}
	l.Holder.User, l.Holder.Host = splitAt(tags[lockTagHolder])
	l.Holder.PID, _ = strconv.Atoi(tags[lockTagPID])
	l.Holder.Commit = tags[lockTagCommit]
	l.AcquiredAt, _ = time.Parse(time.RFC3339, tags[lockTagAcquiredAt])
	l.ExpiresAt, _ = time.Parse(time.RFC3339, tags[lockTagExpiresAt])
	return l
}

func splitAt(s string) (string, string) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '@' {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// lockSettle is how long after creating its lock the holder still takes
// "not found" for AWS's eventual consistency rather than a break: nobody
// can break a lock that young by expiry, only by 'orgctl unlock'.
const lockSettle = time.Minute

// young reports whether a lock acquired at acquired may still be
// propagating.
func young(acquired, now time.Time) bool { return now.Sub(acquired) < lockSettle }

// settling returns, for a lock acquired at acquired, the option that makes
// requests naming it retry "not found" while it may still be propagating.
func settling(acquired, now time.Time) []func(*organizations.Options) {
	if young(acquired, now) {
		return []func(*organizations.Options){afterCreate}
	}
	return nil
}

// deleteLock deletes the lock policy id. A lock already gone is no error:
// another waiter broke it first. Deleting by ID never removes a newer
// lock, which has another ID. opts are for the holder's own young lock.
func (p *Provider) deleteLock(ctx context.Context, id string, opts ...func(*organizations.Options)) error {
	_, err := awsapi.Do(ctx, func() (*organizations.DeletePolicyOutput, error) {
		return p.org.DeletePolicy(ctx, &organizations.DeletePolicyInput{PolicyId: aws.String(id)}, opts...)
	})
	var nf *types.PolicyNotFoundException
	if err != nil && !errors.As(err, &nf) {
		return apiError("DeletePolicy "+id+" (the apply lock)", err)
	}
	return nil
}

// BreakLock deletes the apply lock whose ID is id, for 'orgctl unlock'. It
// refuses when the lock held now has another ID.
func (p *Provider) BreakLock(ctx context.Context, id string) (*LockInfo, error) {
	cur, err := p.ReadLock(ctx)
	if err != nil {
		return nil, err
	}
	if cur == nil {
		return nil, fmt.Errorf("no apply lock is held (no policy named %s); nothing was changed", facts.LockPolicyName)
	}
	if cur.ID != id {
		return nil, fmt.Errorf("the apply lock held now is %s, not %s; nothing was changed. Check who holds it before breaking it: %s", cur.ID, id, cur)
	}
	return cur, p.deleteLock(ctx, id)
}

// heartbeat moves expires-at forward every TTL/3 until Release; it gives
// up, closing Lost, when the lock is gone or has expired unrenewed. It
// uses a client of its own (Provider.lockOrg): behind the run's queue of
// requests, a renewal could wait past the lock's expiry.
func (l *Lock) heartbeat() {
	defer close(l.done)
	t := time.NewTicker(l.ttl / 3)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), l.ttl/3)
		exp := l.now().Add(l.ttl).UTC()
		_, err := awsapi.Do(ctx, func() (*organizations.TagResourceOutput, error) {
			return l.p.lockOrg.TagResource(ctx, &organizations.TagResourceInput{ResourceId: aws.String(l.info.ID),
				Tags: []types.Tag{{Key: aws.String(lockTagExpiresAt), Value: aws.String(exp.Format(lockTime))}}})
		})
		cancel()
		var nf *types.TargetNotFoundException
		var pnf *types.PolicyNotFoundException
		gone := errors.As(err, &nf) || errors.As(err, &pnf)
		switch {
		case gone && young(l.info.AcquiredAt, l.now()) && !l.now().After(l.info.ExpiresAt):
			// Maybe not visible yet (eventual consistency): the next
			// tick tells, while the lock has not expired.
		case gone:
			l.lose(fmt.Errorf("the apply lock %s was broken by someone else", l.info.ID))
			return
		case err != nil && l.now().After(l.info.ExpiresAt):
			l.lose(fmt.Errorf("could not renew the apply lock %s before it expired: %v", l.info.ID, err))
			return
		case err == nil:
			l.mu.Lock()
			l.info.ExpiresAt = exp
			l.mu.Unlock()
		}
	}
}

func (l *Lock) lose(err error) {
	l.lostOnce.Do(func() {
		l.mu.Lock()
		l.lostErr = err
		l.mu.Unlock()
		close(l.lost)
	})
}

// Info says which lock this is, who holds it and until when.
func (l *Lock) Info() LockInfo {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.info
}

// Lost is closed when the lock was lost; Err then says why.
func (l *Lock) Lost() <-chan struct{} { return l.lost }

// Err says why the lock was lost, or nil.
func (l *Lock) Err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lostErr
}

// Release stops the heartbeat and deletes the lock.
func (l *Lock) Release(ctx context.Context) error {
	close(l.stop)
	<-l.done
	if err := l.Err(); err != nil {
		return err
	}
	// Released moments after it was taken, the lock may not be visible
	// to DeletePolicy yet: "not found" then must not pass for done.
	return l.p.deleteLock(ctx, l.info.ID, settling(l.info.AcquiredAt, l.now())...)
}

// The provider keeps the apply lock and the live commit for the workflow.
var (
	_ workflow.Locker   = (*Provider)(nil)
	_ workflow.Recorder = (*Provider)(nil)
)
