// Package expect holds the expectations of an error the sandbox's tests
// share: each returns what is wrong with an error, or "", and Check fails
// a named case with it. Tests keep the expectations of their own service's
// error types beside them.
//
// It needs nothing of the sandbox, and is for tests only.
package expect
