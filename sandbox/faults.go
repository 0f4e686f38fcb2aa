package sandbox

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Faults are errors the sandbox injects, as AWS makes them, for
// reliability tests. Each request draws once from a generator seeded with
// Seed, so the same requests in the same order meet the same faults. A
// faulted request changes nothing: faults strike before the operation
// runs, except a lost answer, which strikes after a write took effect.
type Faults struct {
	// Throttle is the chance of a throttling error, the one each service
	// declares (Service.Throttle).
	Throttle float64
	// Error5xx is the chance of the service's server fault, HTTP 500.
	Error5xx float64
	// Concurrent is the chance that a write fails with the service's
	// concurrent-modification error, for services that have one.
	Concurrent float64
	// Consistency is how long a new entity of a service with eventual
	// consistency (Service.Consistency) stays invisible to list calls and
	// unusable as a member of a request, as AWS can leave it.
	Consistency time.Duration
	// Lost is the chance that a write that took effect loses its answer:
	// the client sees an HTTP 500 or a dropped connection, and its SDK
	// retries a request AWS has already carried out.
	Lost float64
	// Outage lists operations, SERVICE:OP, that always fail with their
	// service's server fault: a persistent HTTP 500 on one call.
	Outage []string
	Seed   int64
}

// Enabled reports whether any fault is set.
func (f Faults) Enabled() bool {
	return f.Throttle > 0 || f.Error5xx > 0 || f.Concurrent > 0 || f.Consistency > 0 || f.Lost > 0 || len(f.Outage) > 0
}

func (f Faults) String() string {
	if !f.Enabled() {
		return "none"
	}
	p := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	s := fmt.Sprintf("throttle=%s,error5xx=%s,concurrent=%s,consistency=%s,lost=%s,seed=%d",
		p(f.Throttle), p(f.Error5xx), p(f.Concurrent), f.Consistency, p(f.Lost), f.Seed)
	if len(f.Outage) > 0 {
		s += ",outage=" + strings.Join(f.Outage, "+")
	}
	return s
}

// faultKeys are the keys ParseFaults accepts, in the order it lists them.
const faultKeys = "throttle, error5xx, concurrent, consistency, lost, seed, outage"

// ParseFaults reads the --faults flag,
// "throttle=0.3,error5xx=0.05,concurrent=0.05,consistency=2s,lost=0.1,seed=7",
// or "none"; outage=SERVICE:OP[+SERVICE:OP...] makes operations always
// fail with a server fault. Chances are between 0 and 1, those that fail a request before
// it runs together at most 1; the seed defaults to 1.
func ParseFaults(s string) (Faults, error) {
	f := Faults{Seed: 1}
	s = strings.TrimSpace(s)
	if s == "none" {
		return f, nil
	}
	if s == "" {
		return f, fmt.Errorf("empty faults: want none or KEY=VALUE[,...] with keys %s", faultKeys)
	}
	seen := map[string]bool{}
	for entry := range strings.SplitSeq(s, ",") {
		key, value, ok := strings.Cut(strings.TrimSpace(entry), "=")
		if !ok || value == "" {
			return f, fmt.Errorf("fault %q: want KEY=VALUE, for example throttle=0.3", entry)
		}
		if seen[key] {
			return f, fmt.Errorf("fault %q: %s is given twice", entry, key)
		}
		seen[key] = true
		var err error
		switch key {
		case "throttle":
			f.Throttle, err = chance(value)
		case "error5xx":
			f.Error5xx, err = chance(value)
		case "concurrent":
			f.Concurrent, err = chance(value)
		case "lost":
			f.Lost, err = chance(value)
		case "consistency":
			f.Consistency, err = time.ParseDuration(value)
			if err == nil && f.Consistency < 0 {
				err = fmt.Errorf("must not be negative")
			}
			if err != nil {
				err = fmt.Errorf("%q is not a duration like 2s or 500ms: %v", value, err)
			}
		case "outage":
			f.Outage, err = outage(value)
		case "seed":
			f.Seed, err = strconv.ParseInt(value, 10, 64)
			if err != nil {
				err = fmt.Errorf("%q is not a whole number", value)
			}
		default:
			return f, fmt.Errorf("fault %q: unknown key %q; the keys are %s", entry, key, faultKeys)
		}
		if err != nil {
			return f, fmt.Errorf("fault %q: %v", entry, err)
		}
	}
	if sum := f.Throttle + f.Error5xx + f.Concurrent; sum > 1 {
		return f, fmt.Errorf("faults %q: throttle, error5xx and concurrent add up to %g; at most 1 of requests can fail", s, sum)
	}
	return f, nil
}

// outage reads SERVICE:OP[+SERVICE:OP...].
func outage(s string) ([]string, error) {
	var ops []string
	for o := range strings.SplitSeq(s, "+") {
		svc, op, ok := strings.Cut(o, ":")
		if !ok || !reBucket.MatchString(svc) || op == "" {
			return nil, fmt.Errorf("%q: want SERVICE:OP[+SERVICE:OP...], such as %s:OP", s, exampleService())
		}
		if !serviceHasOp(svc, op) {
			// A typo would make an outage that never strikes.
			return nil, fmt.Errorf("%q: no service %s with an operation %s", s, svc, op)
		}
		ops = append(ops, o)
	}
	return ops, nil
}

func chance(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v > 1 {
		return 0, fmt.Errorf("%q is not a chance between 0 and 1", s)
	}
	return v, nil
}

// faults is the injector: the settings and the seeded generator.
type faults struct {
	Faults

	mu  sync.Mutex
	rng *rand.Rand
}

func newFaults(f Faults) *faults {
	if !f.Enabled() {
		return nil
	}
	return &faults{Faults: f, rng: rand.New(rand.NewPCG(uint64(f.Seed), 0x6f7267637466))}
}

// roll decides whether a request fails, and how. It draws once per request
// whatever the outcome, so the sequence of faults depends only on the seed
// and the order of requests.
func (f *faults) roll(svc *Service, op string, write bool) (string, *Error) {
	if f == nil {
		return "", nil
	}
	if slices.Contains(f.Outage, svc.Name+":"+op) {
		return "outage", svc.ServerFault("")
	}
	if f.Throttle+f.Error5xx+f.Concurrent == 0 {
		return "", nil
	}
	f.mu.Lock()
	u := f.rng.Float64()
	f.mu.Unlock()
	switch {
	case u < f.Throttle:
		return "throttle", svc.Throttle()
	case u < f.Throttle+f.Error5xx:
		return "error5xx", svc.ServerFault("")
	case u < f.Throttle+f.Error5xx+f.Concurrent && write && svc.ConcurrentModification != nil:
		return "concurrent", svc.ConcurrentModification()
	}
	return "", nil
}

// lose decides whether a write that took effect loses its answer, and if
// so whether the connection drops (else the answer is an HTTP 500). It
// draws once per such write.
func (f *faults) lose() (lost, drop bool) {
	if f == nil || f.Lost == 0 {
		return false, false
	}
	f.mu.Lock()
	u := f.rng.Float64()
	f.mu.Unlock()
	return u < f.Lost, u < f.Lost/2
}

// young returns the service's entities created within the consistency
// window, or nil. Called with the state locked.
func (f *faults) young(svc *Service, st *State, now time.Time) map[string]bool {
	if f == nil || f.Consistency <= 0 || svc.Consistency == nil {
		return nil
	}
	return svc.Consistency.Young(st, now.Add(-f.Consistency))
}

// unseen returns the error for a request that names a young entity, as if
// the entity did not exist yet: the first of the service's members found in
// the JSON body or the URI labels.
func unseen(svc *Service, c *Call, young map[string]bool) *Error {
	if len(young) == 0 {
		return nil
	}
	var in map[string]any
	_ = json.Unmarshal(c.Body, &in) // malformed input is the operation's to report
	for _, m := range svc.Consistency.Members {
		id, _ := in[m.Name].(string)
		if id == "" {
			id = c.Labels[m.Name]
		}
		if young[id] {
			return m.NotFound()
		}
	}
	return nil
}
