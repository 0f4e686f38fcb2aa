// Package cloudtrail is the organization's CloudTrail trail as the engine
// sees it: one trail in the home region, made by the management account,
// that logs every account of the organization (and, by default, every
// region). It holds the spec's cloudTrail section, the trail's kind and
// rules, and the desired builder; providers/cloudtrail carries them out.
//
// It must not import a provider.
package cloudtrail
