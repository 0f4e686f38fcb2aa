package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/orgctl/orgctl/facts"
	"github.com/orgctl/orgctl/importer"
	"github.com/orgctl/orgctl/sandbox"
	sborgs "github.com/orgctl/orgctl/sandbox/organizations"
)

// generateFlags are the flags of 'sandbox generate'.
type generateFlags struct {
	accounts, ous, policies int
	seed                    int64
	out                     string
	force                   bool
}

func addGenerateFlags(fs *pflag.FlagSet) *generateFlags {
	f := &generateFlags{}
	fs.IntVar(&f.accounts, "accounts", 100, "member accounts to create")
	fs.IntVar(&f.ous, "ous", 20, "organizational units to create (a tree up to 5 levels deep)")
	fs.IntVar(&f.policies, "policies", 20, "customer-managed policies to create, of every policy type orgctl manages")
	fs.Int64Var(&f.seed, "seed", 1, "the same seed and sizes give the same organization")
	fs.StringVarP(&f.out, "out", "o", "", "write the matching spec to `DIR`, as 'orgctl import' does (new or empty)")
	fs.BoolVar(&f.force, "force", false, "write the spec into a directory that is not empty")
	return f
}

// sandboxGenerate replaces the sandbox's state with a random organization
// owned by orgctl, then imports it into f.out, so that the spec plans clean.
func (a *app) sandboxGenerate(ctx context.Context, g *globals, state string, opts []sandbox.Option, f *generateFlags) int {
	if g.endpointURL != "" {
		// It writes the state file; a served sandbox would go on serving
		// its own copy and write it back over the generated one.
		return a.fail(fmt.Errorf("sandbox generate writes a state file and cannot change the sandbox served at --endpoint-url: stop 'orgctl sandbox serve', " +
			"run 'orgctl sandbox generate --state FILE -o DIR' on the file it served (its --state), then serve it again"))
	}
	if f.out == "" {
		return a.fail(fmt.Errorf("give the directory to write the spec to with -o DIR"))
	}
	if err := importer.CheckDir(f.out, f.force); err != nil {
		return a.fail(err)
	}
	// The five long-standing policy types (sborgs.DefaultGeneratePolicyTypes):
	// the newer ones need trusted access first and would change what the
	// benchmarks measure.
	o := sborgs.GenerateOptions{
		Accounts: f.accounts, OUs: f.ous, Policies: f.policies, Seed: f.seed,
		Tags: map[string]string{facts.ManagedTagKey: facts.ManagedTagValue},
	}
	if err := o.Validate(); err != nil {
		return a.fail(err) // before the reset: the sandbox keeps its state
	}
	start := time.Now()
	sb, err := sandbox.Reset(state, opts...)
	if err != nil {
		return a.fail(err)
	}
	gen, err := sborgs.Generate(sb, o)
	sb.Close()
	if err != nil {
		return a.fail(err)
	}
	fmt.Fprintf(a.stdout, "Generated %d OUs (%d levels deep), %d accounts, %d policies and %d attachments in %s in %s.\n",
		gen.OUs, gen.MaxDepth, gen.Accounts, gen.Policies, gen.Attachments, state, time.Since(start).Round(time.Millisecond))

	ig := *g
	ig.sandbox, ig.endpointURL = state, ""
	res, live, err := a.importOrg(ctx, &ig, importer.Options{})
	if err != nil {
		return a.fail(err)
	}
	if err := importer.Write(f.out, res, f.force); err != nil {
		return a.fail(fmt.Errorf("writing the spec: %w", err))
	}
	a.reportImport(&ig, f.out, res, live, false)
	fmt.Fprintf(a.stdout, "Plan it with: %s\n", ig.command(false, "plan", "-f", filepath.Join(f.out, "org.yaml")))
	return exitOK
}
