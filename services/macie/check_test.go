package macie

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/spec"
)

const base = `version: 1
settings:
  homeRegion: eu-west-1
  regions: [us-east-1, eu-west-1]
accounts:
  - {name: security, email: sec@example.com}
`

func load(t *testing.T, yaml string) (*spec.Spec, string) {
	t.Helper()
	s, ds := spec.LoadFS(fstest.MapFS{"org.yaml": {Data: []byte(yaml)}}, "org.yaml")
	return s, ds.Error()
}

func TestSectionRules(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"valid", base + "security:\n  admin: security\n  macie: {members: all}\n", ""},
		{"defaults", base + "security:\n  admin: security\n  macie: {}\n", ""},
		{"no admin", base + "security:\n  macie: {}\n", "org.yaml:8:"},
		{"bad members", base + "security:\n  admin: security\n  macie: {members: everyone}\n", "org.yaml:9:"},
		{"did you mean", base + "security:\n  admin: security\n  macie: {members: nwe}\n", `Did you mean "new"?`},
		{"not offered", strings.Replace(base, "[us-east-1, eu-west-1]", "[us-east-1, ap-southeast-6]", 1) + "security:\n  admin: security\n  macie: {}\n",
			"org.yaml:4:24: " + Availability.Service + " is not offered in ap-southeast-6"},
		{"also a delegated administrator", strings.Replace(base, "accounts:", "organization:\n  delegatedAdministrators: [{service: "+Principal+", account: security}]\naccounts:", 1) +
			"security:\n  admin: security\n  macie: {}\n", "administrator is set by security.macie"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, tt.yaml)
			if tt.want == "" && got != "" {
				t.Fatalf("want a valid spec, got:\n%s", got)
			}
			if tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("want %q in:\n%s", tt.want, got)
			}
		})
	}
}

// members: all enrols existing accounts (a members resource per region);
// new only sets the organization configuration to NEW; none to NONE.
func TestDesired(t *testing.T) {
	for members, want := range map[string][]string{
		"all": {"delegated-admin:" + Principal + "/sec@example.com", "macie-admin:us-east-1/sec@example.com first=eu-west-1", "macie-org-config:us-east-1/sec@example.com NEW",
			"macie-members:us-east-1/sec@example.com ALL", "macie-admin:eu-west-1/sec@example.com first=eu-west-1", "macie-org-config:eu-west-1/sec@example.com NEW", "macie-members:eu-west-1/sec@example.com ALL"},
		"new": {"delegated-admin:" + Principal + "/sec@example.com", "macie-admin:us-east-1/sec@example.com first=eu-west-1", "macie-org-config:us-east-1/sec@example.com NEW",
			"macie-admin:eu-west-1/sec@example.com first=eu-west-1", "macie-org-config:eu-west-1/sec@example.com NEW"},
		"none": {"delegated-admin:" + Principal + "/sec@example.com", "macie-admin:us-east-1/sec@example.com first=eu-west-1", "macie-org-config:us-east-1/sec@example.com NONE",
			"macie-admin:eu-west-1/sec@example.com first=eu-west-1", "macie-org-config:eu-west-1/sec@example.com NONE"},
	} {
		s, errs := load(t, base+"security:\n  admin: security\n  macie: {members: "+members+"}\n")
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
	if s, _ := load(t, base); len(Desired(s)) != 0 {
		t.Error("no section, yet desired resources")
	}
}
