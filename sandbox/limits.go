package sandbox

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Rate is a token bucket: RPS requests a second on average, Burst at once;
// and InFlight, when above zero, the most requests one caller may have in
// progress at once (Service.Busy answers the next).
type Rate struct {
	RPS      float64
	Burst    int
	InFlight int
}

func (r Rate) String() string {
	s := strconv.FormatFloat(r.RPS, 'f', -1, 64) + ":" + strconv.Itoa(r.Burst)
	if r.InFlight > 0 {
		s += ":" + strconv.Itoa(r.InFlight)
	}
	return s
}

// RateLimits maps a rate bucket to its limit. Keys are bucket names: a
// service's signing name, the name of a bucket services share (see
// Service.Rate), and "default" for every service not named. A service whose
// bucket is absent is not limited. A key "BUCKET.Operation" is the bucket
// of one operation, per calling access key (Bucket.Ops): a request takes a
// token from it and from the service's.
type RateLimits map[string]Rate

// bucketDefault names the rate of services with no bucket of their own;
// each still draws from a bucket of its own at that rate.
const bucketDefault = "default"

// defaultRate is the default bucket's rate: what AWS gives most APIs.
var defaultRate = Rate{RPS: 10, Burst: 10}

// DefaultRateLimits models AWS conservatively: each registered bucket at
// its service's rate, every other service at 10 requests a second.
func DefaultRateLimits() RateLimits {
	regMu.Lock()
	defer regMu.Unlock()
	l := RateLimits{bucketDefault: defaultRate}
	for name, b := range buckets {
		l[name] = b.Rate
		for op, r := range b.Ops {
			l[opKey(name, op)] = r
		}
	}
	return l
}

// opKey is the RateLimits key of op's bucket in bucket.
func opKey(bucket, op string) string { return bucket + "." + op }

// bucketOf returns the bucket a service's requests draw from: its own or
// the one it shares, else one named after it.
func bucketOf(service string) string {
	regMu.Lock()
	defer regMu.Unlock()
	if b, ok := aliases[service]; ok {
		return b
	}
	return service
}

var reBucket = regexp.MustCompile(`^([a-z][a-z0-9-]*)(\.[A-Z][A-Za-z0-9]*)?$`)

// ParseRateLimits reads the --rate flag: "none" (no limits), "aws" (the
// defaults), or SERVICE=RPS:BURST[:INFLIGHT][,...], which sets those
// services and keeps the defaults for the rest; SERVICE=none lifts one
// service's limit, its operations' included. Without INFLIGHT a service's
// requests in progress are not limited. SERVICE.Operation=RPS:BURST sets
// (or, with none, lifts) one operation's bucket.
func ParseRateLimits(s string) (RateLimits, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "none":
		return RateLimits{}, nil
	case "aws":
		return DefaultRateLimits(), nil
	case "":
		return nil, fmt.Errorf("empty rate: want none, aws, or SERVICE=RPS:BURST[,...]")
	}
	limits := DefaultRateLimits()
	seen := map[string]bool{}
	for entry := range strings.SplitSeq(s, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(entry), "=")
		if !ok || name == "" {
			return nil, fmt.Errorf("rate %q: want SERVICE=RPS:BURST (for example %s=10:20), or none", entry, exampleService())
		}
		m := reBucket.FindStringSubmatch(name)
		if m == nil {
			return nil, fmt.Errorf("rate %q: %q is not a service signing name (lower case, like %s), or one with an operation (%s.ListRoots)", entry, name, exampleService(), exampleService())
		}
		bucket := bucketOf(m[1]) + m[2]
		if op := strings.TrimPrefix(m[2], "."); op != "" && !bucketHasOp(bucketOf(m[1]), op) {
			return nil, fmt.Errorf("rate %q: %s has no operation %s", entry, m[1], op)
		}
		if seen[bucket] {
			return nil, fmt.Errorf("rate %q: %s is given twice", entry, bucket)
		}
		seen[bucket] = true
		if value == "none" {
			delete(limits, bucket)
			if m[2] == "" {
				for k := range limits {
					if strings.HasPrefix(k, bucket+".") && !seen[k] { // given in this flag: kept
						delete(limits, k)
					}
				}
			}
			continue
		}
		rps, burst, ok := strings.Cut(value, ":")
		if !ok {
			return nil, fmt.Errorf("rate %q: want RPS:BURST after =, or RPS:BURST:INFLIGHT, for example %s=10:20", entry, name)
		}
		burst, inFlight, hasInFlight := strings.Cut(burst, ":")
		r, err := strconv.ParseFloat(rps, 64)
		if err != nil || r <= 0 || r > 1e6 {
			return nil, fmt.Errorf("rate %q: requests per second %q must be a number above 0", entry, rps)
		}
		b, err := strconv.Atoi(burst)
		if err != nil || b < 1 {
			return nil, fmt.Errorf("rate %q: burst %q must be a whole number of at least 1", entry, burst)
		}
		n := 0
		if hasInFlight && m[2] != "" {
			return nil, fmt.Errorf("rate %q: an operation takes RPS:BURST; requests in progress are limited per service", entry)
		}
		if hasInFlight {
			if n, err = strconv.Atoi(inFlight); err != nil || n < 1 {
				return nil, fmt.Errorf("rate %q: requests in flight %q must be a whole number of at least 1", entry, inFlight)
			}
		}
		limits[bucket] = Rate{RPS: r, Burst: b, InFlight: n}
	}
	return limits, nil
}

// String renders the limits as ParseRateLimits reads them back.
func (l RateLimits) String() string {
	if len(l) == 0 {
		return "none"
	}
	var parts []string
	for k := range DefaultRateLimits() {
		if _, ok := l[k]; !ok {
			parts = append(parts, k+"=none")
		}
	}
	for k, r := range l {
		parts = append(parts, k+"="+r.String())
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

// limiter throttles requests per bucket; its clock is the sandbox's.
type limiter struct {
	limits RateLimits
	now    func() time.Time

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

func newLimiter(limits RateLimits, now func() time.Time) *limiter {
	return &limiter{limits: limits, now: now, buckets: map[string]*rate.Limiter{}}
}

// allow takes a token from the bucket of service and from that of its
// operation op for caller, when it has one, reporting false when either is
// empty.
func (l *limiter) allow(service, op, caller string) bool {
	if l == nil {
		return true
	}
	name := bucketOf(service)
	if r, ok := l.limits[opKey(name, op)]; ok && !l.take(opKey(name, op)+"/"+caller, r) {
		return false
	}
	r, ok := l.limits[name]
	if !ok {
		// A bucket of its own at the default rate: AWS throttles each
		// service apart, so GuardDuty's reads never starve Macie's.
		if r, ok = l.limits[bucketDefault]; !ok {
			return true
		}
	}
	return l.take(name, r)
}

// take takes a token from the bucket key, made at rate r when new.
func (l *limiter) take(key string, r Rate) bool {
	l.mu.Lock()
	b := l.buckets[key]
	if b == nil {
		b = rate.NewLimiter(rate.Limit(r.RPS), r.Burst)
		l.buckets[key] = b
	}
	l.mu.Unlock()
	return b.AllowN(l.now(), 1)
}

// inFlight returns how many requests a caller may have in progress at
// once with service, or 0 for no limit.
func (l *limiter) inFlight(service string) int {
	if l == nil {
		return 0
	}
	if r, ok := l.limits[bucketOf(service)]; ok {
		return r.InFlight
	}
	return 0
}

// bucketHasOp reports whether a registered service drawing from bucket has
// the operation op.
func bucketHasOp(bucket, op string) bool {
	return anyService(func(svc *Service) bool { return aliases[svc.Name] == bucket || svc.Name == bucket }, op)
}

// serviceHasOp reports whether the registered service name has the
// operation op.
func serviceHasOp(name, op string) bool {
	return anyService(func(svc *Service) bool { return svc.Name == name }, op)
}

// anyService reports whether a registered service that match accepts has
// the operation op.
func anyService(match func(*Service) bool, op string) bool {
	regMu.Lock()
	defer regMu.Unlock()
	for _, svc := range order {
		if _, ok := svc.Ops[op]; ok && match(svc) {
			return true
		}
	}
	return false
}

// exampleService names a registered service for messages.
func exampleService() string {
	if names, _ := Services(); len(names) > 0 {
		return names[0]
	}
	return "SERVICE"
}

// admit delays a request by the configured latency and then applies the
// rate limit and the random faults. It runs before the state is locked, so
// slow calls overlap as they do on AWS. A non-nil error is the response.
func (s *Sandbox) admit(ctx context.Context, svc *Service, op, caller string) *Error {
	wait(ctx, s.opts.latency)
	if !s.limiter.allow(svc.Name, op, caller) {
		s.recordFault("ratelimit")
		return svc.Throttle()
	}
	o := svc.Ops[op]
	kind, e := s.faults.roll(svc, op, o != nil && o.Write)
	if e != nil {
		s.recordFault(kind)
	}
	return e
}
