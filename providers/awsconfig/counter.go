package awsconfig

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// Counter counts AWS requests by service and operation
// ("organizations:ListAccounts"), retries included, for -v output,
// benchmarks and tests that assert how many calls a command makes. It is
// SDK middleware, so it sees every client built from the config.
type Counter struct {
	mu     sync.Mutex
	counts map[string]int
	// calls counts operations invoked, before retries; counts minus calls
	// is the number of retries.
	calls int
}

// register adds the counter to a client's middleware stack, after the
// retry middleware so that each attempt counts.
func (c *Counter) register(stack *middleware.Stack) error {
	err := stack.Initialize.Add(middleware.InitializeMiddlewareFunc("orgctl.CounterCalls",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			c.mu.Lock()
			c.calls++
			c.mu.Unlock()
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
	if err != nil {
		return err
	}
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("orgctl.Counter",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			op := strings.ToLower(awsmiddleware.GetServiceID(ctx)) + ":" + awsmiddleware.GetOperationName(ctx)
			c.mu.Lock()
			if c.counts == nil {
				c.counts = map[string]int{}
			}
			c.counts[op]++
			c.mu.Unlock()
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
}

// Counts returns a copy of the counts so far.
func (c *Counter) Counts() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]int, len(c.counts))
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

// Total is the number of requests so far.
func (c *Counter) Total() int {
	n := 0
	for _, v := range c.Counts() {
		n += v
	}
	return n
}

// Retries is the number of requests that repeated an earlier, failed one.
func (c *Counter) Retries() int {
	total := c.Total()
	c.mu.Lock()
	defer c.mu.Unlock()
	return max(total-c.calls, 0)
}

// Summary lists the counts, most frequent first, then the retries among
// them if any: "12 organizations:ListTagsForResource, ...; 3 retries".
func (c *Counter) Summary() string {
	counts := c.Counts()
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", counts[k], k)
	}
	s := strings.Join(parts, ", ")
	if n := c.Retries(); n > 0 {
		s += fmt.Sprintf("; %d retries", n)
	}
	return s
}
