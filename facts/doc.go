// Package facts holds what spec, engine and providers must agree
// on, each fact once: AWS's organization policy types and their limits,
// its Regions and the service principals that take trusted access, the
// tags and names orgctl keeps for itself, how OU paths are written, and
// which characters make text other than it looks (refused in the spec,
// escaped in every rendering). It depends on nothing of orgctl's and
// holds no logic beyond looking facts up.
//
// The sandbox keeps its own copy of AWS's limits (it emulates AWS, not
// orgctl); a test there pins that copy to this table.
package facts
