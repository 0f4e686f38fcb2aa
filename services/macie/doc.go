// Package macie is Amazon Macie as the engine sees it, organization-wide:
// the security account designated Macie's administrator in every governed
// region (registered with Organizations as Macie's delegated
// administrator), the organization configuration that account keeps there
// (whether accounts that join are enrolled), and, with members: all, the
// enrolment of the accounts already in the organization. It holds the
// spec's security.macie section, the kinds, their rules and the desired
// builder; providers/macie carries them out.
//
// It must not import a provider.
package macie
