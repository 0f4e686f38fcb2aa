// Package sandboxtest is the setup the service packages' tests share: a
// sandbox on a fresh state file with a fake clock, served on a loopback
// port (Env), SDK configurations and Organizations and STS clients for the
// management account and for roles assumed in member accounts, member
// accounts and trusted access made through the API, the AWS CLI run
// against the sandbox, and the check that injected faults are each
// service's own retryable errors. The expectations of errors are in
// expect.
//
// It owns test plumbing only. It must not import a service package (the
// services' own tests import it, and import the services they need: the
// account helpers need sandbox/organizations and sandbox/sts registered),
// nor be imported outside tests. What needs nothing of the sandbox is in
// coretest, so that the core's own tests can use it too.
package sandboxtest
