// Package providertest holds what every provider's tests share: an Env
// for a sandbox, the check that a provider's declared IAM actions are
// exactly the requests its code makes, and the conformance harness every
// kind of every service runs (create, plan empty, re-apply as no-ops,
// update, delete, delete again).
//
// It is imported by tests only.
package providertest
