// Package sandbox is the core of a local AWS emulator that the real
// aws-sdk-go-v2 clients and the AWS CLI talk to unchanged over HTTP. It names
// no service: each emulated service is a package of its own that registers
// itself (Register, RegisterSlice, RegisterSettings) from an init function,
// and is served once imported; the package all imports every one.
//
// What it owns:
//   - the HTTP server and routing by the SigV4 signing name (server.go), and
//     the registry of services (service.go);
//   - authentication by access key (auth.go; signatures are not verified),
//     and identity (identity.go): the admin user's static credentials,
//     temporary credentials, IAM roles per account and the accounts they
//     trust. Every operation sees the caller's account, from its
//     credentials, and the region of the SigV4 credential scope (Call).
//     A request signed for a Region the caller's account may not call in
//     (an opt-in Region it has not enabled, as the gate a service
//     registers with RegisterRegionGate says) fails as an unknown key;
//   - the wire codecs every service shares: awsJson1_0/1_1 with X-Amz-Target
//     (codec_json.go), awsQuery (codec_query.go) and restJson1 with a route
//     table (codec_rest.go); input validation and signed pagination tokens
//     (validate.go);
//   - persistence: one JSON state file holding the identity and each
//     service's slice, opaque to the core, written atomically on every
//     successful write, restored on a failed one, and locked for the life of
//     a Sandbox (state.go, store.go); service settings stored by Init and
//     overridden per process by Open (settings.go); older formats migrated
//     on load (migrate.go). Time-driven transitions are derived from stored
//     timestamps by each slice's Advance before every request (RunDue in
//     lifecycle.go), so they survive restarts and need no goroutines;
//   - realism and faults, per process and never stored (limits.go,
//     faults.go): token-bucket rate limits per bucket and per-call latency,
//     and seeded faults (throttling, server errors, concurrent modification,
//     eventual consistency). Both strike before an operation runs, so a
//     refused request changes nothing; the errors are each service's own,
//     from the hooks it declares (Service.Throttle, ServerFault,
//     ConcurrentModification, Consistency);
//   - overlap (contention.go): a request is in progress from its arrival
//     to its answer; a caller over its bucket's InFlight gets Service.Busy,
//     and a write naming an entity (Service.Entities) that another write in
//     progress names gets ConcurrentModification, always, as on AWS.
//
// Rate limits are off unless asked for (WithRateLimits, orgctl's --rate
// aws): the sandbox is first a fast, local AWS for trying orgctl and for
// tests, and throttling costs a client seconds of backoff. Each service
// declares its bucket and default rate (services may share a bucket), and
// the buckets of operations AWS limits apart, per caller (Bucket.Ops);
// DefaultRateLimits collects them, with 10 requests a second for every
// service without a bucket of its own. Benchmarks and reliability tests
// turn them on.
//
// Faults (WithFaults, orgctl's --faults) draw once per request from a
// generator seeded with Faults.Seed, so a run is reproducible when requests
// arrive in the same order. Eventual consistency applies only to services
// that declare it: their young entities are unseen for Faults.Consistency.
//
// What it must not do: name or import any service, or import orgctl's spec,
// engine or providers packages (it emulates AWS, not orgctl), or call AWS. A
// test fails if a non-test source file here mentions a service's signing
// name or target prefix.
//
// Start one with Init, Open or Reset, serve it with Handler or Listen, and
// point clients at it with BaseEndpoint (SDK) or --endpoint-url (CLI) and the
// static credentials from Credentials. GET /_sandbox/calls returns the
// per-operation request counts as JSON, GET /_sandbox/faults the injected
// errors by kind.
package sandbox
