package catalog

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/awsconfig"
)

// Every service the engine knows has a provider here, and every provider
// carries out exactly its service's kinds.
func TestEveryServiceHasItsProvider(t *testing.T) {
	byName := map[string]providers.Service{}
	for _, s := range Services {
		if _, dup := byName[s.Name]; dup {
			t.Errorf("service %s is listed twice", s.Name)
		}
		byName[s.Name] = s
	}
	for _, svc := range engine.Services() {
		ps, ok := byName[svc.Name]
		if !ok {
			t.Errorf("the engine knows service %s, but the catalogue lists no provider for it", svc.Name)
			continue
		}
		delete(byName, svc.Name)
		var want []engine.Kind
		for _, k := range svc.Kinds {
			want = append(want, k.Kind)
		}
		got := ps.New(providers.Env{Sessions: awsconfig.NewSessions(aws.Config{Region: "us-east-1"}, awsconfig.SessionOptions{})}).Kinds()
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("service %s: its provider handles %v, its model registers %v", svc.Name, got, want)
		}
	}
	for name := range byName {
		t.Errorf("provider %s carries out no service the engine knows", name)
	}
}
