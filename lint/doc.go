// Package lint reviews the organization a spec describes for security:
// where validate says whether AWS will accept a spec, lint says whether
// the organization is sound (an organization trail, a security account
// that runs the security services, guardrails that do not lock orgctl or
// the security tooling out, policy documents that mean what they say).
//
// Each rule has an id, a severity, why it matters and how to fix it; its
// findings point at the spec (file:line:col). Rules switched off by
// settings.lint.disable still run, and their findings are listed as
// suppressed, with the reason. lint reads the spec only: it never calls
// AWS, and it reads service sections through spec's section registry, so
// a rule about a section the spec cannot express yet reports it missing
// and starts working once a service registers it.
package lint
