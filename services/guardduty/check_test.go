package guardduty

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/servicetest"
)

// base is a spec with a security account and room for a guardDuty section.
const base = `version: 1
settings:
  homeRegion: eu-west-1
  regions: [us-east-1, eu-west-1]
accounts:
  - {name: security, email: sec@example.com}
  - {name: old, email: old@example.com, closed: true}
`

func TestSectionRules(t *testing.T) {
	tests := []servicetest.SpecCase{
		{"valid", base + "security:\n  admin: security\n  guardDuty: {members: all, features: {S3_DATA_EVENTS: all, RUNTIME_MONITORING: new}}\n", ""},
		{"empty section takes the defaults", base + "security:\n  admin: security\n  guardDuty: {}\n", ""},
		{"no admin", base + "security:\n  guardDuty: {}\n", "org.yaml:9:14: security.guardDuty needs security.admin"},
		{"undeclared admin", base + "security:\n  admin: secutiry\n  guardDuty: {}\n", `org.yaml:9:10: security.admin: unknown account "secutiry"`},
		{"did you mean the account", base + "security:\n  admin: secutiry\n  guardDuty: {}\n", `Did you mean "security"?`},
		{"closed admin", base + "security:\n  admin: old\n  guardDuty: {}\n", `org.yaml:9:10: security.admin: account "old" is closed`},
		{"bad members", base + "security:\n  admin: security\n  guardDuty: {members: everyone}\n", `org.yaml:10:24: security.guardDuty.members "everyone" is not all, new or none`},
		{"unknown plan", base + "security:\n  admin: security\n  guardDuty:\n    features: {S3_DATA_EVENT: all}\n", `org.yaml:11:16: unknown GuardDuty protection plan "S3_DATA_EVENT"`},
		{"bad level", base + "security:\n  admin: security\n  guardDuty:\n    features: {S3_DATA_EVENTS: yes}\n", `security.guardDuty.features.S3_DATA_EVENTS "yes" is not all, new or none`},
		{"both runtime monitorings", base + "security:\n  admin: security\n  guardDuty:\n    features: {RUNTIME_MONITORING: all, EKS_RUNTIME_MONITORING: all}\n", "RUNTIME_MONITORING or EKS_RUNTIME_MONITORING, not both"},
		{"also a delegated administrator", strings.Replace(base, "accounts:", "organization:\n  trustedAccess: [guardduty.amazonaws.com]\n  delegatedAdministrators: [{service: guardduty.amazonaws.com, account: security}]\naccounts:", 1) +
			"security:\n  admin: security\n  guardDuty: {}\n", "GuardDuty's administrator is set by security.guardDuty"},
		{"unknown key in the section", base + "security:\n  admin: security\n  guardDuty: {member: all}\n", `unknown key "member" in security.guardDuty`},
		{"unknown service under security", base + "security:\n  admin: security\n  guardDutty: {}\n", `Did you mean "guardDuty"?`},
	}
	servicetest.CheckSpecs(t, tests)
}

func TestDesired(t *testing.T) {
	s, errs := servicetest.Load(t, base+"security:\n  admin: security\n  guardDuty: {members: new, features: {S3_DATA_EVENTS: all, EKS_AUDIT_LOGS: none}}\n")
	if errs != "" {
		t.Fatal(errs)
	}
	var got []string
	for _, r := range Desired(s) {
		got = append(got, r.Ref().String()+" "+r.Attrs.String(AttrAccount)+r.Attrs.String(AttrMembers)+" first="+r.Attrs.String(AttrFirst))
	}
	want := []string{
		"delegated-admin:guardduty.amazonaws.com/sec@example.com sec@example.com first=",
		"guardduty-admin:us-east-1/sec@example.com sec@example.com first=eu-west-1",
		"guardduty-org-config:us-east-1/sec@example.com sec@example.comNEW first=",
		"guardduty-admin:eu-west-1/sec@example.com sec@example.com first=eu-west-1",
		"guardduty-org-config:eu-west-1/sec@example.com sec@example.comNEW first=",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("desired (-want +got):\n%s", diff)
	}
	if f := Desired(s)[2].Attrs.Map(AttrFeatures); len(f) != 1 || f["S3_DATA_EVENTS"] != "ALL" {
		t.Errorf("features = %v; want only S3_DATA_EVENTS: ALL (a plan at none is left out)", f)
	}
	// The trusted access GuardDuty needs is the spec's without listing it.
	if ta := s.TrustedAccess(); len(ta) != 1 || ta[0] != Principal {
		t.Errorf("trusted access = %v, want [%s]", ta, Principal)
	}
	if got := Desired(s)[1].Source; got == nil || got.Line != 9 {
		t.Errorf("the administrator's source is %v, want security.admin's line 9", got)
	}
	var none []engine.Resource
	s, _ = servicetest.Load(t, base)
	if diff := cmp.Diff(none, Desired(s)); diff != "" {
		t.Errorf("no section, yet desired:\n%s", diff)
	}
}
