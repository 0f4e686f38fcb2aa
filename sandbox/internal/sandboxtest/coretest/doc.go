// Package coretest holds the test helpers that need nothing of the
// sandbox: a settable clock, raw requests to a handler and the check of
// awsJson answers, the check that a read leaves the state file alone, and
// the one that seeded faults repeat. The core's own tests (package
// sandbox) use it: they cannot import sandboxtest, which imports the core.
// sandboxtest builds on it.
//
// It must not import the sandbox or any service, and is for tests only.
package coretest
