// Package auditmanager is AWS Audit Manager as the engine sees it,
// organization-wide: the security account designated Audit Manager's
// delegated administrator in every governed region (registered with
// Organizations as its delegated administrator), and Audit Manager
// registered (enabled) in that account there. It holds the spec's
// security.auditManager section, the kinds, their rules and the desired
// builder; providers/auditmanager carries them out.
//
// It must not import a provider.
package auditmanager
