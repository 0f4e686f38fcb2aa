package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Faults are errors the sandbox injects, as AWS makes them, for
// reliability tests. Each request draws once from a generator seeded with
// Seed, so the same requests in the same order meet the same faults. A
// faulted request changes nothing: faults strike before the operation runs.
type Faults struct {
	// Throttle is the chance of a throttling error (TooManyRequestsException
	// on Organizations, Throttling on STS).
	Throttle float64
	// Error5xx is the chance of a server fault (ServiceException on
	// Organizations, InternalFailure on STS), HTTP 500.
	Error5xx float64
	// Concurrent is the chance that an Organizations write fails with
	// ConcurrentModificationException.
	Concurrent float64
	// Consistency is how long a new OU, policy or account stays invisible
	// to list calls and unusable as a target, parent or resource, as AWS's
	// eventual consistency can leave it.
	Consistency time.Duration
	Seed        int64
}

// Enabled reports whether any fault is set.
func (f Faults) Enabled() bool {
	return f.Throttle > 0 || f.Error5xx > 0 || f.Concurrent > 0 || f.Consistency > 0
}

func (f Faults) String() string {
	if !f.Enabled() {
		return "none"
	}
	p := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return fmt.Sprintf("throttle=%s,error5xx=%s,concurrent=%s,consistency=%s,seed=%d",
		p(f.Throttle), p(f.Error5xx), p(f.Concurrent), f.Consistency, f.Seed)
}

// faultKeys are the keys ParseFaults accepts, in the order it lists them.
const faultKeys = "throttle, error5xx, concurrent, consistency, seed"

// ParseFaults reads the --faults flag,
// "throttle=0.3,error5xx=0.05,concurrent=0.05,consistency=2s,seed=7", or
// "none". Chances are between 0 and 1 and together at most 1; the seed
// defaults to 1.
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
		case "consistency":
			f.Consistency, err = time.ParseDuration(value)
			if err == nil && f.Consistency < 0 {
				err = fmt.Errorf("must not be negative")
			}
			if err != nil {
				err = fmt.Errorf("%q is not a duration like 2s or 500ms: %v", value, err)
			}
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

func chance(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v > 1 {
		return 0, fmt.Errorf("%q is not a chance between 0 and 1", s)
	}
	return v, nil
}

// faults is the injector: the settings, the seeded generator and, for
// eventual consistency, when each policy was created (OUs and accounts carry
// their creation time in the state).
type faults struct {
	Faults

	mu   sync.Mutex
	rng  *rand.Rand
	born map[string]time.Time // policy ID -> created
}

func newFaults(f Faults) *faults {
	if !f.Enabled() {
		return nil
	}
	return &faults{Faults: f, rng: rand.New(rand.NewPCG(uint64(f.Seed), 0x6f7267637466)), born: map[string]time.Time{}}
}

// roll decides whether a request fails, and how. It draws once per request
// whatever the outcome, so the sequence of faults depends only on the seed
// and the order of requests.
func (f *faults) roll(svc *service, write bool) (string, *apiError) {
	if f == nil || f.Throttle+f.Error5xx+f.Concurrent == 0 {
		return "", nil
	}
	f.mu.Lock()
	u := f.rng.Float64()
	f.mu.Unlock()
	switch {
	case u < f.Throttle:
		return "throttle", throttleError(svc.name)
	case u < f.Throttle+f.Error5xx:
		return "error5xx", serverFault(svc)
	case u < f.Throttle+f.Error5xx+f.Concurrent && write && svc.name == "organizations":
		return "concurrent", orgError("ConcurrentModificationException",
			"AWS Organizations can't complete your request because it conflicts with another attempt to modify the same entity. Try again later.")
	}
	return "", nil
}

// serverFault is a service's internal error, HTTP 500.
func serverFault(svc *service) *apiError {
	switch svc.name {
	case "organizations":
		return orgError("ServiceException", "AWS Organizations can't complete your request because of an internal service error. Try again later.")
	case "sts":
		return &apiError{Status: 500, Code: "InternalFailure", Message: "The request processing has failed because of an unknown error, exception or failure.", Receiver: true}
	}
	return svc.internalError("An internal error occurred. Try again later.")
}

// young returns the OUs, accounts and policies created within the
// consistency window, or nil. Called with the state locked.
func (f *faults) young(st *state, now time.Time) map[string]bool {
	if f == nil || f.Consistency <= 0 {
		return nil
	}
	since := now.Add(-f.Consistency)
	ids := map[string]bool{}
	for id, ou := range st.OUs {
		if ou.CreatedAt.After(since) {
			ids[id] = true
		}
	}
	for id, a := range st.Accounts {
		if a.JoinedMethod == "CREATED" && a.JoinedAt.After(since) {
			ids[id] = true
		}
	}
	f.mu.Lock()
	for id, t := range f.born {
		if t.After(since) {
			ids[id] = true
		} else {
			delete(f.born, id)
		}
	}
	f.mu.Unlock()
	return ids
}

// created notes the creation time of a policy a successful call made.
func (f *faults) created(op string, out any, now time.Time) {
	if f == nil || f.Consistency <= 0 || op != "CreatePolicy" {
		return
	}
	if r, ok := out.(*policyResult); ok {
		f.mu.Lock()
		f.born[r.Policy.PolicySummary.Id] = now
		f.mu.Unlock()
	}
}

// notFound is, for each Organizations input member that names an entity,
// the error AWS gives when that entity does not exist (yet).
var notFound = map[string]func() *apiError{
	"ParentId": errParentNotFound,
	"TargetId": func() *apiError {
		return orgError("TargetNotFoundException", "We can't find a root, OU, or account with the TargetId that you specified.")
	},
	"ResourceId": func() *apiError {
		return orgError("TargetNotFoundException", "We can't find a resource with the ResourceId that you specified.")
	},
	"PolicyId":             errPolicyNotFound,
	"AccountId":            errAccountNotFound,
	"OrganizationalUnitId": errOUNotFound,
	"DestinationParentId": func() *apiError {
		return orgError("DestinationParentNotFoundException", "We can't find a destination root or OU with the ParentId that you specified.")
	},
	"SourceParentId": func() *apiError {
		return orgError("SourceParentNotFoundException", "We can't find a source root or OU with the ParentId that you specified.")
	},
	"ChildId": func() *apiError {
		return orgError("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.")
	},
}

// unseen returns the error for a request that names a young entity, as if
// the entity did not exist yet.
func unseen(body []byte, young map[string]bool) *apiError {
	if len(young) == 0 {
		return nil
	}
	var in map[string]any
	if json.Unmarshal(body, &in) != nil {
		return nil // the operation reports malformed input itself
	}
	for _, member := range []string{"PolicyId", "TargetId", "ResourceId", "AccountId", "OrganizationalUnitId", "ChildId", "ParentId", "SourceParentId", "DestinationParentId"} {
		if id, ok := in[member].(string); ok && young[id] {
			return notFound[member]()
		}
	}
	return nil
}

// hideYoung drops young entities from a list operation's output: every
// element of a top-level list whose Id or TargetId is young. A page may come
// out shorter, which AWS allows.
func hideYoung(out any, young map[string]bool) any {
	if len(young) == 0 {
		return out
	}
	data, err := json.Marshal(out)
	if err != nil {
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if dec.Decode(&m) != nil {
		return out
	}
	for k, v := range m {
		list, ok := v.([]any)
		if !ok {
			continue
		}
		kept := list[:0]
		for _, e := range list {
			obj, _ := e.(map[string]any)
			id, _ := obj["Id"].(string)
			if id == "" {
				id, _ = obj["TargetId"].(string)
			}
			if !young[id] {
				kept = append(kept, e)
			}
		}
		m[k] = kept
	}
	return m
}
