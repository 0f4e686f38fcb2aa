package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/importer"
	"github.com/orgctl/orgctl/providers"
	orgp "github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/providers/providertest"
	"github.com/orgctl/orgctl/sandbox"
	_ "github.com/orgctl/orgctl/sandbox/all"
	sborgs "github.com/orgctl/orgctl/sandbox/organizations"
	"github.com/orgctl/orgctl/spec"
)

// generatedOrg returns a provider reading a sandbox filled by Generate.
func generatedOrg(t *testing.T, o sborgs.GenerateOptions) engine.Provider {
	t.Helper()
	return sandboxOrg(t, func(sb *sandbox.Sandbox) error { _, err := sborgs.Generate(sb, o); return err })
}

// sandboxOrg returns a provider reading a new sandbox, which fill (if not
// nil) fills first.
func sandboxOrg(t *testing.T, fill func(*sandbox.Sandbox) error) engine.Provider {
	t.Helper()
	sb := providertest.NewSandbox(t)
	if fill != nil {
		if err := fill(sb.SB); err != nil {
			t.Fatal(err)
		}
	}
	return orgp.New(providertest.Env(sb.Cfg, providers.Settings{}))
}

// importTo reads the organization and writes its spec to a new directory.
func importTo(t *testing.T, p engine.Provider, o importer.Options) (string, *importer.Result) {
	t.Helper()
	live, _, err := engine.ReadLive(context.Background(), []engine.Provider{p}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.Build(live, o)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "spec")
	if err := importer.Write(dir, res, false); err != nil {
		t.Fatal(err)
	}
	return dir, res
}

func planOf(t *testing.T, dir string, p engine.Provider) *engine.Plan {
	t.Helper()
	s, ds := spec.Load(filepath.Join(dir, "org.yaml"))
	if ds.HasErrors() {
		t.Fatalf("the imported spec does not load:\n%s", ds.Error())
	}
	pl, err := engine.MakePlan(context.Background(), s, []engine.Provider{p})
	if err != nil {
		t.Fatal(err)
	}
	return pl
}

// Five random organizations (depth 5, hundreds of accounts, every policy type at
// every level, odd tags, trusted access) import into specs that plan
// clean, and importing again gives the same bytes.
func TestRoundTripGenerated(t *testing.T) {
	accounts, ous, policies := 200, 40, 30
	if testing.Short() {
		accounts, ous, policies = 60, 12, 10
	}
	for _, seed := range []int64{1, 2, 3, 4, 5} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			t.Parallel()
			p := generatedOrg(t, sborgs.GenerateOptions{
				Accounts: accounts, OUs: ous, Policies: policies, Seed: seed,
				Tags: map[string]string{facts.ManagedTagKey: facts.ManagedTagValue},
			})
			dir, res := importTo(t, p, importer.Options{})
			if res.Accounts != accounts+1 || res.OUs != ous || res.Policies != policies || len(res.Skipped) != 0 {
				t.Errorf("imported %d accounts, %d OUs, %d policies, skipped %q; want %d, %d, %d and nothing skipped",
					res.Accounts, res.OUs, res.Policies, res.Skipped, accounts+1, ous, policies)
			}
			pl := planOf(t, dir, p)
			if !pl.Empty() || len(pl.Unmanaged) > 0 {
				for _, c := range pl.Changes {
					t.Errorf("change: %s %s %+v", c.Action, c.Address(), c.Fields)
				}
				t.Fatalf("plan of the imported spec is not empty: %d changes, unmanaged %v", len(pl.Changes), pl.Unmanaged)
			}
			split := accounts+1 > importer.DefaultSplitThreshold
			if _, err := os.Stat(filepath.Join(dir, "accounts", "root.yaml")); (err == nil) != split {
				t.Errorf("accounts split into accounts/: %v, want %v", err == nil, split)
			}
			if seed != 1 {
				return // one second import is enough, and reads cost
			}
			_, again := importTo(t, p, importer.Options{})
			for name, b := range res.Files {
				if !bytes.Equal(b, again.Files[name]) {
					t.Errorf("%s differs between two imports", name)
				}
			}
			if len(res.Files) != len(again.Files) {
				t.Errorf("two imports wrote %d and %d files", len(res.Files), len(again.Files))
			}
		})
	}
}
