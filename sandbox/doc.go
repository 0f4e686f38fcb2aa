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
//   - each service's operations (org_*.go, sts.go);
//   - realism and faults, per process and never stored (limits.go,
//     faults.go): per-service token-bucket rate limits and per-call latency,
//     and seeded faults (throttling, server errors, concurrent modification,
//     eventual consistency). Both strike before an operation runs, so a
//     refused request changes nothing.
//
// Rate limits. AWS does not publish Organizations' request rate; it throttles
// early and per account, and what users report is a few requests a second
// sustained with short bursts. DefaultRateLimits therefore models it at
// 10 requests/s with a burst of 20: conservative enough that a client
// sitting within it stays within AWS too. Identity Center (sso and
// identitystore) share one bucket, 20/s, as AWS counts their calls
// together; every other service gets 10/s. Over the limit, a request gets
// the throttling error that service sends: Organizations
// TooManyRequestsException with HTTP 400 (the model says 429, AWS sends 400),
// STS <Code>Throttling</Code> of type Sender, others ThrottlingException;
// the SDKs retry each of them as a throttle.
//
// Limits are off unless asked for (WithRateLimits, orgctl's --rate aws):
// the sandbox is first a fast, local AWS for trying orgctl and for tests,
// and throttling costs a client seconds of backoff. Benchmarks and
// reliability tests turn them on.
//
// Faults (WithFaults, orgctl's --faults) draw once per request from a
// generator seeded with Faults.Seed, so a run is reproducible when requests
// arrive in the same order. Eventual consistency hides an OU, policy or
// account for Faults.Consistency after its creation: list calls leave it
// out, and a request naming it (as target, parent, policy, account or
// resource) gets the not-found error AWS gives for a missing one.
//
// What it must not do: import orgctl's spec, engine or providers packages
// (it emulates AWS, not orgctl), or call AWS.
//
// Start one with Init, Open or Reset, serve it with Handler or Listen, and
// point clients at it with BaseEndpoint (SDK) or --endpoint-url (CLI) and the
// static credentials from Credentials. GET /_sandbox/calls returns the
// per-operation request counts as JSON, GET /_sandbox/faults the injected
// errors by kind.
package sandbox
