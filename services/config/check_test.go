package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/servicetest"
)

// base is a spec with a security account and room for a config section.
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
	sec := base + "security:\n  admin: security\n"
	tests := []servicetest.SpecCase{
		{"registrations only", sec + "  config: {}\n", ""},
		{"aggregator over all regions", sec + "  config:\n    aggregator: {name: org, roleName: OrgConfigAggregator, regions: all}\n", ""},
		{"aggregator over listed regions", sec + "  config:\n    aggregator: {roleName: service-role/OrgConfigAggregator, regions: [eu-west-1, ap-south-1]}\n", ""},
		{"own admin", base + "security:\n  config: {admin: audit}\n", ""},
		{"no admin", base + "security:\n  config: {}\n", "org.yaml:10:11: security.config needs security.admin"},
		{"unknown own admin", base + "security:\n  config: {admin: adit}\n", `org.yaml:10:19: security.config.admin: unknown account "adit"`},
		{"closed own admin", base + "security:\n  config: {admin: old}\n", `security.config.admin: account "old" is closed`},
		{"no role", sec + "  config:\n    aggregator: {name: org}\n", "org.yaml:12:17: security.config.aggregator.roleName is missing"},
		{"role as an ARN", sec + "  config:\n    aggregator: {roleName: 'arn:aws:iam::111122223333:role/R'}\n", `org.yaml:12:28: security.config.aggregator.roleName "arn:aws:iam::111122223333:role/R" is not an IAM role name`},
		{"bad name", sec + "  config:\n    aggregator: {name: org agg, roleName: R}\n", `org.yaml:12:24: security.config.aggregator.name "org agg" is not a valid aggregator name`},
		{"regions neither all nor a list", sec + "  config:\n    aggregator: {roleName: R, regions: al}\n", `security.config.aggregator.regions "al" is not all nor a list of Regions`},
		{"did you mean all", sec + "  config:\n    aggregator: {roleName: R, regions: al}\n", `Did you mean "all"?`},
		{"unknown region", sec + "  config:\n    aggregator: {roleName: R, regions: [eu-west-9]}\n", `security.config.aggregator.regions[0]: unknown Region "eu-west-9"`},
		{"region without Config", sec + "  config:\n    aggregator: {roleName: R, regions: [ap-southeast-6]}\n", "AWS Config is not offered in ap-southeast-6"},
		{"region twice", sec + "  config:\n    aggregator: {roleName: R, regions: [eu-west-1, eu-west-1]}\n", "eu-west-1 is listed twice"},
		{"empty list", sec + "  config:\n    aggregator: {roleName: R, regions: []}\n", "security.config.aggregator.regions is empty"},
		{"governed region without Config", strings.Replace(sec, "[us-east-1, eu-west-1]", "[us-east-1, ap-southeast-6]", 1) + "  config: {}\n",
			"org.yaml:4:24: AWS Config is not offered in ap-southeast-6"},
		{"also a delegated administrator", strings.Replace(sec, "accounts:", "organization:\n  trustedAccess: [config.amazonaws.com]\n  delegatedAdministrators: [{service: config.amazonaws.com, account: security}]\naccounts:", 1) +
			"  config: {}\n", "AWS Config's administrator is set by security.config"},
		{"unknown key", sec + "  config:\n    aggregator: {role: R}\n", `unknown key "role" in security.config.aggregator`},
		{"typo of the section", sec + "  confg: {}\n", `Did you mean "config"?`},
	}
	servicetest.CheckSpecs(t, tests)
}

func TestDesired(t *testing.T) {
	brief := func(rs []engine.Resource) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Ref().String()+" "+r.Attrs.String(AttrRole)+" "+strings.Join(r.Attrs.Strings(AttrRegions), ",")+map[bool]string{true: "all"}[r.Attrs.Bool(AttrAllRegions)])
		}
		return out
	}
	sec := base + "security:\n  admin: security\n"
	for _, tt := range []struct {
		name, yaml string
		want       []string
	}{
		{"registrations only", sec + "  config: {}\n", []string{
			"delegated-admin:config.amazonaws.com/sec@example.com  ",
			"delegated-admin:config-multiaccountsetup.amazonaws.com/sec@example.com  ",
		}},
		{"the governed regions by default", sec + "  config:\n    aggregator: {roleName: R}\n", []string{
			"delegated-admin:config.amazonaws.com/sec@example.com  ",
			"delegated-admin:config-multiaccountsetup.amazonaws.com/sec@example.com  ",
			"config-aggregator:eu-west-1/sec@example.com/organization R eu-west-1,us-east-1",
		}},
		{"all regions, the section's admin", base + "security:\n  config:\n    admin: audit\n    aggregator: {name: org, roleName: R, regions: all}\n", []string{
			"delegated-admin:config.amazonaws.com/audit@example.com  ",
			"delegated-admin:config-multiaccountsetup.amazonaws.com/audit@example.com  ",
			"config-aggregator:eu-west-1/audit@example.com/org R all",
		}},
		{"listed regions, sorted", sec + "  config:\n    aggregator: {roleName: R, regions: [us-west-2, ap-south-1]}\n", []string{
			"delegated-admin:config.amazonaws.com/sec@example.com  ",
			"delegated-admin:config-multiaccountsetup.amazonaws.com/sec@example.com  ",
			"config-aggregator:eu-west-1/sec@example.com/organization R ap-south-1,us-west-2",
		}},
		{"no section", base, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, errs := servicetest.Load(t, tt.yaml)
			if errs != "" {
				t.Fatal(errs)
			}
			if diff := cmp.Diff(tt.want, brief(Desired(s))); diff != "" {
				t.Errorf("desired (-want +got):\n%s", diff)
			}
		})
	}
	// The trusted access AWS Config needs is the spec's without listing it,
	// and the aggregator's source is the admin's line, where the plan
	// refuses the management account.
	s, _ := servicetest.Load(t, sec+"  config:\n    aggregator: {roleName: R}\n")
	if diff := cmp.Diff([]string{Principal, MultiAccountPrincipal}, s.TrustedAccess()); diff != "" {
		t.Errorf("trusted access (-want +got):\n%s", diff)
	}
	if got := Desired(s)[2].Source; got == nil || got.Line != 10 {
		t.Errorf("the aggregator's source is %v, want security.admin's line 10", got)
	}
}

func TestDestructive(t *testing.T) {
	all := engine.Attrs{AttrAllRegions: true}
	two := engine.Attrs{AttrRegions: []string{"eu-west-1", "us-east-1"}}
	one := engine.Attrs{AttrRegions: []string{"eu-west-1"}}
	rule := kinds[0].Destructive
	for _, tt := range []struct {
		name          string
		action        engine.Action
		before, after engine.Attrs
		want          bool
	}{
		{"delete", engine.Delete, two, nil, true},
		{"create", engine.Create, nil, two, false},
		{"more regions", engine.Update, one, two, false},
		{"all regions", engine.Update, two, all, false},
		{"a region dropped", engine.Update, two, one, true},
		{"from all to a list", engine.Update, all, two, true},
		{"another role", engine.Update, engine.Attrs{AttrRole: "A", AttrAllRegions: true}, engine.Attrs{AttrRole: "B", AttrAllRegions: true}, false},
	} {
		if got := rule(&engine.Change{Action: tt.action, Before: tt.before, After: tt.after}); got != tt.want {
			t.Errorf("%s: destructive = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	r := engine.Resource{Kind: KindAggregator, Key: "us-east-1/mgmt@example.com/org",
		Attrs: engine.Attrs{AttrRegion: "us-east-1", AttrAccount: "mgmt@example.com", AttrName: "org"}}
	live := []engine.Resource{{Kind: "account", Key: "mgmt@example.com", Attrs: engine.Attrs{"management": true}}}
	if got := kinds[0].Check(r, engine.NewCheckEnv(nil, live)); !strings.Contains(got, "the management account cannot be AWS Config's delegated administrator") {
		t.Errorf("the management account as administrator: %q", got)
	}
	r.Attrs[AttrAccount], r.Attrs[AttrRegion] = "sec@example.com", "ap-east-2"
	live = append(live, engine.Resource{Kind: "region-opt-in", Key: "sec@example.com/ap-east-2", Attrs: engine.Attrs{"status": "DISABLED"}})
	if got := kinds[0].Check(r, engine.NewCheckEnv(nil, live)); !strings.Contains(got, "ap-east-2 is an opt-in Region not enabled in sec@example.com") {
		t.Errorf("an opt-in home region not enabled: %q", got)
	}
}
