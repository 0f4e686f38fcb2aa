// Package engine turns a spec and a live organization into a plan and
// carries it out. It owns the resource model (kinds, natural keys, plain
// attributes), the diff, the plan as a DAG with its ordering rules, the
// parallel apply walk, and the renderings of a plan (JSON is the model;
// text and Markdown read it).
//
// engine knows resource kinds and their dependencies but nothing of AWS:
// it imports no AWS SDK package. Providers translate between resources and
// API calls behind the Provider interface.
package engine
