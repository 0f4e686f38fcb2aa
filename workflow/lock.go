package workflow

import (
	"context"
	"fmt"
	"time"
)

// Locker is a provider that can hold the apply lock, so that two applies
// never run at once against one organization.
type Locker interface {
	// AcquireLock takes the lock, waiting up to opts.Timeout while
	// another holder has it, and breaking one that has expired.
	AcquireLock(ctx context.Context, h Holder, opts LockOptions) (Lock, error)
	// BreakLock deletes the lock whose ID is id, and refuses when the lock
	// held now has another ID.
	BreakLock(ctx context.Context, id string) (*LockInfo, error)
}

// Lock is a held apply lock. Release it when done; Lost is closed when
// the lock was lost (broken by someone else, or expired unrenewed), and
// the holder must stop.
type Lock interface {
	Info() LockInfo
	Lost() <-chan struct{}
	// Err says why the lock was lost, or nil.
	Err() error
	Release(ctx context.Context) error
}

// Holder says who holds a lock.
type Holder struct {
	User, Host string
	PID        int
	Commit     string
}

func (h Holder) String() string {
	s := fmt.Sprintf("%s@%s (pid %d)", h.User, h.Host, h.PID)
	if h.Commit != "" {
		s += " applying commit " + h.Commit
	}
	return s
}

// LockInfo is a lock as read from where it is kept.
type LockInfo struct {
	ID         string
	Holder     Holder
	AcquiredAt time.Time
	// ExpiresAt is zero when the lock has no readable expiry: it never
	// expires and only 'orgctl unlock' breaks it.
	ExpiresAt time.Time
}

// Expired reports whether the lock's holder has stopped refreshing it.
func (l *LockInfo) Expired(now time.Time) bool {
	return !l.ExpiresAt.IsZero() && now.After(l.ExpiresAt)
}

func (l *LockInfo) String() string {
	s := fmt.Sprintf("lock %s held by %s since %s", l.ID, l.Holder, l.AcquiredAt.UTC().Format(time.RFC3339))
	if !l.ExpiresAt.IsZero() {
		s += ", expires " + l.ExpiresAt.UTC().Format(time.RFC3339) + " unless renewed"
	}
	return s
}

// LockOptions tune AcquireLock.
type LockOptions struct {
	// TTL is how long a lock lives without a heartbeat; the holder renews
	// it every TTL/3.
	TTL time.Duration
	// Timeout is how long to wait for another holder; 0 tries once.
	Timeout time.Duration
	// Poll is the wait between attempts.
	Poll time.Duration
	// Now is the clock (tests); nil is time.Now.
	Now func() time.Time
	// OnWait is called once when the lock is found held; OnBreak when an
	// expired lock is broken.
	OnWait, OnBreak func(LockInfo)
}

// LockedError says the lock stayed held until the timeout.
type LockedError struct {
	Lock    LockInfo
	Timeout time.Duration
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("another apply holds the apply lock: %s; waited %s (--lock-timeout). If that apply is dead and you cannot wait for the lock to expire, run: orgctl unlock %s",
		&e.Lock, e.Timeout, e.Lock.ID)
}

// Unlock breaks the apply lock whose ID is id, for 'orgctl unlock'.
func Unlock(ctx context.Context, providers []Provider, id string) (*LockInfo, error) {
	l, ok := find[Locker](providers)
	if !ok {
		return nil, fmt.Errorf("no provider keeps an apply lock")
	}
	return l.BreakLock(ctx, id)
}
