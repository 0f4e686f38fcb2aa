package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/orgctl/orgctl/bench/synth"
	"github.com/orgctl/orgctl/engine"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/awsconfig"
	"github.com/orgctl/orgctl/providers/organizations"
	"github.com/orgctl/orgctl/sandbox"
	_ "github.com/orgctl/orgctl/sandbox/all"
	sborgs "github.com/orgctl/orgctl/sandbox/organizations"
	"github.com/orgctl/orgctl/spec"
)

// synthesize is the stand-in for `sandbox generate` (-generator synth): it
// writes a synthetic spec and applies it to a new sandbox through the
// provider, in this process. The sandbox saves its state on every write,
// so this suits a thousand accounts, not ten.
func synthesize(c *config, dir string, n int) error {
	ous, policies := shape(n)
	path, err := synth.Write(dir, synth.Shape{Accounts: n, OUs: ous, Policies: max(1, policies/2)})
	if err != nil {
		return err
	}
	s, ds := spec.Load(path)
	if ds.HasErrors() {
		return fmt.Errorf("%s: %v", path, ds)
	}
	sb, err := sandbox.Init(filepath.Join(dir, "sandbox.json"), sborgs.WithCreateAccountDelay(0),
		sborgs.WithPolicyTypeDelay(0), sborgs.WithMaxAccounts(n+c.creates+10))
	if err != nil {
		return err
	}
	defer sb.Close()
	url, err := sb.Listen("127.0.0.1:0")
	if err != nil {
		return err
	}
	creds := sb.Credentials()
	ctx := context.Background()
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{EndpointURL: url, AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey})
	if err != nil {
		return err
	}
	p := organizations.New(providers.Env{
		Sessions: awsconfig.NewSessions(cfg, awsconfig.SessionOptions{}),
		Poll:     5 * time.Millisecond,
		Rates:    map[string]providers.Rate{"*": {}},
	})
	plan, err := engine.MakePlan(ctx, s, []engine.Provider{p})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: building a %d-account organization with %d changes...\n", n, len(plan.Changes))
	res, err := engine.Apply(ctx, plan, []engine.Provider{p}, engine.ApplyOptions{Parallelism: 32})
	if err != nil {
		return err
	}
	for id, e := range res.Errors {
		return fmt.Errorf("%s: %v", plan.Changes[id].Address(), e)
	}
	return nil
}
