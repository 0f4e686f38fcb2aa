// Package sandboxtest serves a sandbox to tests over HTTP with a fake clock,
// and builds SDK configurations and AWS CLI runs against it. It knows no
// service: a test imports the service packages it needs.
//
// It owns test plumbing only; it must not import a service package (the
// services' own tests import it) or be imported outside tests.
package sandboxtest
