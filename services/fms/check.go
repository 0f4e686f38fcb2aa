package fms

import (
	"fmt"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

// check validates security.firewallManager.
func check(s *spec.Spec, v any, r *spec.Reporter) {
	f := v.(*FirewallManager)
	switch {
	case f.Admin != "":
		r.Account(Path+".admin", f.Admin, Path+".admin")
	case s.Security.Admin == "":
		r.Errorf(Path, "Add security.admin (or security.firewallManager.admin): the account that administers Firewall Manager for the organization (a security account, not the management account).",
			"security.firewallManager needs security.admin")
	}
	// The association is made in us-east-1: an organization of another
	// partition (GovCloud, China) has no us-east-1.
	if home, ok := facts.LookupRegion(s.Home()); ok && home.Partition != "aws" {
		at := "settings.homeRegion"
		r.Errorf(at, fmt.Sprintf("Remove %s: orgctl associates Firewall Manager's administrator in %s, which the %s partition does not have.", Path, Region, home.Partition),
			"%s is in the %s partition, where orgctl cannot associate Firewall Manager's administrator", s.Home(), home.Partition)
	}
	for i, d := range s.Organization.DelegatedAdministrators {
		if d.Service == Principal {
			r.Errorf(fmt.Sprintf("organization.delegatedAdministrators[%d].service", i),
				"security.firewallManager associates Firewall Manager's administrator, through Firewall Manager's own API; remove this entry.",
				"Firewall Manager's administrator is set by security.firewallManager")
		}
	}
}
