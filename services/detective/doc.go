// Package detective is Amazon Detective as the engine sees it,
// organization-wide: the security account designated Detective's
// administrator in every governed region (registered with Organizations
// as Detective's delegated administrator; designation makes its
// organization behavior graph), the organization configuration that
// account keeps there (whether accounts that join become members), and,
// with members: all, the enrolment of the accounts already in the
// organization. It holds the spec's security.detective section, the
// kinds, their rules and the desired builder; providers/detective carries
// them out.
//
// It must not import a provider.
package detective
