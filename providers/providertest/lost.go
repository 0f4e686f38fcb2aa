package providertest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// LoseFirstAnswers returns cfg whose clients lose the answer to the first
// call of each operation named (after the request reached the sandbox
// and took effect), as a dropped connection would: the SDK retries a
// request AWS has already carried out, and the provider must recognise
// its own earlier success. The sandbox's lost fault does this at random;
// this does it where a test wants it.
func LoseFirstAnswers(cfg aws.Config, ops ...string) aws.Config {
	return LoseFirstAnswersOf(cfg, func(op string) bool { return slices.Contains(ops, op) })
}

// IsWrite reports whether an operation may change something: every one
// but AWS's reads (List, Describe, Get, BatchGet).
func IsWrite(op string) bool {
	for _, read := range []string{"List", "Describe", "Get", "BatchGet"} {
		if strings.HasPrefix(op, read) {
			return false
		}
	}
	return true
}

// LoseFirstAnswersOf is LoseFirstAnswers for the operations lose picks.
func LoseFirstAnswersOf(cfg aws.Config, lose func(op string) bool) aws.Config {
	return LoseAnswers(cfg, 1, lose)
}

// LoseAnswers loses the answers to the first n successful calls of each
// operation lose picks: a provider that retries a write that landed must
// recognise it again and again.
func LoseAnswers(cfg aws.Config, n int, lose func(op string) bool) aws.Config {
	var mu sync.Mutex
	lost := map[string]int{}
	cfg = cfg.Copy()
	cfg.APIOptions = append(slices.Clone(cfg.APIOptions), func(st *middleware.Stack) error {
		return st.Deserialize.Add(middleware.DeserializeMiddlewareFunc("LoseFirstAnswer",
			func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				out, md, err := next.HandleDeserialize(ctx, in)
				op := middleware.GetOperationName(ctx)
				// Only the answer of a call that took effect: this runs
				// before the answer is read, so AWS's refusals (an HTTP
				// 4xx or 5xx) are told apart by their status here.
				if resp, ok := out.RawResponse.(*smithyhttp.Response); err != nil || !lose(op) || !ok || resp.StatusCode >= 300 {
					return out, md, err
				}
				mu.Lock()
				lose := lost[op] < n
				lost[op]++
				mu.Unlock()
				if !lose {
					return out, md, err
				}
				return out, md, &smithyhttp.RequestSendError{Err: errors.New("read: connection reset by peer (the answer was lost)")}
			}), middleware.After)
	})
	return cfg
}
