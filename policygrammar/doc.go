// Package policygrammar checks an organization policy document against
// the grammar AWS documents for its type, so that orgctl validate refuses
// what CreatePolicy would answer with MalformedPolicyDocumentException,
// and the sandbox answers as AWS does. The validator and the sandbox use
// this one package, so they cannot drift apart.
//
// Three grammars, from the Organizations User Guide:
//   - SCPs ("SCP syntax"): IAM's policy language without Principal and
//     NotPrincipal;
//   - RCPs ("RCP syntax"): Deny statements for every principal ("*"),
//     without NotAction and NotPrincipal;
//   - the management policy types ("Policy syntax and inheritance for
//     management policy types" and each type's syntax page): JSON under the
//     type's fixed top-level key, values set through the inheritance
//     operators @@assign, @@append and @@remove, and
//     @@operators_allowed_for_child_policies.
//
// Check finds problems as paths into the document; placing a path in a
// file (a line and column) is the caller's business. It depends on
// nothing of orgctl's but its shared "did you mean".
package policygrammar
