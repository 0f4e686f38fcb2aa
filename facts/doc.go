// Package facts holds what spec, engine, providers and import must agree
// on, each fact once: AWS's organization policy types and their limits,
// the tags and names orgctl keeps for itself, and how OU paths are
// written. It depends on nothing of orgctl's and holds no logic beyond
// looking facts up.
//
// The sandbox keeps its own copy of AWS's limits (it emulates AWS, not
// orgctl); a test there pins that copy to this table.
package facts
