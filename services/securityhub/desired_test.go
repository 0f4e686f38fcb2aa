package securityhub

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/servicetest"
)

func TestDesired(t *testing.T) {
	s, errs := servicetest.Load(t, policy(`        description: the baseline
        standards: [cis-aws-foundations-benchmark/v/3.0.0, aws-foundational-security-best-practices/v/1.0.0]
        disabledControls: [IAM.6, EC2.10]
        controlParameters: {IAM.7: {MaxPasswordAge: 90}, EC2.18: {authorizedTcpPorts: [443]}}
        targets: [Root, app]
      - name: prod
        targets: [Workloads/Prod]
`))
	if errs != "" {
		t.Fatal(errs)
	}
	var got []string
	byKind := map[engine.Kind][]engine.Resource{}
	for _, r := range Desired(s) {
		got = append(got, r.Ref().String()+" "+r.Attrs.String(AttrRegion)+" "+r.Attrs.String(AttrFirst))
		byKind[r.Kind] = append(byKind[r.Kind], r)
	}
	want := []string{
		"delegated-admin:securityhub.amazonaws.com/sec@example.com  ",
		"securityhub-admin:us-east-1/sec@example.com us-east-1 eu-west-1",
		"securityhub-admin:eu-west-1/sec@example.com eu-west-1 eu-west-1",
		"securityhub-aggregator:eu-west-1/sec@example.com eu-west-1 ",
		"securityhub-org-config:eu-west-1/sec@example.com eu-west-1 ",
		"securityhub-policy:baseline eu-west-1 ",
		"securityhub-association:root eu-west-1 ",
		"securityhub-association:account:app@example.com eu-west-1 ",
		"securityhub-policy:prod eu-west-1 ",
		"securityhub-association:ou:Workloads/Prod eu-west-1 ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("desired (-want +got):\n%s", diff)
	}
	agg := byKind[KindAggregator][0].Attrs
	if agg.String(AttrLinkingMode) != "SPECIFIED_REGIONS" || !cmp.Equal(agg.Strings(AttrRegions), []string{"us-east-1"}) {
		t.Errorf("aggregator links %s %v; want the other governed region", agg.String(AttrLinkingMode), agg.Strings(AttrRegions))
	}
	if c := byKind[KindOrgConfig][0].Attrs.String(AttrConfigurationType); c != "CENTRAL" {
		t.Errorf("configuration type %s", c)
	}
	p := byKind[KindPolicy][0].Attrs
	wantPolicy := engine.Attrs{
		engine.AttrName: "baseline", AttrDescription: "the baseline", AttrServiceEnabled: true,
		AttrStandards:        []string{"aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/3.0.0"},
		AttrDisabledControls: []string{"EC2.10", "IAM.6"},
		AttrParameters:       map[string]string{"IAM.7/MaxPasswordAge": `{"Integer":90}`, "EC2.18/authorizedTcpPorts": `{"IntegerList":[443]}`},
		AttrRegion:           "eu-west-1", AttrAccount: "sec@example.com",
	}
	if diff := cmp.Diff(wantPolicy, p); diff != "" {
		t.Errorf("policy attributes (-want +got):\n%s", diff)
	}
	if a := byKind[KindAssociation][2].Attrs; a.String(AttrPolicy) != "prod" || a.String(AttrStatus) != "SUCCESS" {
		t.Errorf("association of Workloads/Prod: %v", a)
	}
	// The trusted access Security Hub needs is the spec's without listing it.
	if ta := s.TrustedAccess(); len(ta) != 1 || ta[0] != Principal {
		t.Errorf("trusted access = %v, want [%s]", ta, Principal)
	}
	if src := byKind[KindAdmin][0].Source; src == nil || src.Line != 13 {
		t.Errorf("the administrator's source is %v, want security.admin's line 13", src)
	}
}

func TestDesiredLinking(t *testing.T) {
	for _, tt := range []struct {
		name, section, mode string
		regions             []string
	}{
		{"all", "    aggregation: {regions: all}\n", "ALL_REGIONS", nil},
		{"listed", "    aggregation: {region: us-east-1, regions: [eu-west-1]}\n", "SPECIFIED_REGIONS", []string{"eu-west-1"}},
		{"none listed", "    aggregation: {regions: []}\n", "NO_REGIONS", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, errs := servicetest.Load(t, base+tt.section)
			if errs != "" {
				t.Fatal(errs)
			}
			for _, r := range Desired(s) {
				if r.Kind == KindAggregator {
					if r.Attrs.String(AttrLinkingMode) != tt.mode || !cmp.Equal(r.Attrs.Strings(AttrRegions), tt.regions) {
						t.Errorf("%s %v, want %s %v", r.Attrs.String(AttrLinkingMode), r.Attrs.Strings(AttrRegions), tt.mode, tt.regions)
					}
				}
			}
		})
	}
	s, _ := servicetest.Load(t, base+"    {}\n")
	s2, _ := servicetest.Load(t, base[:len(base)-len("  securityHub:\n")])
	if len(Desired(s)) == 0 || len(Desired(s2)) != 0 {
		t.Errorf("desired with the section: %d resources; without: %d (want none)", len(Desired(s)), len(Desired(s2)))
	}
}

func TestStandardARNs(t *testing.T) {
	for _, tt := range []struct{ region, name, arn string }{
		{"us-east-1", "aws-foundational-security-best-practices/v/1.0.0", "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"},
		{"eu-west-1", "cis-aws-foundations-benchmark/v/1.2.0", "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"},
		{"cn-north-1", "nist-800-53/v/5.0.0", "arn:aws-cn:securityhub:cn-north-1::standards/nist-800-53/v/5.0.0"},
	} {
		if got := StandardARN(tt.region, tt.name); got != tt.arn {
			t.Errorf("StandardARN(%s, %s) = %s", tt.region, tt.name, got)
		}
		if got := StandardName(tt.arn); got != tt.name {
			t.Errorf("StandardName(%s) = %s", tt.arn, got)
		}
	}
	if got := StandardName("arn:aws:securityhub:us-east-1::product/x"); got != "arn:aws:securityhub:us-east-1::product/x" {
		t.Errorf("an ARN not of a standard became %s", got)
	}
}
