package facts

import (
	"strings"
	"testing"
)

func TestTrustedAccessPrincipals(t *testing.T) {
	for p, svc := range TrustedAccessPrincipals {
		if !strings.HasSuffix(p, ".amazonaws.com") || strings.ContainsAny(p, " \t") || svc == "" {
			t.Errorf("%q (%q) is not a service principal with its service", p, svc)
		}
	}
	// The policy types that need trusted access name a principal AWS knows.
	for _, pt := range PolicyTypes {
		if pt.ServicePrincipal != "" && TrustedAccessPrincipals[pt.ServicePrincipal] == "" {
			t.Errorf("policy type %s needs %s, which is not in TrustedAccessPrincipals", pt.Name, pt.ServicePrincipal)
		}
	}
	names := TrustedAccessPrincipalNames()
	if len(names) != len(TrustedAccessPrincipals) || names[0] != "access-analyzer.amazonaws.com" {
		t.Errorf("TrustedAccessPrincipalNames() = %v", names)
	}
}
