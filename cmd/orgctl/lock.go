package main

import (
	"fmt"
	"os"
	"os/user"
	"time"

	"github.com/orgctl/orgctl/workflow"
)

// The apply lock: the workflow takes it; providers/organizations/lock.go
// says how the organization keeps it.
const (
	// defaultLockTimeout is how long apply waits for another apply. Long
	// enough for a typical apply to finish (account creation takes
	// minutes), short enough that a stuck pipeline fails within the hour.
	defaultLockTimeout = 10 * time.Minute
	// defaultLockTTL is how long a lock outlives its holder's last
	// heartbeat: a crashed apply blocks others this long at most.
	defaultLockTTL = 2 * time.Minute
	// lockTTLEnv overrides the lifetime, for tests.
	lockTTLEnv = "ORGCTL_LOCK_TTL"
)

// lockTTL returns the lock lifetime, from ORGCTL_LOCK_TTL when set.
func (a *app) lockTTL() (time.Duration, error) {
	v := a.getenv(lockTTLEnv)
	if v == "" {
		return defaultLockTTL, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 300*time.Millisecond {
		return 0, fmt.Errorf("%s=%q: give a duration of at least 300ms, such as 2m", lockTTLEnv, v)
	}
	return d, nil
}

// holder says who this process is, for the lock's records.
func holder(commit string) workflow.Holder {
	h := workflow.Holder{PID: os.Getpid(), Commit: commit}
	h.Host, _ = os.Hostname()
	if u, err := user.Current(); err == nil {
		h.User = u.Username
	} else {
		h.User = os.Getenv("USER")
	}
	return h
}

// lockOptions are how apply waits for the lock and says so on stderr.
func (a *app) lockOptions(timeout time.Duration) (workflow.LockOptions, error) {
	ttl, err := a.lockTTL()
	if err != nil {
		return workflow.LockOptions{}, err
	}
	return workflow.LockOptions{
		TTL: ttl, Timeout: timeout, Poll: min(5*time.Second, max(ttl/10, 100*time.Millisecond)),
		OnWait: func(i workflow.LockInfo) {
			fmt.Fprintf(a.stderr, "Waiting up to %s (--lock-timeout) for the apply lock: %s\n", timeout, &i)
		},
		OnBreak: func(i workflow.LockInfo) {
			fmt.Fprintf(a.stderr, "Broke the expired apply lock %s: %s\n", i.ID, &i)
		},
	}, nil
}

// releaseLock releases the lock, if one was taken, and says so; a failure
// is reported, as the lock then blocks others until it expires.
func (a *app) releaseLock(release func() (workflow.LockInfo, error)) {
	info, err := release()
	if info.ID == "" {
		return
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "Warning: releasing the apply lock %s: %v\n", info.ID, err)
		return
	}
	fmt.Fprintf(a.stderr, "Released the apply lock %s at %s.\n", info.ID, stamp())
}

// stamp is the wall-clock time in lock messages, so logs of several
// runners can be put in order.
// stamp is now to the millisecond: enough to order two applies' lock
// lines, short enough to read.
func stamp() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000Z07:00") }
