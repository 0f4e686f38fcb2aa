// Package sandbox is a local AWS emulator that the real aws-sdk-go-v2 clients
// and the AWS CLI talk to unchanged over HTTP. It keeps AWS's rules: the same
// error codes, HTTP statuses and limits, asynchronous account creation,
// policy-type enablement and account closure, and which account may call
// what. This release emulates Organizations (awsJson1_1) and STS (awsQuery).
//
// What it owns:
//   - the wire protocols (awsjson.go, awsquery.go) and routing by the SigV4
//     signing name (server.go); a new service is a set of operations passed
//     to registerService;
//   - authentication by access key (auth.go; signatures are not verified);
//   - the emulated world, one JSON state file written atomically on every
//     successful write and locked for the life of a Sandbox (state.go,
//     store.go); time-driven transitions are derived from stored timestamps
//     when state is read (lifecycle.go), so they survive restarts and need no
//     goroutines;
//   - each service's operations (org_*.go, sts.go).
//
// What it must not do: import orgctl's spec, engine or providers packages
// (it emulates AWS, not orgctl), or call AWS.
//
// Start one with Init, Open or Reset, serve it with Handler or Listen, and
// point clients at it with BaseEndpoint (SDK) or --endpoint-url (CLI) and the
// static credentials from Credentials. GET /_sandbox/calls returns the
// per-operation request counts as JSON.
package sandbox
