// Package fms is AWS Firewall Manager's default administrator as the
// engine sees it: the security account associated, from the management
// account in us-east-1, as the administrator of Firewall Manager for the
// whole organization (and registered with Organizations as its delegated
// administrator). It holds the spec's security.firewallManager section,
// the administrator's kind and rules, and the desired builder;
// providers/fms carries them out. Firewall Manager's policies are not
// here.
//
// It must not import a provider.
package fms
