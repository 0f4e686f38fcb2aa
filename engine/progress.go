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
