// Package engine turns a spec and a live organization into a plan and
// carries it out. It owns the resource model (kinds, natural keys, plain
// attributes), the diff, the plan as a DAG with its ordering rules, the
// parallel apply walk, and the renderings of a plan (JSON is the model;
// text and Markdown read it).
//
// engine knows resource kinds and their dependencies but nothing of AWS:
// it imports no AWS SDK package, and names no service. Each service
// registers its kinds (their order, dependencies and rules), its
// desired-resource builder and what AWS does by itself (Register, in
// service.go); providers translate between resources and API calls behind
// the Provider interface, finding each other's AWS IDs in the IDs the
// engine hands Apply (ids.go).
package engine
