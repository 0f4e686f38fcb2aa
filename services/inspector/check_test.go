package inspector

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/servicetest"
)

// base is a spec with a security account and room for an inspector section.
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
		{"valid", base + "security:\n  admin: security\n  inspector: {members: all, scans: [EC2, ECR, LAMBDA, LAMBDA_CODE, CODE_REPOSITORY]}\n", ""},
		{"empty section takes the defaults", base + "security:\n  admin: security\n  inspector: {}\n", ""},
		{"its own admin", base + "security:\n  inspector: {admin: audit}\n", ""},
		{"no admin", base + "security:\n  inspector: {}\n", "org.yaml:10:14: security.inspector needs security.admin"},
		{"unknown own admin", base + "security:\n  inspector: {admin: audt}\n", `org.yaml:10:22: security.inspector.admin: unknown account "audt"`},
		{"did you mean the account", base + "security:\n  inspector: {admin: audt}\n", `Did you mean "audit"?`},
		{"closed own admin", base + "security:\n  inspector: {admin: old}\n", `account "old" is closed`},
		{"bad members", base + "security:\n  admin: security\n  inspector: {members: everyone}\n", `org.yaml:11:24: security.inspector.members "everyone" is not all, new or none`},
		{"unknown scan", base + "security:\n  admin: security\n  inspector: {scans: [EC2, LAMDA]}\n", `org.yaml:11:28: unknown Amazon Inspector scan type "LAMDA"`},
		{"did you mean the scan", base + "security:\n  admin: security\n  inspector: {scans: [EC2, LAMDA]}\n", `Did you mean "LAMBDA"?`},
		{"a scan twice", base + "security:\n  admin: security\n  inspector: {scans: [EC2, EC2]}\n", `org.yaml:11:28: scan type EC2 is listed twice`},
		{"lambda code alone", base + "security:\n  admin: security\n  inspector: {scans: [EC2, LAMBDA_CODE]}\n", `org.yaml:11:28: LAMBDA_CODE needs LAMBDA`},
		{"lambda code where AWS lacks it", paris + "security:\n  admin: security\n  inspector: {scans: [LAMBDA, LAMBDA_CODE]}\n",
			"org.yaml:4:24: Amazon Inspector Lambda code scanning is not offered in eu-west-3"},
		{"the hint names the scan", paris + "security:\n  admin: security\n  inspector: {scans: [LAMBDA, LAMBDA_CODE]}\n",
			"remove LAMBDA_CODE from security.inspector.scans"},
		{"lambda where AWS has it", paris + "security:\n  admin: security\n  inspector: {scans: [LAMBDA]}\n", ""},
		{"inspector where AWS lacks it", strings.Replace(base, "[us-east-1, eu-west-1]", "[eu-west-1, ap-southeast-6]", 1) + "security:\n  admin: security\n  inspector: {}\n",
			"org.yaml:4:24: Amazon Inspector is not offered in ap-southeast-6"},
		{"also a delegated administrator", strings.Replace(base, "accounts:", "organization:\n  trustedAccess: [inspector2.amazonaws.com]\n  delegatedAdministrators: [{service: inspector2.amazonaws.com, account: security}]\naccounts:", 1) +
			"security:\n  admin: security\n  inspector: {}\n", "Amazon Inspector's administrator is set by security.inspector"},
		{"unknown key in the section", base + "security:\n  admin: security\n  inspector: {member: all}\n", `unknown key "member" in security.inspector`},
	}
	servicetest.CheckSpecs(t, tests)
}

func brief(rs []engine.Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Ref().String()+" "+r.Attrs.String(AttrMembers)+" "+strings.Join(r.Attrs.Strings(AttrScans), ",")+" first="+r.Attrs.String(AttrFirst))
	}
	return out
}

func TestDesired(t *testing.T) {
	for _, tt := range []struct {
		name, section string
		want          []string
	}{
		{"all, by default", "{scans: [LAMBDA, EC2]}", []string{
			"delegated-admin:inspector2.amazonaws.com/sec@example.com   first=",
			"inspector-admin:us-east-1/sec@example.com   first=eu-west-1",
			"inspector-org-config:us-east-1/sec@example.com NEW EC2,LAMBDA first=",
			"inspector-members:us-east-1/sec@example.com ALL EC2,LAMBDA first=",
			"inspector-admin:eu-west-1/sec@example.com   first=eu-west-1",
			"inspector-org-config:eu-west-1/sec@example.com NEW EC2,LAMBDA first=",
			"inspector-members:eu-west-1/sec@example.com ALL EC2,LAMBDA first=",
		}},
		{"new: no members, default scans", "{members: new}", []string{
			"delegated-admin:inspector2.amazonaws.com/sec@example.com   first=",
			"inspector-admin:us-east-1/sec@example.com   first=eu-west-1",
			"inspector-org-config:us-east-1/sec@example.com NEW EC2,ECR,LAMBDA first=",
			"inspector-admin:eu-west-1/sec@example.com   first=eu-west-1",
			"inspector-org-config:eu-west-1/sec@example.com NEW EC2,ECR,LAMBDA first=",
		}},
		{"none: nothing auto-enabled", "{members: none, admin: audit}", []string{
			"delegated-admin:inspector2.amazonaws.com/audit@example.com   first=",
			"inspector-admin:us-east-1/audit@example.com   first=eu-west-1",
			"inspector-org-config:us-east-1/audit@example.com NONE  first=",
			"inspector-admin:eu-west-1/audit@example.com   first=eu-west-1",
			"inspector-org-config:eu-west-1/audit@example.com NONE  first=",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, errs := servicetest.Load(t, base+"security:\n  admin: security\n  inspector: "+tt.section+"\n")
			if errs != "" {
				t.Fatal(errs)
			}
			if diff := cmp.Diff(tt.want, brief(Desired(s))); diff != "" {
				t.Errorf("desired (-want +got):\n%s", diff)
			}
		})
	}
	s, _ := servicetest.Load(t, base+"security:\n  admin: security\n  inspector: {}\n")
	if ta := s.TrustedAccess(); len(ta) != 1 || ta[0] != Principal {
		t.Errorf("trusted access = %v, want [%s]", ta, Principal)
	}
	if got := Desired(s)[1].Source; got == nil || got.Line != 10 {
		t.Errorf("the administrator's source is %v, want security.admin's line 10", got)
	}
	s, _ = servicetest.Load(t, base)
	if got := Desired(s); got != nil {
		t.Errorf("no section, yet desired: %v", brief(got))
	}
}

func TestDestructive(t *testing.T) {
	info := func(k engine.Kind) engine.KindInfo {
		for _, ki := range kinds {
			if ki.Kind == k {
				return ki
			}
		}
		t.Fatalf("no kind %s", k)
		return engine.KindInfo{}
	}
	cfg := info(KindOrgConfig)
	for _, tt := range []struct {
		name          string
		before, after engine.Attrs
		want          bool
	}{
		{"a scan added", engine.Attrs{AttrMembers: "NEW", AttrScans: []string{"EC2"}}, engine.Attrs{AttrMembers: "NEW", AttrScans: []string{"EC2", "ECR"}}, false},
		{"a scan removed", engine.Attrs{AttrMembers: "NEW", AttrScans: []string{"EC2", "ECR"}}, engine.Attrs{AttrMembers: "NEW", AttrScans: []string{"EC2"}}, true},
		{"new accounts no longer enrolled", engine.Attrs{AttrMembers: "NEW", AttrScans: []string{"EC2"}}, engine.Attrs{AttrMembers: "NONE"}, true},
		{"turned on", engine.Attrs{AttrMembers: "NONE"}, engine.Attrs{AttrMembers: "NEW", AttrScans: []string{"EC2"}}, false},
	} {
		c := &engine.Change{Action: engine.Update, Kind: KindOrgConfig, Before: tt.before, After: tt.after}
		if got := cfg.Destructive(c); got != tt.want {
			t.Errorf("%s: destructive %v, want %v", tt.name, got, tt.want)
		}
	}
	if !info(KindAdmin).Destructive(&engine.Change{Action: engine.Delete}) {
		t.Error("removing the administrator is not destructive")
	}
}
