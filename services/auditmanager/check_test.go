package auditmanager

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/services/servicetest"
)

const base = `version: 1
settings:
  homeRegion: eu-west-1
  regions: [us-east-1, eu-west-1]
accounts:
  - {name: security, email: sec@example.com}
  - {name: audit, email: audit@example.com}
  - {name: old, email: old@example.com, closed: true}
`

func TestSectionRules(t *testing.T) {
	paris := strings.Replace(base, "[us-east-1, eu-west-1]", "[eu-west-1, eu-west-3]", 1)
	tests := []servicetest.SpecCase{
		{"valid", base + "security:\n  admin: security\n  auditManager: {}\n", ""},
		{"its own admin", base + "security:\n  auditManager: {admin: audit}\n", ""},
		{"no admin", base + "security:\n  auditManager: {}\n", "org.yaml:10:17: security.auditManager needs security.admin"},
		{"unknown own admin", base + "security:\n  auditManager: {admin: audt}\n", `org.yaml:10:25: security.auditManager.admin: unknown account "audt"`},
		{"closed own admin", base + "security:\n  auditManager: {admin: old}\n", `account "old" is closed`},
		{"not offered in eu-west-3", paris + "security:\n  admin: security\n  auditManager: {}\n",
			"org.yaml:4:24: AWS Audit Manager is not offered in eu-west-3: Govern other Regions, or remove security.auditManager"},
		{"also a delegated administrator", strings.Replace(base, "accounts:", "organization:\n  trustedAccess: [auditmanager.amazonaws.com]\n  delegatedAdministrators: [{service: auditmanager.amazonaws.com, account: security}]\naccounts:", 1) +
			"security:\n  admin: security\n  auditManager: {}\n", "AWS Audit Manager's administrator is set by security.auditManager"},
		{"unknown key", base + "security:\n  admin: security\n  auditManager: {enabled: true}\n", `unknown key "enabled" in security.auditManager`},
	}
	servicetest.CheckSpecs(t, tests)
}

func TestDesired(t *testing.T) {
	s, errs := servicetest.Load(t, base+"security:\n  admin: security\n  auditManager: {}\n")
	if errs != "" {
		t.Fatal(errs)
	}
	var got []string
	for _, r := range Desired(s) {
		got = append(got, r.Ref().String()+" "+r.Attrs.String(AttrStatus)+" first="+r.Attrs.String(AttrFirst))
	}
	want := []string{
		"delegated-admin:auditmanager.amazonaws.com/sec@example.com  first=",
		"auditmanager-admin:us-east-1/sec@example.com  first=eu-west-1",
		"auditmanager-account:us-east-1/sec@example.com ACTIVE first=",
		"auditmanager-admin:eu-west-1/sec@example.com  first=eu-west-1",
		"auditmanager-account:eu-west-1/sec@example.com ACTIVE first=",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("desired (-want +got):\n%s", diff)
	}
	if ta := s.TrustedAccess(); len(ta) != 1 || ta[0] != Principal {
		t.Errorf("trusted access = %v, want [%s]", ta, Principal)
	}
	s, _ = servicetest.Load(t, base)
	if got := Desired(s); got != nil {
		t.Errorf("no section, yet desired: %v", got)
	}
}
