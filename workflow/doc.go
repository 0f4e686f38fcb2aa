// Package workflow runs orgctl's commands on the engine, whatever the
// front end: planning with the live commit, and the apply workflow — take
// the apply lock, make the plan (or check that a saved one is still
// fresh), let the caller review it, apply it, and record the commit that
// is now live.
//
// It names no service. What the workflow needs beyond the engine's
// Provider it finds through optional interfaces: a Locker holds the apply
// lock, a Recorder keeps the live commit. A set of providers with neither
// applies unlocked and records nothing.
//
// It prints nothing: callers are told through callbacks and results, so
// that cmd/orgctl and tests drive it alike.
package workflow
