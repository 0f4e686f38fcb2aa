package catalog

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgctl/orgctl/spec"
)

func TestExamplesLoad(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "examples", "*", "org.yaml"))
	if err != nil || len(files) < 2 {
		t.Fatalf("examples: %v, %v", files, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f)), func(t *testing.T) {
			t.Parallel()
			s, ds := spec.Load(f)
			if len(ds) > 0 {
				t.Fatalf("Load(%s):\n%s", f, ds.Error())
			}
			// The sandbox allows 10 accounts, the management account included.
			if n := len(s.Accounts); n > 8 {
				t.Errorf("%d accounts, want at most 8", n)
			}
			for _, p := range s.Policies {
				if !json.Valid([]byte(p.Content)) || strings.ContainsAny(p.Content, "\n\t") {
					t.Errorf("policy %s: content is not minified JSON: %q", p.Name, p.Content)
				}
			}
		})
	}
}

func TestLandingZone(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "examples", "landing-zone")
	s, ds := spec.Load(filepath.Join(dir, "org.yaml"))
	if ds.HasErrors() {
		t.Fatal(ds.Error())
	}
	var got []string
	for i, a := range s.Accounts {
		got = append(got, a.Name+" "+a.OU+" "+s.Locs.Pos(fmt.Sprintf("accounts[%d]", i)).File)
	}
	core := filepath.Join(dir, "accounts", "core.yaml")
	workloads := filepath.Join(dir, "accounts", "workloads.yaml")
	want := []string{
		"security-tooling Security " + core,
		"log-archive Security " + core,
		"network Infrastructure " + core,
		"payments-prod Workloads/Prod " + workloads,
		"payments-dev Workloads/Dev " + workloads,
		"data-prod Workloads/Prod " + workloads,
		"sandbox-alice Sandbox " + workloads,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged accounts (-want +got):\n%s", diff)
	}

	p, ok := s.Policy("deny-leave-organization")
	if !ok {
		t.Fatal("deny-leave-organization is not declared")
	}
	wantContent := `{"Version":"2012-10-17","Statement":[{"Sid":"DenyLeaveOrganization","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}`
	if p.Content != wantContent {
		t.Errorf("deny-leave-organization content:\n got %s\nwant %s", p.Content, wantContent)
	}
	rg, _ := s.Policy("region-guard")
	file := s.Sources[filepath.Join(dir, "policies", "region-guard.json")]
	if len(file) == 0 || len(rg.Content) >= len(file) {
		t.Errorf("region-guard: content %d characters, file %d; want the content minified", len(rg.Content), len(file))
	}
	for _, name := range []string{"enforce-secure-transport", "cost-center-tags", "daily-backups"} {
		if p, ok := s.Policy(name); !ok || p.Content == "" {
			t.Errorf("policy %s missing or without content", name)
		}
	}
	if s.Settings.CrossAccountRole != "OrganizationAccountAccessRole" || !*s.Settings.Prune {
		t.Errorf("settings = %+v", s.Settings)
	}
}
