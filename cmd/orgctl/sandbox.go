package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/orgctl/orgctl/sandbox"
	_ "github.com/orgctl/orgctl/sandbox/all" // serve every emulated service
	sborgs "github.com/orgctl/orgctl/sandbox/organizations"
)

func runSandbox(ctx context.Context, a *app, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		a.sandboxUsage(a.stdout)
		if len(args) == 0 {
			return exitError
		}
		return exitOK
	}
	sub, args := args[0], args[1:]
	if strings.HasPrefix(sub, "-") {
		// Global flags came first: orgctl --sandbox=PATH sandbox generate.
		sub, args = splitCommand(append([]string{sub}, args...))
	}
	var g globals
	fs := newFlagSet("sandbox "+sub, &g)
	state := fs.String("state", defaultSandboxPath, "the sandbox state `FILE`")
	var so sandboxFlags
	so.add(fs)
	var addr *string
	var allowRemote *bool
	if sub == "serve" {
		addr = fs.String("addr", "127.0.0.1:4566", "`HOST:PORT` to listen on (port 0 picks a free one)")
		allowRemote = fs.Bool("allow-remote", false, "allow listening on an address other than loopback")
	}
	var gen *generateFlags
	if sub == "generate" {
		gen = addGenerateFlags(fs)
	}
	if code, done := a.parse(fs, args); done {
		return code
	}
	if code, done := a.noArgs(fs); done {
		return code
	}
	if dir := filepath.Dir(*state); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return a.fail(err)
		}
	}
	switch sub {
	case "generate":
		if g.sandbox != "" && !fs.Changed("state") {
			*state = g.sandbox
		}
		return a.sandboxGenerate(ctx, &g, *state, so.options(fs), gen)
	case "init":
		sb, err := sandbox.Init(*state, so.options(fs)...)
		if err != nil {
			return a.fail(err)
		}
		defer sb.Close()
		if so.empty {
			fmt.Fprintf(a.stdout, "Created a sandbox in %s with account %s in no organization; create one with aws organizations create-organization.\n", *state, sb.ManagementAccountID())
			return exitOK
		}
		fmt.Fprintf(a.stdout, "Created a sandbox organization in %s; its management account is %s.\n", *state, sb.ManagementAccountID())
		return exitOK
	case "reset":
		sb, err := sandbox.Reset(*state, so.options(fs)...)
		if err != nil {
			return a.fail(err)
		}
		defer sb.Close()
		if so.empty {
			fmt.Fprintf(a.stdout, "Reset %s to account %s in no organization.\n", *state, sb.ManagementAccountID())
			return exitOK
		}
		fmt.Fprintf(a.stdout, "Reset %s to a new organization; its management account is %s.\n", *state, sb.ManagementAccountID())
		return exitOK
	case "serve":
		if err := checkLoopback(*addr, *allowRemote); err != nil {
			return a.fail(err)
		}
		realism, _, err := g.sandboxRealism()
		if err != nil {
			return a.fail(err)
		}
		sb, err := sandbox.Open(*state, append(so.options(fs), realism...)...)
		if err != nil {
			return a.fail(err)
		}
		defer sb.Close()
		url, err := sb.Listen(*addr)
		if err != nil {
			return a.fail(err)
		}
		creds := sb.Credentials()
		fmt.Fprintf(a.stdout, "orgctl sandbox serving %s (state %s, management account %s)\n", url, *state, sb.ManagementAccountID())
		if g.rate != "" || g.latency != 0 || g.faults != "" {
			fmt.Fprintf(a.stdout, "Emulating --rate %q --latency %s --faults %q\n", g.rate, g.latency, g.faults)
		}
		fmt.Fprintf(unredacted(a.stdout), "Use it with:\n  export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1\n  aws --endpoint-url %s organizations describe-organization\n  orgctl --endpoint-url %s plan -f org.yaml\n",
			creds.AccessKeyID, creds.SecretAccessKey, url, url)
		<-ctx.Done()
		fmt.Fprintln(a.stdout, "Stopped.")
		return exitOK
	}
	return a.fail(fmt.Errorf("unknown sandbox command %q: use init, serve, reset or generate", sub))
}

// checkLoopback refuses to expose the sandbox beyond this machine unless
// asked: it holds credentials and answers to anyone who can reach it.
func checkLoopback(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %w", addr, err)
	}
	if allowRemote {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--addr %s is not a loopback address; the sandbox answers anyone who reaches it, so pass --allow-remote to mean it", addr)
}

// sandboxFlags tune the emulated AWS.
type sandboxFlags struct {
	createDelay, policyTypeDelay, closeDelay time.Duration
	maxAccounts                              int
	set                                      []string
	// What a new sandbox starts as (init, reset, serve of a new file).
	empty                 bool
	featureSet, accountID string
	email                 string
}

func (s *sandboxFlags) add(fs *pflag.FlagSet) {
	fs.DurationVar(&s.createDelay, "create-delay", 2*time.Second, "how long CreateAccount stays IN_PROGRESS")
	fs.DurationVar(&s.policyTypeDelay, "policy-type-delay", 500*time.Millisecond, "how long enabling a policy type stays PENDING")
	fs.DurationVar(&s.closeDelay, "close-delay", 2*time.Second, "how long an account stays PENDING_CLOSURE")
	fs.IntVar(&s.maxAccounts, "max-accounts", 10, "the account quota, management account included (AWS gives new organizations 10)")
	fs.BoolVar(&s.empty, "empty", false, "start with a management account in no organization: every Organizations call but CreateOrganization answers AWSOrganizationsNotInUseException")
	fs.StringVar(&s.featureSet, "feature-set", "ALL", "the new organization's feature set: ALL or CONSOLIDATED_BILLING")
	oneOf(fs, "feature-set", "ALL", "CONSOLIDATED_BILLING")
	fs.StringVar(&s.accountID, "account-id", "", "the management account's 12-digit `ID` (random when unset)")
	fs.StringVar(&s.email, "management-email", "management@sandbox.example", "the management account's email")
	fs.StringArrayVar(&s.set, "set", nil, "a setting of an emulated service, `SERVICE.FIELD=VALUE` (repeatable), such as guardduty.adminSettleDelay=1s; a wrong name lists them all")
}

// options returns the sandbox options for the flags the user set.
func (s *sandboxFlags) options(fs *pflag.FlagSet) []sandbox.Option {
	var opts []sandbox.Option
	if fs.Changed("create-delay") {
		opts = append(opts, sborgs.WithCreateAccountDelay(s.createDelay))
	}
	if fs.Changed("policy-type-delay") {
		opts = append(opts, sborgs.WithPolicyTypeDelay(s.policyTypeDelay))
	}
	if fs.Changed("close-delay") {
		opts = append(opts, sborgs.WithCloseAccountDelay(s.closeDelay))
	}
	if fs.Changed("max-accounts") {
		opts = append(opts, sborgs.WithMaxAccounts(s.maxAccounts))
	}
	switch {
	case s.empty:
		opts = append(opts, sborgs.WithOrganization("none"))
	case fs.Changed("feature-set"):
		opts = append(opts, sborgs.WithOrganization(s.featureSet))
	}
	if fs.Changed("account-id") {
		opts = append(opts, sandbox.WithAccountID(s.accountID))
	}
	if fs.Changed("management-email") {
		opts = append(opts, sborgs.WithManagementEmail(s.email))
	}
	for _, kv := range s.set {
		name, value, _ := strings.Cut(kv, "=")
		opts = append(opts, sandbox.WithSetting(name, value))
	}
	return opts
}
