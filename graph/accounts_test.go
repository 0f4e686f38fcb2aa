package graph

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"

	"github.com/orgctl/orgctl/engine"
	orgs "github.com/orgctl/orgctl/services/organizations"
	"github.com/orgctl/orgctl/spec"
)

// largeOrg is an organization of 500 accounts in 30 OUs (ten, each with
// two children), and a plan that creates 8 of them, moves one and closes
// one.
func largeOrg(t *testing.T) (*spec.Spec, *engine.Plan, int) {
	s := &spec.Spec{
		Version:      1,
		Organization: spec.Organization{PolicyTypes: []string{"SERVICE_CONTROL_POLICY"}, Policies: []string{"FullAWSAccess"}},
	}
	var paths []string
	for i := range 10 {
		name := fmt.Sprintf("Unit%02d", i)
		s.OrganizationalUnits = append(s.OrganizationalUnits, spec.OU{Name: name, Children: []spec.OU{{Name: "Prod"}, {Name: "Dev"}}})
		paths = append(paths, name, name+"/Prod", name+"/Dev")
	}
	for i := range 500 {
		s.Accounts = append(s.Accounts, spec.Account{Name: fmt.Sprintf("team-%03d", i), Email: fmt.Sprintf("team-%03d@example.com", i), OU: paths[i%len(paths)]})
	}
	s.Accounts[3].Closed = true
	var live []engine.Resource
	for _, r := range engine.Desired(s) {
		if r.Kind == orgs.KindAccount {
			var i int
			fmt.Sscanf(r.Key, "team-%d@", &i)
			if i%70 == 1 {
				continue // to create
			}
			switch i {
			case 2:
				r.Attrs["ou"] = paths[0] // to move back
			case 3:
				r.Attrs["closed"] = false // to close
			}
		}
		r.Managed = r.Kind == orgs.KindOU || r.Kind == orgs.KindAccount
		live = append(live, r)
	}
	p, err := engine.Diff(engine.Desired(s), live, engine.DiffOptions{Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	return s, p, len(paths)
}

var countLine = regexp.MustCompile(`(\d+) accounts?(?:: ([^<\\]*))?`)

// With --accounts count, a 500-account organization draws as its OU tree
// and a legend: the accounts are counted in their OUs, with the plan's
// changes to them.
func TestAccountsCountAtScale(t *testing.T) {
	s, p, ous := largeOrg(t)
	if p.Summary.Create != 8 || p.Summary.Update != 2 || p.Summary.Destructive != 1 {
		t.Fatalf("plan: %s, want 8 creates and 2 updates, 1 destructive", engine.SummaryLine(p.Summary))
	}
	all := Build(s, p)
	d := Build(s, p, WithAccounts(AccountsCount))
	t.Logf("nodes: %d with every account, %d counted; Mermaid %d bytes, %d counted",
		len(all.Nodes)+len(all.Legend), len(d.Nodes)+len(d.Legend), len(Mermaid(all)), len(Mermaid(d)))

	fc, err := parseMermaid(Mermaid(d))
	if err != nil {
		t.Fatal(err)
	}
	if max := ous + 1 + len(legend()); len(fc.labels) > max {
		t.Errorf("%d Mermaid vertices for %d OUs, want at most %d", len(fc.labels), ous, max)
	}
	f, err := dot.ParseString(DOT(d))
	if err != nil {
		t.Fatal(err)
	}
	nodes := 0
	stmts := f.Graphs[0].Stmts
	for i := 0; i < len(stmts); i++ {
		switch st := stmts[i].(type) {
		case *ast.Subgraph:
			stmts = append(stmts, st.Stmts...)
		case *ast.NodeStmt:
			nodes++
		}
	}
	if max := ous + 1 + len(legend()); nodes > max {
		t.Errorf("%d DOT nodes for %d OUs, want at most %d", nodes, ous, max)
	}

	// Every account is counted once, and every change to one.
	total, changes := 0, map[string]int{}
	for _, label := range fc.labels {
		m := countLine.FindStringSubmatch(label)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		total += n
		for _, c := range strings.Split(m[2], ", ") {
			if k, verb, ok := strings.Cut(c, " "); ok {
				n, _ := strconv.Atoi(k)
				changes[verb] += n
			}
		}
	}
	if total != 500 || changes["to create"] != 8 || changes["to update"] != 1 || changes["to close"] != 1 || len(changes) != 3 {
		t.Errorf("counted %d accounts, changes %v; want 500, 8 to create, 1 to update, 1 to close", total, changes)
	}
}

// Each mode keeps the OU tree whole and draws accounts as it says.
func TestAccountModes(t *testing.T) {
	s, p, ous := largeOrg(t)
	for _, tt := range []struct {
		mode          Accounts
		nodes, counts int
	}{
		{AccountsAll, 1 + ous + 500, 0},
		{AccountsNone, 1 + ous, 0},
		{AccountsCount, 1 + ous, ous},
	} {
		t.Run(string(tt.mode), func(t *testing.T) {
			d := Build(s, p, WithAccounts(tt.mode))
			counts, accounts := 0, 0
			ids := map[string]bool{}
			for _, n := range d.Nodes {
				ids[n.ID] = true
				if n.Kind == "account" {
					accounts++
				}
				if len(n.Lines) > 0 && countLine.MatchString(n.Lines[0]) {
					counts++
				}
			}
			if len(d.Nodes) != tt.nodes || counts != tt.counts {
				t.Errorf("%d nodes, %d with a count; want %d and %d", len(d.Nodes), counts, tt.nodes, tt.counts)
			}
			if len(d.Edges) != len(d.Nodes)-1 {
				t.Errorf("%d edges for %d nodes: not a tree", len(d.Edges), len(d.Nodes))
			}
			for _, e := range d.Edges {
				if !ids[e.From] || !ids[e.To] {
					t.Errorf("edge %s -> %s to a node not drawn", e.From, e.To)
				}
			}
		})
	}
}
