// Package importer turns a live organization, as the providers read it,
// into a spec directory that plans clean: org.yaml, one pretty-printed JSON
// file per policy under policies/, schema.json for editors and, for large
// organizations, the accounts split by top-level OU into accounts/*.yaml.
//
// Build works on engine resources only (it never calls AWS and never
// changes the organization); Write puts the files on disk. The output is a
// function of the organization alone: sorted, formatted, no timestamps or
// AWS IDs, so importing the same organization twice gives identical bytes
// and a later import shows a clean git diff.
//
// What the spec cannot express (delegated administrators, names the spec
// rejects, policies of a type that is not enabled, ...) is listed in a
// comment block at the top of org.yaml, never dropped silently. orgctl's
// own records (root tags starting with facts.ReservedTagPrefix, the apply
// lock policy facts.LockPolicyName) are left out.
//
// importer must not import providers or any AWS SDK package.
package importer
