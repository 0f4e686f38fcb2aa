package importer

import (
	"strings"
	"testing"

	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/orgctl/orgctl/engine"
)

// The longest tag keys and values AWS allows, with characters that need
// quoting, survive the trip through YAML.
func TestLongOddTags(t *testing.T) {
	key := "a: " + strings.Repeat("x", 125)
	value := " - " + strings.Repeat("é", 250) + ": #"
	value = strings.ReplaceAll(value, "#", "@")
	live := []engine.Resource{
		{Kind: orgs.KindOrganization, Key: orgs.OrganizationKey, Attrs: engine.Attrs{"featureSet": "ALL"}},
		{Kind: orgs.KindOU, Key: "Ops", Attrs: engine.Attrs{"name": "Ops", "tags": map[string]string{key: value, "yes": "no", "null": ""}}},
	}
	res, err := Build(live, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Spec.OrganizationalUnits[0].Tags
	if got[key] != value || got["yes"] != "no" || got["null"] != "" || len(got) != 3 {
		t.Errorf("tags came back as %q\n%s", got, res.Files["org.yaml"])
	}
}
