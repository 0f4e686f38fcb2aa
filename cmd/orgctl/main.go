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
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/orgctl/orgctl/internal/suggest"
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

// app is what every command shares: streams and the environment.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	isTerminal     func(fd uintptr) bool
	// secrets are kept out of stdout and stderr (nil in tests that print
	// to buffers).
	secrets *secrets
	// capture, when set, receives a command's flag set in place of
	// parsing it; the command then returns (see parse).
	capture func(*pflag.FlagSet)
}

func main() {
	sec := &secrets{}
	for _, k := range credentialEnv {
		sec.add(os.Getenv(k))
	}
	a := &app{stdin: os.Stdin, stdout: redactingWriter{os.Stdout, sec}, stderr: redactingWriter{os.Stderr, sec},
		getenv: os.Getenv, isTerminal: isTerminal, secrets: sec}
	ctx, stop := interrupts(a.stderr, os.Exit)
	code := a.main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

func (a *app) main(ctx context.Context, args []string) int {
	if len(args) > 0 && args[0] == completeCommand {
		return a.complete(args[1:])
	}
	name, rest := splitCommand(args)
	if name == "" && len(args) > 0 {
		// Flags but no command: say which flag is wrong, or that the
		// command is missing, rather than print the usage unexplained.
		var g globals
		fs := newFlagSet("orgctl", &g)
		fs.SetOutput(io.Discard)
		if err := fs.Parse(args); err != nil {
			fmt.Fprintf(a.stderr, "Error: %v%s\nRun 'orgctl --help' for the commands and global flags.\n", err, flagSuggestion(fs, err))
		} else {
			fmt.Fprintf(a.stderr, "Error: no command after %s\nRun 'orgctl --help' for the commands.\n", strings.Join(args, " "))
		}
		return exitError
	}
	switch name {
	case "":
		a.usage(a.stdout)
		return exitError
	case "-h", "--help":
		a.usage(a.stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, a, rest)
		}
	}
	return a.unknownCommand(name, args)
}

// unknownCommand says that orgctl has no command name, and what was
// probably meant: args is the whole command line.
func (a *app) unknownCommand(name string, args []string) int {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	fmt.Fprintf(a.stderr, "Error: unknown command %q", name)
	if i := slices.Index(args, name); i > 0 && args[i-1] == "--sandbox" {
		// --sandbox's path is optional, so it must be joined to it.
		fmt.Fprintf(a.stderr, "; to keep the sandbox's state in %s, write --sandbox=%s", name, name)
	} else if s := suggest.Closest(name, names); s != "" {
		fmt.Fprintf(a.stderr, "; did you mean %q?", s)
	}
	fmt.Fprintf(a.stderr, "\nRun 'orgctl --help' for the commands.\n")
	return exitError
}

// fail prints an error, and what to do about it when orgctl knows, and
// returns exitError.
func (a *app) fail(err error) int {
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintf(a.stderr, "Error: %v\n", err)
		if h := hint(err); h != "" {
			fmt.Fprintln(a.stderr, h)
		}
	}
	return exitError
}

// hint says what to do next about errors every new user meets: no
// credentials, or an endpoint that is not listening.
func hint(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "get credentials") || strings.Contains(msg, "no EC2 IMDS role found") ||
		strings.Contains(msg, "failed to refresh cached credentials"):
		return "orgctl found no AWS credentials. Name a profile with --profile or AWS_PROFILE (for IAM Identity Center, run 'aws sso login --profile NAME' first), " +
			"export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or try orgctl without AWS with --sandbox."
	case strings.Contains(msg, "connection refused"):
		return "Nothing answers at that address: is 'orgctl sandbox serve' running, and is --endpoint-url its URL?"
	}
	return ""
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
