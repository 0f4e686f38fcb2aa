package fms

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/servicetest"
)

// base is a spec with a security account and room for the section.
const base = `version: 1
settings:
  homeRegion: eu-west-1
  regions: [eu-west-1]
accounts:
  - {name: security, email: sec@example.com}
  - {name: network, email: net@example.com}
  - {name: old, email: old@example.com, closed: true}
`

func TestSectionRules(t *testing.T) {
	tests := []servicetest.SpecCase{
		{"valid", base + "security:\n  admin: security\n  firewallManager: {}\n", ""},
		{"own admin", base + "security:\n  firewallManager: {admin: network}\n", ""},
		{"no admin", base + "security:\n  firewallManager: {}\n", "org.yaml:10:20: security.firewallManager needs security.admin"},
		{"unknown own admin", base + "security:\n  firewallManager: {admin: netwrk}\n", `org.yaml:10:28: security.firewallManager.admin: unknown account "netwrk"`},
		{"did you mean", base + "security:\n  firewallManager: {admin: netwrk}\n", `Did you mean "network"?`},
		{"closed own admin", base + "security:\n  firewallManager: {admin: old}\n", `account "old" is closed`},
		{"GovCloud", strings.Replace(strings.Replace(base, "eu-west-1", "us-gov-west-1", 2), "[us-gov-west-1]", "[us-gov-west-1]", 1) + "security:\n  admin: security\n  firewallManager: {}\n",
			"us-gov-west-1 is in the aws-us-gov partition, where orgctl cannot associate Firewall Manager's administrator"},
		{"also a delegated administrator", strings.Replace(base, "accounts:", "organization:\n  trustedAccess: [fms.amazonaws.com]\n  delegatedAdministrators: [{service: fms.amazonaws.com, account: security}]\naccounts:", 1) +
			"security:\n  admin: security\n  firewallManager: {}\n", "Firewall Manager's administrator is set by security.firewallManager"},
		{"policies are not here yet", base + "security:\n  admin: security\n  firewallManager: {policies: []}\n", `unknown key "policies" in security.firewallManager`},
		{"typo of the section", base + "security:\n  admin: security\n  firewalManager: {}\n", `Did you mean "firewallManager"?`},
	}
	servicetest.CheckSpecs(t, tests)
}

func TestDesired(t *testing.T) {
	s, errs := servicetest.Load(t, base+"security:\n  admin: security\n  firewallManager: {}\n")
	if errs != "" {
		t.Fatal(errs)
	}
	var got []string
	for _, r := range Desired(s) {
		got = append(got, r.Ref().String()+" "+r.Attrs.String(AttrRegion))
	}
	want := []string{"delegated-admin:fms.amazonaws.com/sec@example.com ", "fms-admin:sec@example.com us-east-1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("desired (-want +got):\n%s", diff)
	}
	if got := Desired(s)[1].Source; got == nil || got.Line != 10 {
		t.Errorf("the administrator's source is %v, want security.admin's line 10", got)
	}
	if ta := s.TrustedAccess(); len(ta) != 1 || ta[0] != Principal {
		t.Errorf("trusted access = %v, want [%s]", ta, Principal)
	}
	s, _ = servicetest.Load(t, base+"security:\n  admin: security\n  firewallManager: {admin: network}\n")
	if got := Desired(s)[1].Key; got != "net@example.com" {
		t.Errorf("the section's own admin: %s", got)
	}
	s, _ = servicetest.Load(t, base)
	if got := Desired(s); got != nil {
		t.Errorf("no section, yet desired %v", got)
	}
}

func TestCheckRefusesTheManagementAccount(t *testing.T) {
	r := engine.Resource{Kind: KindAdmin, Key: "mgmt@example.com", Attrs: engine.Attrs{AttrAccount: "mgmt@example.com", AttrRegion: Region}}
	live := []engine.Resource{{Kind: "account", Key: "mgmt@example.com", Attrs: engine.Attrs{"management": true}}}
	if got := kinds[0].Check(r, engine.NewCheckEnv(nil, live)); !strings.Contains(got, "the management account cannot be Firewall Manager's administrator") {
		t.Errorf("got %q", got)
	}
	r.Attrs[AttrAccount] = "sec@example.com"
	if got := kinds[0].Check(r, engine.NewCheckEnv(nil, live)); got != "" {
		t.Errorf("a member account refused: %q", got)
	}
}
