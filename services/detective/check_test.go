package detective

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
`

func TestSectionRules(t *testing.T) {
	tests := []servicetest.SpecCase{
		{"valid", base + "security:\n  admin: security\n  detective: {members: all}\n", ""},
		{"defaults", base + "security:\n  admin: security\n  detective: {}\n", ""},
		{"no admin", base + "security:\n  detective: {}\n", "org.yaml:8:"},
		{"bad members", base + "security:\n  admin: security\n  detective: {members: everyone}\n", "org.yaml:9:"},
		{"did you mean", base + "security:\n  admin: security\n  detective: {members: nwe}\n", `Did you mean "new"?`},
		{"not offered", strings.Replace(base, "[us-east-1, eu-west-1]", "[us-east-1, ap-southeast-6]", 1) + "security:\n  admin: security\n  detective: {}\n",
			"org.yaml:4:24: " + Availability.Service + " is not offered in ap-southeast-6"},
		{"also a delegated administrator", strings.Replace(base, "accounts:", "organization:\n  delegatedAdministrators: [{service: "+Principal+", account: security}]\naccounts:", 1) +
			"security:\n  admin: security\n  detective: {}\n", "administrator is set by security.detective"},
	}
	servicetest.CheckSpecs(t, tests)
}

// members: all enrols existing accounts (a members resource per region);
// new only sets the organization configuration to NEW; none to NONE.
func TestDesired(t *testing.T) {
	for members, want := range map[string][]string{
		"all": {"delegated-admin:" + Principal + "/sec@example.com", "detective-admin:us-east-1/sec@example.com first=eu-west-1", "detective-org-config:us-east-1/sec@example.com NEW",
			"detective-members:us-east-1/sec@example.com ALL", "detective-admin:eu-west-1/sec@example.com first=eu-west-1", "detective-org-config:eu-west-1/sec@example.com NEW", "detective-members:eu-west-1/sec@example.com ALL"},
		"new": {"delegated-admin:" + Principal + "/sec@example.com", "detective-admin:us-east-1/sec@example.com first=eu-west-1", "detective-org-config:us-east-1/sec@example.com NEW",
			"detective-admin:eu-west-1/sec@example.com first=eu-west-1", "detective-org-config:eu-west-1/sec@example.com NEW"},
		"none": {"delegated-admin:" + Principal + "/sec@example.com", "detective-admin:us-east-1/sec@example.com first=eu-west-1", "detective-org-config:us-east-1/sec@example.com NONE",
			"detective-admin:eu-west-1/sec@example.com first=eu-west-1", "detective-org-config:eu-west-1/sec@example.com NONE"},
	} {
		s, errs := servicetest.Load(t, base+"security:\n  admin: security\n  detective: {members: "+members+"}\n")
		if errs != "" {
			t.Fatal(errs)
		}
		var got []string
		for _, r := range Desired(s) {
			line := r.Ref().String()
			if v := r.Attrs.String(AttrMembers); v != "" {
				line += " " + v
			}
			if v := r.Attrs.String(AttrFirst); v != "" {
				line += " first=" + v
			}
			got = append(got, line)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("members: %s: desired (-want +got):\n%s", members, diff)
		}
	}
	if s, _ := servicetest.Load(t, base); len(Desired(s)) != 0 {
		t.Error("no section, yet desired resources")
	}
}
