package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// helpPaths are the commands that have a help of their own: "" for
// orgctl's, then every command and sandbox subcommand.
func helpPaths() []string {
	paths := []string{""}
	for _, c := range commands {
		paths = append(paths, c.name)
		for _, s := range c.subcommands {
			paths = append(paths, c.name+" "+s.name)
		}
	}
	return paths
}

func goldenName(path string) string {
	if path == "" {
		return "orgctl.txt"
	}
	return strings.ReplaceAll(path, " ", "-") + ".txt"
}

// The help of every command, as a user sees it, against
// testdata/help/*.txt (go test -run TestHelp -update rewrites them); the
// same text whether asked with --help, -h or 'orgctl help'.
func TestHelpGolden(t *testing.T) {
	t.Parallel()
	for _, path := range helpPaths() {
		t.Run(goldenName(path), func(t *testing.T) {
			t.Parallel()
			args := append(strings.Fields(path), "--help")
			code, out, stderr := inProcess{}.run(t, args...)
			if code != exitOK || stderr != "" {
				t.Fatalf("orgctl %s: exit %d, stderr %q", strings.Join(args, " "), code, stderr)
			}
			golden := filepath.Join("testdata", "help", goldenName(path))
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestHelp -update)", err)
			}
			if out != string(want) {
				t.Errorf("orgctl %s differs from %s (run go test -run TestHelp -update and review the diff):\n%s", strings.Join(args, " "), golden, out)
			}
			for _, other := range [][]string{append(strings.Fields(path), "-h"), append([]string{"help"}, strings.Fields(path)...)} {
				if _, o, _ := (inProcess{}).run(t, other...); o != out {
					t.Errorf("orgctl %s is not the same as orgctl %s:\n%s", strings.Join(other, " "), strings.Join(args, " "), o)
				}
			}
		})
	}
}

// Every help reads well in an 80-column terminal, without pflag's noise.
func TestHelpShape(t *testing.T) {
	t.Parallel()
	for _, path := range helpPaths() {
		_, out, _ := inProcess{}.run(t, append(strings.Fields(path), "--help")...)
		for i, line := range strings.Split(out, "\n") {
			if len(line) > helpWidth {
				t.Errorf("orgctl %s --help line %d is %d columns: %q", path, i+1, len(line), line)
			}
			if line != strings.TrimRight(line, " ") {
				t.Errorf("orgctl %s --help line %d ends in spaces: %q", path, i+1, line)
			}
		}
		for _, noise := range []string{"[=true|false]", " string ", " stringArray", "[=\""} {
			if strings.Contains(out, noise) {
				t.Errorf("orgctl %s --help shows pflag's %q:\n%s", path, noise, out)
			}
		}
		if path == "" {
			continue
		}
		if !strings.HasPrefix(out, "Usage: orgctl "+path) {
			t.Errorf("orgctl %s --help does not start with its usage line:\n%s", path, out)
		}
		// The sandbox-only flags are for the sandbox's own help, and the
		// one command that reads them.
		sandboxHelp := showsSandboxFlags(path)
		for name := range sandboxOnlyFlags {
			if got := strings.Contains(out, "--"+name); got != sandboxHelp {
				t.Errorf("orgctl %s --help lists --%s: %v, want %v", path, name, got, sandboxHelp)
			}
		}
		if !strings.Contains(out, "--profile") || strings.Contains(out, "AWS shared config profile") {
			t.Errorf("orgctl %s --help should name the global flags in short, without their descriptions", path)
		}
	}
}

// The usage lines name the positional arguments.
func TestHelpUsageLines(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"apply":            "Usage: orgctl apply [-f FILE | PLAN_FILE] [flags]\n",
		"unlock":           "Usage: orgctl unlock LOCK_ID [flags]\n",
		"completion":       "Usage: orgctl completion bash|zsh|fish [flags]\n",
		"sandbox":          "Usage: orgctl sandbox init|serve|reset|generate [flags]\n",
		"sandbox generate": "Usage: orgctl sandbox generate -o DIR [flags]\n",
	}
	for path, want := range tests {
		if _, out, _ := (inProcess{}).run(t, append(strings.Fields(path), "--help")...); !strings.HasPrefix(out, want) {
			t.Errorf("orgctl %s --help starts %q, want %q", path, strings.SplitN(out, "\n", 2)[0], want)
		}
	}
}

// Every command says what it does and shows two examples, each of which
// runs that command with flags it has.
func TestHelpDocumentsEveryCommand(t *testing.T) {
	t.Parallel()
	for _, path := range helpPaths()[1:] {
		c := lookupCommand(path)
		if c.about == "" || c.summary == "" {
			t.Errorf("%s: no description", path)
		}
		if len(c.examples) != 2 {
			t.Errorf("%s: %d examples, want 2", path, len(c.examples))
		}
		parent, sub, _ := strings.Cut(path, " ")
		for _, e := range c.examples {
			if e.what == "" {
				t.Errorf("%s: example %q does not say what it is for", path, e.line)
			}
			invs := orgctlInvocations(e.line)
			if len(invs) != 1 {
				t.Errorf("%s: example %q runs orgctl %d times, want once", path, e.line, len(invs))
				continue
			}
			args := invs[0]
			name, rest := splitCommand(args)
			if name != c.name && name != parent && !strings.Contains(strings.Join(args, " "), "--"+c.name) {
				t.Errorf("%s: example %q is not about %s", path, e.line, path)
				continue
			}
			fs := globalFlags
			if cmd := lookupCommand(name); cmd != nil {
				s := ""
				if len(cmd.subcommands) > 0 && len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
					s = rest[0]
				} else if name == parent && sub != "" {
					s = sub
				}
				fs = flagsOf(cmd, s)
			}
			for _, a := range rest {
				if strings.HasPrefix(a, "-") && lookupFlag(fs, a) == nil {
					t.Errorf("%s: example %q uses %s, which 'orgctl %s' does not have", path, e.line, a, name)
				}
			}
		}
	}
}

// A flag with choices names them all in its description, so help and
// completion agree.
func TestFlagChoicesAreDescribed(t *testing.T) {
	t.Parallel()
	n := 0
	for _, path := range helpPaths()[1:] {
		name, sub, _ := strings.Cut(path, " ")
		flagsOf(lookupCommand(name), sub).VisitAll(func(f *pflag.Flag) {
			for _, v := range flagValues(f) {
				n++
				if !strings.Contains(f.Usage, v) {
					t.Errorf("%s --%s: its description %q does not name the choice %q", path, f.Name, f.Usage, v)
				}
			}
		})
	}
	if n < 10 {
		t.Errorf("found %d flag choices; the lookup of flags is broken", n)
	}
}

func TestWrapWords(t *testing.T) {
	tests := []struct {
		text  string
		width int
		want  []string
	}{
		{"", 10, nil},
		{"one two three", 7, []string{"one two", "three"}},
		{"one two three", 13, []string{"one two three"}},
		{"a verylongword b", 5, []string{"a", "verylongword", "b"}},
		{"  spaces   collapse ", 20, []string{"spaces collapse"}},
	}
	for _, tt := range tests {
		if got := wrapWords(tt.text, tt.width); !slices.Equal(got, tt.want) {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}

func TestFlagName(t *testing.T) {
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.Bool("yes", false, "a boolean")
	fs.String("state", "", "the state `FILE`")
	fs.Lookup("state").NoOptDefVal = "x"
	fs.String("format", "", "text or json")
	oneOf(fs, "format", "text", "json")
	fs.Int("parallelism", 1, "how many")
	fs.Duration("lock-timeout", 0, "how long")
	fs.String("role-arn", "", "a role")
	tests := map[string]string{
		"yes": "--yes", "state": "--state[=FILE]", "format": "--format text|json",
		"parallelism": "--parallelism N", "lock-timeout": "--lock-timeout DURATION", "role-arn": "--role-arn ARN",
	}
	for name, want := range tests {
		if got := flagName(fs.Lookup(name)); got != want {
			t.Errorf("flagName(%s) = %q, want %q", name, got, want)
		}
	}
	if got := shortDuration("10m0s"); got != "10m" {
		t.Errorf("shortDuration(10m0s) = %q", got)
	}
	if got := shortDuration("1h0m0s"); got != "1h" {
		t.Errorf("shortDuration(1h0m0s) = %q", got)
	}
}

// 'orgctl help' of something orgctl does not have suggests what it has.
func TestHelpOfUnknownCommand(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := inProcess{}.run(t, "help", "plna")
	if code != exitError || stdout != "" || !strings.Contains(stderr, `did you mean "plan"?`) {
		t.Errorf("orgctl help plna: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, out, _ := (inProcess{}).run(t, "help", "--profile", "prod", "unlock"); code != exitOK || !strings.HasPrefix(out, "Usage: orgctl unlock") {
		t.Errorf("orgctl help --profile prod unlock: exit %d:\n%s", code, out)
	}
	if _, out, _ := (inProcess{}).run(t, "sandbox", "serv", "--help"); !strings.HasPrefix(out, "Usage: orgctl sandbox init|serve|reset|generate") {
		t.Errorf("orgctl sandbox serv --help should show the sandbox commands there are:\n%s", out)
	}
}
