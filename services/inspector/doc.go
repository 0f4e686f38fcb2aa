// Package inspector is Amazon Inspector as the engine sees it,
// organization-wide: the security account designated Inspector's delegated
// administrator in every governed region (registered with Organizations as
// Inspector's delegated administrator), the organization configuration it
// keeps there (which scan types accounts that join later get), and, with
// members: all, the accounts already in the organization enrolled as its
// members with the spec's scan types. It holds the spec's
// security.inspector section, the kinds, their rules and the desired
// builder; providers/inspector carries them out.
//
// It must not import a provider.
package inspector
