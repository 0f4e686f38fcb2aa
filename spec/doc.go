// Package spec owns org.yaml: its Go model, loading (includes, strict
// decoding with source positions), defaults and validation. Every rule that
// can be checked without AWS is checked here, before any AWS call, and each
// problem is a diagnostic naming file:line:col and what to change.
//
// spec must not import engine, providers or any AWS SDK package.
package spec
