// Package workflow runs orgctl's commands on the engine, whatever the
// front end: planning with the organization it is for and the live commit,
// and the apply workflow — check that a saved plan is for the organization
// reached, take the apply lock, make the plan (or check that a saved one
// is still fresh), let the caller review it, apply it, and record the
// commit that is now live, or that an apply from disk overrode it.
//
// It names no service. What the workflow needs beyond the engine's
// Provider it finds through optional interfaces: an Identifier says which
// organization the providers reach, a Locker holds the apply lock, a
// Recorder keeps the live commit. A set of providers with none of them
// applies unchecked and unlocked, and records nothing.
//
// It prints nothing: callers are told through callbacks and results, so
// that cmd/orgctl and tests drive it alike.
package workflow
