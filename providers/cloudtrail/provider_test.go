package cloudtrail_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	ctp "github.com/orgctl/orgctl/providers/cloudtrail"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	ct "github.com/orgctl/orgctl/services/cloudtrail"
)

func newProviders(sb *providertest.Sandbox) func() []engine.Provider {
	return func() []engine.Provider {
		env := providertest.Env(sb.Cfg, providers.Settings{HomeRegion: "us-east-1"})
		return []engine.Provider{orgp.New(env), ctp.New(env)}
	}
}

func spec(trail string) map[string]string {
	return map[string]string{"org.yaml": "version: 1\n" + trail}
}

func TestConformance(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	providertest.Conformance{Service: ct.Name, NewProviders: newProviders(sb)}.Run(t,
		providertest.Step{Name: "create", Files: spec("cloudTrail: {name: org-trail, bucket: acme-org-trail}\n")},
		providertest.Step{Name: "update", AllowDestroy: true, Files: spec(
			"cloudTrail: {name: org-trail, bucket: acme-org-trail, keyPrefix: org, multiRegion: false, tags: {owner: secops}}\n")},
		// A new name is a new trail; the one orgctl made goes.
		providertest.Step{Name: "replace", AllowDestroy: true, Files: spec("cloudTrail: {name: org-trail-2, bucket: acme-org-trail}\n")},
	)
}

// A trail that stops logging, or whose validation is turned off, out of
// band is drift; apply starts it again, and that is not destructive.
func TestDriftWhenLoggingStops(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("cloudTrail: {name: org-trail, bucket: acme-org-trail}\n")
	run.Apply(files, false)

	api := cloudtrail.NewFromConfig(sb.Cfg)
	ctx := context.Background()
	if _, err := api.StopLogging(ctx, &cloudtrail.StopLoggingInput{Name: aws.String("org-trail")}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.UpdateTrail(ctx, &cloudtrail.UpdateTrailInput{Name: aws.String("org-trail"), EnableLogFileValidation: aws.Bool(false)}); err != nil {
		t.Fatal(err)
	}
	p := run.Plan(files)
	if got := providertest.Brief(p); got != "update trail:org-trail" || fields(p) != "logFileValidation logging" {
		t.Fatalf("want one update of logFileValidation and logging, got %s (%s)", got, fields(p))
	}
	if p.Summary.Destructive != 0 {
		t.Error("restoring logging is marked destructive")
	}
	run.Apply(files, false)
	st, err := api.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("org-trail")})
	if err != nil || !aws.ToBool(st.IsLogging) {
		t.Errorf("after apply the trail logs: %v %v", st, err)
	}
}

// Trails not in the spec: an organization trail another tool made is
// reported and left alone; a trail of the management account alone is
// not the spec's business.
func TestTrailsNotInTheSpec(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("cloudTrail: {name: org-trail, bucket: acme-org-trail}\n")
	run.Apply(files, false)
	api := cloudtrail.NewFromConfig(sb.Cfg)
	ctx := context.Background()
	for _, in := range []*cloudtrail.CreateTrailInput{
		{Name: aws.String("by-hand"), S3BucketName: aws.String("acme-other"), IsOrganizationTrail: aws.Bool(true)},
		{Name: aws.String("local"), S3BucketName: aws.String("acme-other")},
	} {
		if _, err := api.CreateTrail(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	p := run.Plan(files)
	if !p.Empty() || len(p.Unmanaged) != 1 || p.Unmanaged[0].Key != "by-hand" || !strings.Contains(p.Unmanaged[0].Reason, "leaves it alone") {
		t.Errorf("want only by-hand reported as unmanaged, got changes %s, unmanaged %v", providertest.Brief(p), p.Unmanaged)
	}
}

// A no-change plan reads the trail in three calls.
func TestNoChangePlanCalls(t *testing.T) {
	t.Parallel()
	sb := providertest.NewSandbox(t)
	run := providertest.Runner{T: t, NewProviders: newProviders(sb)}
	files := spec("cloudTrail: {name: org-trail, bucket: acme-org-trail}\n")
	run.Apply(files, false)
	before := sb.SB.Calls()
	run.Plan(files)
	got := map[string]int{}
	for op, n := range sb.SB.Calls() {
		if strings.HasPrefix(op, "cloudtrail:") && n > before[op] {
			got[op] = n - before[op]
		}
	}
	want := map[string]int{"cloudtrail:DescribeTrails": 1, "cloudtrail:GetTrailStatus": 1, "cloudtrail:ListTags": 1}
	if len(got) != len(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	for op, n := range want {
		if got[op] != n {
			t.Errorf("%s: %d calls, want %d", op, got[op], n)
		}
	}
}

func fields(p *engine.Plan) string {
	var names []string
	for _, c := range p.Changes {
		for _, f := range c.Fields {
			names = append(names, f.Name)
		}
	}
	return strings.Join(names, " ")
}
