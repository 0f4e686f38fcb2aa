package facts_test

import (
	"testing"

	_ "github.com/orgctl/orgctl/catalog" // every service's spec sections
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

// The principals the services' sections imply (their trusted access,
// given as if the spec listed it) are principals AWS Organizations knows.
func TestSectionPrincipalsAreKnown(t *testing.T) {
	secs := spec.Sections()
	if len(secs) == 0 {
		t.Fatal("no section registered; the catalogue should register them")
	}
	for _, sec := range secs {
		if sec.TrustedAccess == nil {
			continue
		}
		for _, p := range sec.TrustedAccess(sec.New()) {
			if facts.TrustedAccessPrincipals[p] == "" {
				t.Errorf("section %s implies trusted access for %s, which is not in facts.TrustedAccessPrincipals", sec.Path, p)
			}
		}
	}
}
