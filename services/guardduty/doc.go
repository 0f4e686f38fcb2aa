// Package guardduty is GuardDuty as the engine sees it, organization-wide:
// the security account designated GuardDuty's administrator in every
// governed region (registered with Organizations as GuardDuty's delegated
// administrator), and the organization configuration that account keeps
// there (which accounts GuardDuty enrols, and which protection plans they
// get). It holds the spec's security.guardDuty section, the kinds, their
// rules and the desired builder; providers/guardduty carries them out.
//
// It must not import a provider.
package guardduty
