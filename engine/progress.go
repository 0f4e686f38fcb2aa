package engine

import (
	"context"
	"fmt"
)

// ProgressHooks are Hooks that also hear how a long change is getting on
// (enrolling 5,000 accounts in a service takes an hour): Apply hands the
// provider a context through which it reports.
type ProgressHooks interface {
	Hooks
	Progress(c *Change, message string)
}

type progressKey struct{}

// withProgress returns ctx carrying where c's progress goes, when hooks
// listen for it.
func withProgress(ctx context.Context, hooks Hooks, c *Change) context.Context {
	ph, ok := hooks.(ProgressHooks)
	if !ok {
		return ctx
	}
	return context.WithValue(ctx, progressKey{}, func(msg string) { ph.Progress(c, msg) })
}

// Progress reports, from a provider's Apply, how the change is getting
// on ("enrolled 40 of 120 accounts"). It does nothing when nobody listens.
func Progress(ctx context.Context, format string, args ...any) {
	if fn, ok := ctx.Value(progressKey{}).(func(string)); ok {
		fn(fmt.Sprintf(format, args...))
	}
}

// ReadHooks hear how a read of the live organization is getting on: at
// AWS's rates a read of 500 accounts takes a minute, of 5,000 ten, and a
// command that says nothing meanwhile looks hung. ReadLive calls them from
// many goroutines at once.
type ReadHooks interface {
	// ReadStarted and ReadFinished bracket each provider's Read.
	ReadStarted(provider string)
	ReadFinished(provider string, err error)
	// ReadProgress says a provider has done done of the total reads it
	// knows of so far; total grows as listings find more to read.
	ReadProgress(provider string, done, total int, unit string)
	// ReadCalled says a provider's read made one more AWS request: a
	// read that knows no total still shows it moves.
	ReadCalled(provider string)
}

type readHooksKey struct{}

type readProviderKey struct{}

// WithReadHooks returns ctx carrying h, which then hears every ReadLive
// under it.
func WithReadHooks(ctx context.Context, h ReadHooks) context.Context {
	return context.WithValue(ctx, readHooksKey{}, h)
}

// readStarting tells the hooks, if any, that provider's read starts, and
// returns the context its Read reports through and the call that ends it.
func readStarting(ctx context.Context, provider string) (context.Context, func(error)) {
	h, ok := ctx.Value(readHooksKey{}).(ReadHooks)
	if !ok {
		return ctx, func(error) {}
	}
	h.ReadStarted(provider)
	return context.WithValue(ctx, readProviderKey{}, provider), func(err error) { h.ReadFinished(provider, err) }
}

// ReadCalled reports, from the SDK middleware every provider's clients
// share, that a request was made under ctx: it reaches the hooks when
// ctx is a provider's Read's.
func ReadCalled(ctx context.Context) {
	h, ok := ctx.Value(readHooksKey{}).(ReadHooks)
	name, named := ctx.Value(readProviderKey{}).(string)
	if ok && named {
		h.ReadCalled(name)
	}
}

// ReadProgress reports, from a provider's Read, that done of the total
// reads (in unit: "reads", "accounts") known so far are done. It does
// nothing when nobody listens.
func ReadProgress(ctx context.Context, done, total int, unit string) {
	h, ok := ctx.Value(readHooksKey{}).(ReadHooks)
	name, named := ctx.Value(readProviderKey{}).(string)
	if ok && named {
		h.ReadProgress(name, done, total, unit)
	}
}
