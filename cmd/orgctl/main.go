// Command orgctl keeps an AWS Organization equal to a YAML spec kept in git.
//
// This package holds flags and subcommands only: loading specs is spec's
// job, planning and applying the engine's, talking to AWS the providers'.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes: 0 success (and, with --detailed-exitcode, no changes), 1
// error, 2 changes or drift.
const (
	exitOK      = 0
	exitError   = 1
	exitChanges = 2
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, a *app, args []string) int
}

var commands = []command{
	{"validate", "check a spec without calling AWS", runValidate},
	{"lint", "review the organization a spec describes for security (exit 1 on errors)", runLint},
	{"plan", "show what apply would change", runPlan},
	{"apply", "change the organization to match a spec or a saved plan", runApply},
	{"drift", "report how the organization differs from the spec (exit 2 on drift)", runDrift},
	{"graph", "draw the organization as Mermaid or DOT, optionally marked by a saved plan", runGraph},
	{"import", "write the live organization as a spec directory that plans clean", runImport},
	{"schema", "print the JSON Schema of org.yaml", runSchema},
	{"iam-policy", "print the IAM policy plan or apply needs (--for plan|apply)", runIAMPolicy},
	{"unlock", "break the apply lock of a dead apply, by its ID", runUnlock},
	{"sandbox", "run the local AWS sandbox: init, serve, reset, generate", runSandbox},
	{"version", "print orgctl's version", runVersion},
}

// app is what every command shares: streams and the environment.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	isTerminal     func(fd uintptr) bool
	// secrets are kept out of stdout and stderr (nil in tests that print
	// to buffers).
	secrets *secrets
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	sec := &secrets{}
	for _, k := range credentialEnv {
		sec.add(os.Getenv(k))
	}
	a := &app{stdin: os.Stdin, stdout: redactingWriter{os.Stdout, sec}, stderr: redactingWriter{os.Stderr, sec},
		getenv: os.Getenv, isTerminal: isTerminal, secrets: sec}
	code := a.main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

func (a *app) main(ctx context.Context, args []string) int {
	name, rest := splitCommand(args)
	if name == "" || name == "help" || name == "-h" || name == "--help" {
		a.usage(a.stdout)
		if name == "" {
			return exitError
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, a, rest)
		}
	}
	fmt.Fprintf(a.stderr, "Error: unknown command %q\n\n", name)
	a.usage(a.stderr)
	return exitError
}

func (a *app) usage(w io.Writer) {
	fmt.Fprintln(w, "orgctl keeps an AWS Organization equal to a YAML spec.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: orgctl [global flags] <command> [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Global flags:")
	fs := newFlagSet("orgctl", &globals{})
	fmt.Fprint(w, fs.FlagUsages())
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'orgctl <command> --help' for a command's flags.")
}

// fail prints an error and returns exitError.
func (a *app) fail(err error) int {
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintf(a.stderr, "Error: %v\n", err)
	}
	return exitError
}

// errReported marks an error whose details were already printed.
var errReported = errors.New("reported")

func runVersion(_ context.Context, a *app, args []string) int {
	fs := newFlagSet("version", &globals{})
	if code, done := a.parse(fs, args); done {
		return code
	}
	fmt.Fprintf(a.stdout, "orgctl %s\n", version)
	return exitOK
}
