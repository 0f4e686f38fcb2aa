package auditmanager

import (
	"fmt"

	"github.com/orgctl/orgctl/services/regional"
	"github.com/orgctl/orgctl/spec"
)

// check validates security.auditManager.
func check(s *spec.Spec, v any, r *spec.Reporter) {
	am := v.(*AuditManager)
	switch {
	case am.Admin != "":
		r.Account(Path+".admin", am.Admin, Path+".admin")
	case s.Security.Admin == "":
		r.Errorf(Path, "Add security.admin (or admin: here): the name of the account that runs AWS Audit Manager for the organization (a security account, not the management account).",
			"security.auditManager needs security.admin")
	}
	regional.Validate(s, r, Path, Availability)
	for i, d := range s.Organization.DelegatedAdministrators {
		if d.Service == Principal {
			r.Errorf(fmt.Sprintf("organization.delegatedAdministrators[%d].service", i),
				"security.auditManager designates Audit Manager's administrator, through Audit Manager's own API; remove this entry.",
				"AWS Audit Manager's administrator is set by security.auditManager")
		}
	}
}
