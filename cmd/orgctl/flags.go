package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/orgctl/orgctl/internal/suggest"
	"github.com/orgctl/orgctl/providers"
	"github.com/orgctl/orgctl/providers/awsconfig"
	"github.com/orgctl/orgctl/sandbox"
)

// defaultSandboxPath is where --sandbox keeps its state unless told.
const defaultSandboxPath = ".orgctl/sandbox.json"

// globals are the flags every command accepts, before or after its name.
type globals struct {
	sandbox     string
	profile     string
	region      string
	roleARN     string
	endpointURL string
	noColor     bool
	verbose     bool
	debug       bool
	// The sandbox's realism and faults (--sandbox and sandbox serve).
	rate    string
	latency time.Duration
	faults  string
	gitRepo string
	gitRef  string
}

// newFlagSet returns a flag set holding the global flags.
func newFlagSet(name string, g *globals) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.StringVar(&g.sandbox, "sandbox", "", "run against the local AWS sandbox, its state in `PATH` (default "+defaultSandboxPath+", created on first use)")
	fs.Lookup("sandbox").NoOptDefVal = defaultSandboxPath
	fs.StringVar(&g.profile, "profile", "", "AWS shared config profile")
	fs.StringVar(&g.region, "region", "", "AWS region for regional services (default from the AWS config)")
	fs.StringVar(&g.roleARN, "role-arn", "", "IAM role to assume in the management account")
	fs.StringVar(&g.endpointURL, "endpoint-url", "", "send AWS requests to this URL (a sandbox served by 'orgctl sandbox serve')")
	fs.BoolVar(&g.noColor, "no-color", false, "never colour output (NO_COLOR in the environment does the same)")
	fs.BoolVarP(&g.verbose, "verbose", "v", false, "say what orgctl reads and how many AWS calls it makes")
	fs.BoolVar(&g.debug, "debug", false, "print every AWS request and retry to stderr: service, operation, region, attempt, status, time taken")
	fs.StringVar(&g.rate, "rate", "", "sandbox rate limits: `SERVICE=RPS:BURST[:INFLIGHT][,...]` (INFLIGHT: requests in progress a caller may have; SERVICE.Operation=RPS:BURST for one operation, per caller), aws (AWS-like defaults, with the buckets AWS publishes per Organizations operation), or none (the default)")
	fs.DurationVar(&g.latency, "latency", 0, "sandbox: delay every request by `DUR`")
	fs.StringVar(&g.faults, "faults", "", "sandbox: inject faults, a comma-separated `SPEC` of throttle=P, error5xx=P, concurrent=P, consistency=DUR, lost=P, outage=SERVICE:OP[+...], seed=N")
	fs.StringVar(&g.gitRepo, "git-repo", "", "read the spec from this git repository (`URL|PATH`) at --git-ref; -f is then relative to its root")
	fs.StringVar(&g.gitRef, "git-ref", "", "the branch, tag or commit of --git-repo to read (default HEAD)")
	oneOf(fs, "rate", "aws", "none")
	return fs
}

// globalFlags describes the global flags, for help, completion and
// splitCommand; commands parse into their own sets.
var globalFlags = newFlagSet("orgctl", &globals{})

// sandboxOnlyFlags are the global flags only the sandbox uses: help lists
// them under 'orgctl sandbox --help' and 'orgctl --help', not under every
// command.
var sandboxOnlyFlags = map[string]bool{"rate": true, "latency": true, "faults": true}

// lookupFlag finds the flag an argument names in fs: "--name", "--name=V"
// or "-n"; nil when it names none.
func lookupFlag(fs *pflag.FlagSet, arg string) *pflag.Flag {
	name, _, _ := strings.Cut(arg, "=")
	switch {
	case strings.HasPrefix(name, "--"):
		return fs.Lookup(name[2:])
	case len(name) == 2 && name[0] == '-':
		return fs.ShorthandLookup(name[1:])
	}
	return nil
}

// takesValue says whether a flag takes its value as the next argument
// when it is not joined by "=".
func takesValue(f *pflag.Flag) bool {
	return f.Value.Type() != "bool" && f.NoOptDefVal == ""
}

// valuesAnnotation holds a flag's choices, for help and completion.
const valuesAnnotation = "orgctl-values"

// oneOf records the values a flag takes, for help and completion; its
// description must name them all (a test checks).
func oneOf(fs *pflag.FlagSet, name string, values ...string) {
	if err := fs.SetAnnotation(name, valuesAnnotation, values); err != nil {
		panic(err) // a flag name mistyped in the source
	}
}

// flagValues are the values oneOf recorded for f.
func flagValues(f *pflag.Flag) []string { return f.Annotations[valuesAnnotation] }

// sandboxRealism returns the sandbox options of --rate, --latency and
// --faults, and whether any was given.
func (g *globals) sandboxRealism() ([]sandbox.Option, bool, error) {
	var opts []sandbox.Option
	if g.rate != "" {
		l, err := sandbox.ParseRateLimits(g.rate)
		if err != nil {
			return nil, false, fmt.Errorf("--rate: %w", err)
		}
		opts = append(opts, sandbox.WithRateLimits(l))
	}
	if g.latency < 0 {
		return nil, false, fmt.Errorf("--latency %s: must not be negative", g.latency)
	}
	if g.latency > 0 {
		opts = append(opts, sandbox.WithLatency(g.latency))
	}
	if g.faults != "" {
		f, err := sandbox.ParseFaults(g.faults)
		if err != nil {
			return nil, false, fmt.Errorf("--faults: %w", err)
		}
		opts = append(opts, sandbox.WithFaults(f))
	}
	return opts, g.rate != "" || g.latency != 0 || g.faults != "", nil
}

// clientRates are the rates --rate sets on the sandbox, for the clients
// to pace themselves at; with no --rate, nothing is limited.
func (g *globals) clientRates() (map[string]providers.Rate, error) {
	out := map[string]providers.Rate{"*": {}}
	if g.rate == "" {
		return out, nil
	}
	l, err := sandbox.ParseRateLimits(g.rate)
	if err != nil {
		return nil, fmt.Errorf("--rate: %w", err)
	}
	ops := map[string]map[string]providers.Rate{} // by service, then operation
	for bucket, r := range l {
		rate := providers.Rate{RPS: r.RPS, Burst: r.Burst, InFlight: r.InFlight}
		if svc, op, ok := strings.Cut(bucket, "."); ok {
			if ops[svc] == nil {
				ops[svc] = map[string]providers.Rate{}
			}
			ops[svc][op] = rate
			continue
		}
		switch bucket {
		case "default":
			out["*"] = rate
		case "identitycenter": // one bucket for both services, as on AWS
			out["sso"], out["identitystore"] = rate, rate
		default:
			out[bucket] = rate
		}
	}
	for svc, o := range ops {
		r, ok := out[svc]
		if !ok {
			r = out["*"] // a service with no bucket of its own keeps the default's
		}
		r.Ops = o
		out[svc] = r
	}
	return out, nil
}

// sandboxPolling is how often a run against a sandbox polls asynchronous
// work: its delays are seconds, not AWS's minutes.
const sandboxPolling = 250 * time.Millisecond

// pacing says how a run paces itself. Against a sandbox (--sandbox, or an
// --endpoint-url on this machine, where 'orgctl sandbox serve' listens)
// it polls fast and keeps to the rates --rate gave the sandbox, none
// without it. Against AWS, reached directly or through an --endpoint-url
// of AWS's own (a VPC or FIPS endpoint), each provider keeps AWS's pace
// (nil rates, zero poll) unless --rate says what the endpoint allows.
func (g *globals) pacing() (poll time.Duration, rates map[string]providers.Rate, err error) {
	if g.sandbox != "" || (g.endpointURL != "" && awsconfig.LocalEndpoint(g.endpointURL)) {
		rates, err = g.clientRates()
		return sandboxPolling, rates, err
	}
	if g.rate == "" {
		return 0, nil, nil
	}
	rates, err = g.clientRates()
	return 0, rates, err
}

// splitCommand finds the command name among args, so global flags may come
// before it: orgctl --sandbox plan -f org.yaml.
func splitCommand(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "-h" || a == "--help" {
			return a, nil
		}
		if strings.HasPrefix(a, "-") {
			if f := lookupFlag(globalFlags, a); f != nil && takesValue(f) && !strings.Contains(a, "=") {
				i++
			}
			continue
		}
		rest := append(append([]string{}, args[:i]...), args[i+1:]...)
		return a, rest
	}
	return "", nil
}

// parse parses a command's flags. When it returns done, the command ends
// with code: help was printed (0) or the flags were wrong (1). An app
// that captures flag sets hands fs over instead, for help and completion
// to know a command's flags without running it.
func (a *app) parse(fs *pflag.FlagSet, args []string) (code int, done bool) {
	if a.capture != nil {
		a.capture(fs)
		return exitOK, true
	}
	fs.SetOutput(a.stderr)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			a.commandUsage(fs)
			return exitOK, true
		}
		fmt.Fprintf(a.stderr, "Error: %v%s\nRun 'orgctl %s --help' for its flags.\n", err, flagSuggestion(fs, err), fs.Name())
		return exitError, true
	}
	return 0, false
}

// flagSuggestion is "; did you mean --NAME?" when err is pflag's of an
// unknown flag close to one that fs has.
func flagSuggestion(fs *pflag.FlagSet, err error) string {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return ""
	}
	var names []string
	fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	if s := suggest.Closest(name, names); s != "" {
		return fmt.Sprintf("; did you mean --%s?", s)
	}
	return ""
}

// noArgs fails when a command got positional arguments it does not take.
func (a *app) noArgs(fs *pflag.FlagSet) (int, bool) {
	if fs.NArg() > 0 {
		fmt.Fprintf(a.stderr, "Error: unexpected argument %q\nRun 'orgctl %s --help' for its flags.\n", fs.Arg(0), fs.Name())
		return exitError, true
	}
	return 0, false
}
