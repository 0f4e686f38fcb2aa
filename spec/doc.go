// Package spec owns org.yaml: its Go model, loading (includes, strict
// decoding with source positions), defaults and validation. Every rule that
// can be checked without AWS is checked here, before any AWS call, and each
// problem is a diagnostic naming file:line:col and what to change.
//
// Load and LoadFS read a spec; every file (includes, policy files) is read
// through an fs.FS, so a spec can come from a directory or a git tree. The
// files, by concern:
//
//	load.go                 Load, LoadFS and the order of the phases
//	yamlnode.go             YAML parsing, aliases and merge keys, with limits
//	yamltags.go             explicit YAML tags: the core schema's only
//	decode.go               strict decoding into the model, with positions
//	include.go              include: globs, cycles, merging with re-keyed positions
//	document.go             policy documents to minified JSON (Content)
//	document_places.go      the lines of a document's elements, for its problems
//	defaults.go             defaults applied to a valid spec
//	validate*.go            the rules, one named function each, by concern;
//	                        validate_text.go the characters no string may hold;
//	                        emails and policy grammar are AWS's rules, shared
//	                        with the sandbox (awsemail, policygrammar)
//	walk.go                 helpers for the engine (WalkOUs, Policy, PolicyTypeOf)
//	schema.go               GenerateSchema, the source of schema.json
//
// spec must not import engine, providers or any AWS SDK package.
package spec
