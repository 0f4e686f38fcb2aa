package regional_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/services/regional"
	"github.com/orgctl/orgctl/spec"
)

func TestOffered(t *testing.T) {
	only := regional.Availability{Only: []string{"us-east-1"}}
	notIn := regional.Availability{NotIn: []string{"eu-west-3"}}
	for _, tt := range []struct {
		a      regional.Availability
		region string
		want   bool
	}{
		{only, "us-east-1", true},
		{only, "eu-west-1", false},
		{notIn, "eu-west-1", true},
		{notIn, "eu-west-3", false},
		{regional.Availability{}, "ap-east-2", true},
	} {
		if got := tt.a.Offered(tt.region); got != tt.want {
			t.Errorf("%+v offered in %s = %v, want %v", tt.a, tt.region, got, tt.want)
		}
	}
}

// toySection registers a section whose service is not offered in
// eu-west-3, as a service package does.
type toySection struct{}

func init() {
	spec.RegisterSection(spec.Section{
		Path: "security.regionalToy", New: func() any { return new(toySection) },
		Source: []byte("package toy\n\n// toySection is a test section.\ntype toySection struct{}\n"),
		Check: func(s *spec.Spec, _ any, r *spec.Reporter) {
			regional.Validate(s, r, "security.regionalToy", regional.Availability{Service: "Toy", NotIn: []string{"eu-west-3"}})
		},
	})
}

func TestValidate(t *testing.T) {
	for _, tt := range []struct{ name, settings, want string }{
		{"offered everywhere governed", "  regions: [us-east-1, eu-west-1]\n", ""},
		{"a listed region", "  regions: [us-east-1, eu-west-3]\n", "org.yaml:3:24: Toy is not offered in eu-west-3"},
		{"the home region alone", "  homeRegion: eu-west-3\n", "org.yaml:3:15: Toy is not offered in eu-west-3"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			yaml := "version: 1\nsettings:\n" + tt.settings + "security:\n  regionalToy: {}\n"
			_, ds := spec.LoadFS(fstest.MapFS{"org.yaml": {Data: []byte(yaml)}}, "org.yaml")
			got := ds.Error()
			if tt.want == "" && got != "" {
				t.Fatalf("want valid, got %s", got)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("want %q in:\n%s", tt.want, got)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	live := []engine.Resource{
		{Kind: regional.KindRegion, Key: "sec@example.com/ap-east-2", Attrs: engine.Attrs{regional.AttrStatus: "DISABLED"}},
		{Kind: regional.KindRegion, Key: "mgmt@example.com/ap-east-2", Attrs: engine.Attrs{regional.AttrStatus: "ENABLED"}},
		{Kind: regional.KindRegion, Key: "sec@example.com/af-south-1", Attrs: engine.Attrs{regional.AttrStatus: "ENABLED"}},
	}
	for _, tt := range []struct{ region, want string }{
		{"ap-east-2", "ap-east-2 is an opt-in Region not enabled in sec@example.com (disabled)"},
		{"af-south-1", ""},
		{"eu-west-1", ""},      // not opt-in: enabled everywhere
		{"ap-southeast-7", ""}, // opt-in, not read: AWS will say
	} {
		got := regional.Check(engine.NewCheckEnv(nil, live), "Toy", tt.region, "sec@example.com", "mgmt@example.com")
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.region, got, tt.want)
		}
	}
}
