package engine_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./engine -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); if the change is intended, run go test ./engine -update:\n%s", path, diff)
	}
}

// goldenPlans are plans worth seeing rendered: a fresh organization, and
// one that drifted in every way the text renderer shows differently.
func goldenPlans(t *testing.T) map[string]*engine.Plan {
	fresh := mustDiff(t, engine.Desired(baseSpec()),
		[]engine.Resource{{Kind: orgs.KindOrganization, Key: orgs.OrganizationKey, Attrs: engine.Attrs{"featureSet": "ALL"}}}, true)

	s := baseSpec()
	s.OrganizationalUnits = s.OrganizationalUnits[1:] // Security goes (managed: deleted)
	s.Accounts[0].Tags = map[string]string{"env": "production", "team": "payments"}
	s.Accounts[0].Closed = false
	live := liveOf(baseSpec())
	live = setAttr(live, orgs.KindAccount, "app-prod@example.com", "ou", "Security")
	live = setAttr(live, orgs.KindPolicy, "scp/region-guard", "document",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*"}]}`)
	live = append(live,
		engine.Resource{Kind: orgs.KindAttachment, Key: "scp/region-guard@root", Attrs: orgs.AttachmentAttrs("SERVICE_CONTROL_POLICY", "region-guard", orgs.TargetRoot)},
		engine.Resource{Kind: orgs.KindOU, Key: "Experiments", Attrs: engine.Attrs{"name": "Experiments"}},
	)
	drift := mustDiff(t, engine.Desired(s), live, true)
	return map[string]*engine.Plan{"fresh": fresh, "drift": drift}
}

func TestRenderGolden(t *testing.T) {
	for name, p := range goldenPlans(t) {
		t.Run(name, func(t *testing.T) {
			b, err := p.MarshalIndent()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "plan_"+name+".json", b)

			var txt bytes.Buffer
			engine.RenderText(&txt, p, engine.Style{})
			golden(t, "plan_"+name+".txt", txt.Bytes())

			var md bytes.Buffer
			engine.RenderMarkdown(&md, p)
			golden(t, "plan_"+name+".md", md.Bytes())

			var dr bytes.Buffer
			engine.RenderDriftText(&dr, p, engine.Style{})
			golden(t, "drift_"+name+".txt", dr.Bytes())

			var dm bytes.Buffer
			engine.RenderDriftMarkdown(&dm, p)
			golden(t, "drift_"+name+".md", dm.Bytes())
		})
	}
}

// The renderers read only the plan model: a plan that went through its
// JSON file renders exactly as the plan in memory.
func TestRenderFromPlanFileMatches(t *testing.T) {
	for name, p := range goldenPlans(t) {
		t.Run(name, func(t *testing.T) {
			b, err := p.MarshalIndent()
			if err != nil {
				t.Fatal(err)
			}
			back, err := engine.ReadPlan(b)
			if err != nil {
				t.Fatal(err)
			}
			var a, c bytes.Buffer
			engine.RenderText(&a, p, engine.Style{})
			engine.RenderText(&c, back, engine.Style{})
			if diff := cmp.Diff(a.String(), c.String()); diff != "" {
				t.Errorf("text from the plan file differs (-memory +file):\n%s", diff)
			}
			a.Reset()
			c.Reset()
			engine.RenderMarkdown(&a, p)
			engine.RenderMarkdown(&c, back)
			if diff := cmp.Diff(a.String(), c.String()); diff != "" {
				t.Errorf("markdown from the plan file differs (-memory +file):\n%s", diff)
			}
		})
	}
}

func TestReadPlanRejects(t *testing.T) {
	tests := map[string]string{
		"not json":         "plan",
		"other version":    `{"format_version":"0","changes":[]}`,
		"misplaced change": `{"format_version":"1","changes":[{"id":3}]}`,
		"dangling depends": `{"format_version":"1","changes":[{"id":0,"depends_on":[7]}]}`,
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := engine.ReadPlan([]byte(in)); err == nil {
				t.Error("accepted a bad plan file")
			}
		})
	}
}
