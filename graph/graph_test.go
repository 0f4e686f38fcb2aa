package graph

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/orgctl/orgctl/catalog" // the landing zone uses every service
	orgs "github.com/orgctl/orgctl/services/organizations"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/spec"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./graph -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); if intended, run go test ./graph -update:\n%s", path, diff)
	}
}

func load(t *testing.T, path string) *spec.Spec {
	t.Helper()
	s, ds := spec.Load(path)
	if ds.HasErrors() {
		t.Fatalf("%s: %v", path, ds)
	}
	return s
}

// landingZonePlan is a plan against a landing zone that drifted: an
// account and an attachment missing, an OU tree and an attachment made by
// orgctl but dropped from the spec, an account in the wrong OU, a policy
// edited by hand, a policy type disabled.
func landingZonePlan(t *testing.T, s *spec.Spec) *engine.Plan {
	t.Helper()
	var live []engine.Resource
	for _, r := range engine.Desired(s) {
		switch {
		case r.Kind == orgs.KindAccount && r.Key == "aws+data-prod@acme.example":
			continue
		case r.Kind == orgs.KindAttachment && r.Key == "scp/deny-root-user@ou:Workloads/Prod":
			continue
		case r.Kind == orgs.KindPolicyType && r.Key == "BACKUP_POLICY":
			continue
		case r.Kind == orgs.KindAccount && r.Key == "aws+payments-dev@acme.example":
			r.Attrs["ou"] = "Sandbox"
		case r.Kind == orgs.KindPolicy && r.Key == "scp/region-guard":
			r.Attrs["document"] = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`
		}
		if r.Kind == orgs.KindOU || r.Kind == orgs.KindPolicy || r.Kind == orgs.KindAccount {
			r.Managed = true
		}
		live = append(live, r)
	}
	tags := map[string]string{facts.ManagedTagKey: facts.ManagedTagValue}
	live = append(live,
		engine.Resource{Kind: orgs.KindOU, Key: "Legacy", Attrs: engine.Attrs{"name": "Legacy", "tags": tags}, Managed: true},
		engine.Resource{Kind: orgs.KindOU, Key: "Legacy/Old \"apps\"", Attrs: engine.Attrs{"name": "Old \"apps\"", "tags": tags}, Managed: true},
		engine.Resource{Kind: orgs.KindAttachment, Key: "scp/deny-all@ou:Sandbox",
			Attrs: orgs.AttachmentAttrs("SERVICE_CONTROL_POLICY", "deny-all", orgs.OUTarget("Sandbox"))},
	)
	p, err := engine.Diff(engine.Desired(s), live, engine.DiffOptions{Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type graphCase struct {
	name string
	spec *spec.Spec
	plan *engine.Plan
	opts []Option
}

func cases(t *testing.T) []graphCase {
	minimal := load(t, "../examples/minimal/org.yaml")
	lz := load(t, "../examples/landing-zone/org.yaml")
	lzPlan := landingZonePlan(t, lz)
	none, count := []Option{WithAccounts(AccountsNone)}, []Option{WithAccounts(AccountsCount)}
	return []graphCase{
		{"minimal", minimal, nil, nil},
		{"minimal-accounts-none", minimal, nil, none},
		{"minimal-accounts-count", minimal, nil, count},
		{"landing-zone", lz, nil, nil},
		{"landing-zone-plan", lz, lzPlan, nil},
		{"landing-zone-plan-accounts-none", lz, lzPlan, none},
		{"landing-zone-plan-accounts-count", lz, lzPlan, count},
		{"odd-names", oddNames(), nil, nil},
		{"odd-names-accounts-count", oddNames(), nil, count},
	}
}

// oddNames has names with every character that means something to
// Mermaid, HTML or DOT.
func oddNames() *spec.Spec {
	return &spec.Spec{
		Version:      1,
		Organization: spec.Organization{PolicyTypes: []string{"SERVICE_CONTROL_POLICY"}, Policies: []string{"FullAWSAccess"}},
		OrganizationalUnits: []spec.OU{
			{Name: `Q"uote` + "`tick` #1 <b>&amp; end", Children: []spec.OU{{Name: `back\slash direction LR; --> [x] (y) {z} |p|`}}},
			{Name: "end"},
			{Name: "Ünïcödé 部門"},
		},
		Accounts: []spec.Account{
			{Name: "graph", Email: "a+b@example.com", OU: `Q"uote` + "`tick` #1 <b>&amp; end" + `/back\slash direction LR; --> [x] (y) {z} |p|`},
			{Name: "class default style", Email: "c@example.com", OU: "end"},
		},
	}
}

func TestGolden(t *testing.T) {
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			for _, f := range Formats {
				var b bytes.Buffer
				if err := Render(&b, c.spec, c.plan, f, c.opts...); err != nil {
					t.Fatal(err)
				}
				ext := map[string]string{"mermaid": ".mmd", "dot": ".dot"}[f]
				golden(t, c.name+ext, b.Bytes())
			}
		})
	}
}

// expected is what a diagram must declare: one vertex per root, OU and
// account with its title first in the label, and the tree's edges.
func expected(d *Diagram) (titles map[string]string, edges []string) {
	titles = map[string]string{}
	for _, n := range append(d.Nodes[:len(d.Nodes):len(d.Nodes)], d.Legend...) {
		titles[n.ID] = n.Title
	}
	for _, e := range d.Edges {
		edges = append(edges, e.From+"->"+e.To)
	}
	slices.Sort(edges)
	return titles, edges
}

// mermaidEntity decodes the entity codes the renderer writes.
var mermaidEntity = strings.NewReplacer("#35;", "#", "#quot;", `"`, "#lt;", "<", "#gt;", ">", "#amp;", "&", "#96;", "`", "#110;", "n")

func TestMermaidFollowsTheFlowchartGrammar(t *testing.T) {
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			d := Build(c.spec, c.plan, c.opts...)
			src := Mermaid(d)
			fc, err := parseMermaid(src)
			if err != nil {
				t.Fatalf("not a Mermaid flowchart: %v\n%s", err, src)
			}
			if fc.dir != "LR" {
				t.Errorf("direction %q", fc.dir)
			}
			titles, edges := expected(d)
			if len(fc.labels) != len(titles) {
				t.Errorf("%d vertices, want %d", len(fc.labels), len(titles))
			}
			for id, title := range titles {
				label, ok := fc.labels[id]
				if !ok {
					t.Errorf("vertex %s missing", id)
					continue
				}
				first, _, _ := strings.Cut(label, "<br/>")
				first = strings.TrimSuffix(strings.TrimPrefix(first, "<b>"), "</b>")
				if got := mermaidEntity.Replace(first); got != title {
					t.Errorf("vertex %s title %q, want %q", id, got, title)
				}
			}
			var got []string
			for _, e := range fc.edges {
				got = append(got, e[0]+"->"+e[1])
			}
			slices.Sort(got)
			if diff := cmp.Diff(edges, got); diff != "" {
				t.Errorf("edges (-want +got):\n%s", diff)
			}
			var legend []string
			for _, n := range d.Legend {
				legend = append(legend, n.ID)
			}
			if sg := fc.subgraphs["legend"]; len(legend) > 0 && (sg == nil || !slices.Equal(sg.vertices, legend)) {
				t.Errorf("the legend's vertices are not in a subgraph of their own: %+v", sg)
			}
			for _, n := range append(d.Nodes, d.Legend...) {
				if fc.classes[n.ID] != string(n.Mark) {
					t.Errorf("vertex %s class %q, want %q", n.ID, fc.classes[n.ID], n.Mark)
				}
				if n.Mark != Unchanged && fc.defs[string(n.Mark)] == "" {
					t.Errorf("class %s used but not defined", n.Mark)
				}
			}
		})
	}
}

// The checker must refuse what Mermaid refuses, or it proves nothing. It
// also refuses a label holding "direction LR": Mermaid's lexer takes the
// whole line for a direction statement and the node silently vanishes.
func TestMermaidCheckerRefuses(t *testing.T) {
	bad := map[string]string{
		"no header":         "A --> B\n",
		"quotes in a label": "flowchart LR\n  A[\"a\"b\"c\"]\n",
		"end as an id":      "flowchart LR\n  end --> B\n",
		"direction in text": "flowchart LR\n  A[\"x direction LR\"]\n",
		"unclosed shape":    "flowchart LR\n  A[\"x\"\n",
		"class without def": "flowchart LR\n  class A\n",
		"dangling link":     "flowchart LR\n  A -->\n",
		"subgraph no end":   "flowchart LR\n  subgraph g[\"G\"]\n  A[\"a\"]\n",
		"nested subgraph":   "flowchart LR\n  subgraph g[\"G\"]\n  subgraph h[\"H\"]\n  end\n  end\n",
	}
	for name, src := range bad {
		t.Run(name, func(t *testing.T) {
			if _, err := parseMermaid(src); err == nil {
				t.Errorf("accepted:\n%s", src)
			}
		})
	}
	good := "flowchart LR\n  classDef c fill:#fff,stroke-dasharray:5 5\n  R([\"Root\"])\n  A[\"a #35; b\"] --> B\n  A -.-> C\n" +
		"  subgraph g[\"G\"]\n    D[\"d\"]\n  end\n  class C c\n"
	if _, err := parseMermaid(good); err != nil {
		t.Errorf("refused a valid flowchart: %v", err)
	}
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(s)
}

func TestDOTParses(t *testing.T) {
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			d := Build(c.spec, c.plan, c.opts...)
			src := DOT(d)
			f, err := dot.ParseString(src)
			if err != nil {
				t.Fatalf("not DOT: %v\n%s", err, src)
			}
			if len(f.Graphs) != 1 || !f.Graphs[0].Directed {
				t.Fatalf("want one digraph, got %d", len(f.Graphs))
			}
			labels := map[string]string{}
			var edges []string
			stmts := f.Graphs[0].Stmts
			for i := 0; i < len(stmts); i++ {
				switch st := stmts[i].(type) {
				case *ast.Subgraph:
					stmts = append(stmts, st.Stmts...)
				case *ast.NodeStmt:
					for _, a := range st.Attrs {
						if a.Key == "label" {
							labels[st.Node.ID] = unquote(a.Val)
						}
					}
				case *ast.EdgeStmt:
					edges = append(edges, fmt.Sprint(st.From)+"->"+fmt.Sprint(st.To.Vertex))
				}
			}
			slices.Sort(edges)
			titles, want := expected(d)
			if diff := cmp.Diff(want, edges); diff != "" {
				t.Errorf("edges (-want +got):\n%s", diff)
			}
			if len(labels) != len(titles) {
				t.Errorf("%d labelled nodes, want %d", len(labels), len(titles))
			}
			for id, title := range titles {
				first, _, _ := strings.Cut(labels[id], `\l`)
				if first != title {
					t.Errorf("node %s title %q, want %q", id, first, title)
				}
			}
		})
	}
}

func TestPlanMarks(t *testing.T) {
	lz := load(t, "../examples/landing-zone/org.yaml")
	d := Build(lz, landingZonePlan(t, lz))
	got := map[string]Mark{}
	lines := map[string][]string{}
	for _, n := range d.Nodes {
		got[n.Title] = n.Mark
		lines[n.Title] = n.Lines
	}
	for title, want := range map[string]Mark{
		"data-prod": Created, "payments-dev": Updated, "Legacy": Deleted, `Old "apps"`: Deleted,
		"Prod": Updated, "Sandbox": Updated, "Security": Updated, "Root": Updated, "network": Unchanged,
		"payments-prod": Unchanged, "Suspended": Unchanged,
	} {
		if got[title] != want {
			t.Errorf("%s: mark %q, want %q", title, got[title], want)
		}
	}
	for title, want := range map[string]string{
		"payments-dev": "moved from Sandbox",
		"Prod":         "+deny-root-user",
		"Sandbox":      "-deny-all",
		"Security":     "~region-guard",
		"Root":         "+ policy-type BACKUP_POLICY",
	} {
		if !strings.Contains(strings.Join(lines[title], "\n"), want) {
			t.Errorf("%s: lines %q do not mention %q", title, lines[title], want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	lz := load(t, "../examples/landing-zone/org.yaml")
	p := landingZonePlan(t, lz)
	first := Mermaid(Build(lz, p)) + DOT(Build(lz, p))
	for range 5 {
		if again := Mermaid(Build(lz, p)) + DOT(Build(lz, p)); again != first {
			t.Fatal("two renderings of one spec and plan differ")
		}
	}
}
