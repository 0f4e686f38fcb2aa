package catalog_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/orgctl/orgctl/catalog"
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/providertest"
	"github.com/orgctl/orgctl/spec"
)

// Every write of every service loses its first answer after AWS carried
// it out, as a dropped connection does: the SDK retries it, and each
// provider must take what its first attempt made rather than fail on
// "already exists". The landing zone uses every service.
func TestEveryWriteSurvivesALostAnswer(t *testing.T) {
	t.Parallel()
	s, ds := spec.Load("../examples/landing-zone/org.yaml")
	if len(ds) > 0 {
		t.Fatal(ds.Error())
	}
	sb := providertest.NewSandbox(t)
	all := func(cfg aws.Config) []engine.Provider {
		return catalog.Providers(providertest.Env(cfg, providers.Settings{HomeRegion: s.Settings.HomeRegion, Regions: s.Settings.Regions,
			CrossAccountRole: s.Settings.CrossAccountRole}))
	}
	lossy := providertest.LoseFirstAnswersOf(sb.Cfg, providertest.IsWrite)
	ctx := context.Background()
	p, err := engine.MakePlan(ctx, s, all(lossy))
	if err != nil {
		t.Fatal(err)
	}
	res, err := engine.Apply(ctx, p, all(lossy), engine.ApplyOptions{Parallelism: 8})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range res.Errors {
		if e != nil {
			t.Errorf("%s: %v", p.Changes[i].Address(), e)
		}
	}
	p, err = engine.MakePlan(ctx, s, all(sb.Cfg))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Changes {
		t.Errorf("after apply, still: %s %s", c.Action, c.Ref())
	}
}
