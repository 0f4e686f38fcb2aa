package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		args     []string
		wantName string
		wantRest []string
	}{
		{[]string{"plan", "-f", "x.yaml"}, "plan", []string{"-f", "x.yaml"}},
		{[]string{"--sandbox", "plan", "-f", "x.yaml"}, "plan", []string{"--sandbox", "-f", "x.yaml"}},
		{[]string{"--profile", "prod", "drift"}, "drift", []string{"--profile", "prod"}},
		{[]string{"--sandbox=/tmp/s.json", "-v", "apply", "plan.json"}, "apply", []string{"--sandbox=/tmp/s.json", "-v", "plan.json"}},
		{[]string{"--help"}, "--help", nil},
		{[]string{"--latency", "1s", "--rate=aws", "-v", "plan"}, "plan", []string{"--latency", "1s", "--rate=aws", "-v"}},
		{[]string{"--sandbox", "--git-ref", "main", "drift"}, "drift", []string{"--sandbox", "--git-ref", "main"}},
		{nil, "", nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			name, rest := splitCommand(tt.args)
			if name != tt.wantName {
				t.Errorf("name = %q, want %q", name, tt.wantName)
			}
			if diff := cmp.Diff(tt.wantRest, rest); diff != "" {
				t.Errorf("rest (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		addr   string
		remote bool
		ok     bool
	}{
		{"127.0.0.1:4566", false, true},
		{"[::1]:4566", false, true},
		{"localhost:0", false, true},
		{"0.0.0.0:4566", false, false},
		{"192.168.1.10:4566", false, false},
		{"0.0.0.0:4566", true, true},
		{"nonsense", false, false},
	}
	for _, tt := range tests {
		err := checkLoopback(tt.addr, tt.remote)
		if (err == nil) != tt.ok {
			t.Errorf("checkLoopback(%q, %v) = %v, want ok=%v", tt.addr, tt.remote, err, tt.ok)
		}
	}
}

// inProcess runs orgctl's main in this process with a fake terminal
// decision and stdin; it returns the exit code and the output.
type inProcess struct {
	terminal bool
	env      map[string]string
	stdin    string
}

func (ip inProcess) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	w.WriteString(ip.stdin)
	w.Close()
	defer r.Close()
	var out, errb bytes.Buffer
	a := &app{
		stdin: r, stdout: &out, stderr: &errb,
		getenv:     func(k string) string { return ip.env[k] },
		isTerminal: func(uintptr) bool { return ip.terminal },
	}
	code := a.main(context.Background(), args)
	return code, out.String(), errb.String()
}

func TestApplyConfirmation(t *testing.T) {
	t.Parallel()
	state := "--sandbox=" + filepath.Join(t.TempDir(), "s.json")
	spec := filepath.Join(repoRoot, "examples/minimal/org.yaml")

	code, _, stderr := inProcess{terminal: false}.run(t, state, "apply", "-f", spec)
	if code != exitError || !strings.Contains(stderr, "--auto-approve") {
		t.Fatalf("without a terminal apply must refuse and say why: %d %s", code, stderr)
	}
	code, _, stderr = inProcess{terminal: true, stdin: "no\n"}.run(t, state, "apply", "-f", spec)
	if code != exitError || !strings.Contains(stderr, "cancelled") {
		t.Fatalf("answering no must cancel: %d %s", code, stderr)
	}
	code, _, _ = inProcess{}.run(t, state, "plan", "-f", spec, "--detailed-exitcode")
	if code != exitChanges {
		t.Fatalf("nothing should have been applied yet, plan exit %d", code)
	}
	code, stdout, stderr := inProcess{terminal: true, stdin: "yes\n"}.run(t, state, "apply", "-f", spec)
	if code != exitOK || !strings.Contains(stdout, "Apply complete") {
		t.Fatalf("answering yes must apply: %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, _ = inProcess{}.run(t, state, "plan", "-f", spec, "--detailed-exitcode")
	if code != exitOK {
		t.Fatalf("plan after apply: exit %d", code)
	}
}

func TestColorOnlyOnTerminalsAndNotWithNoColor(t *testing.T) {
	t.Parallel()
	state := "--sandbox=" + filepath.Join(t.TempDir(), "s.json")
	spec := filepath.Join(repoRoot, "examples/minimal/org.yaml")
	// Output goes to a buffer, not a terminal file: fdOf fails, so no colour
	// even when the terminal check would say yes.
	_, out, _ := inProcess{terminal: true}.run(t, state, "plan", "-f", spec)
	if strings.Contains(out, "\x1b[") {
		t.Error("colour written to something that is not a terminal")
	}
	a := &app{getenv: func(string) string { return "" }, isTerminal: func(uintptr) bool { return true }}
	if !a.color(&globals{}, os.Stdout) {
		t.Error("no colour on a terminal")
	}
	if a.color(&globals{noColor: true}, os.Stdout) {
		t.Error("colour despite --no-color")
	}
	a.getenv = func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	}
	if a.color(&globals{}, os.Stdout) {
		t.Error("colour despite NO_COLOR")
	}
}

// A saved plan applies exactly as planned, and is refused once the
// organization changed under it.
func TestE2EPlanFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	state := "--sandbox=" + filepath.Join(dir, "s.json")
	minimal := "examples/minimal/org.yaml"
	planFile := filepath.Join(dir, "plan.json")

	wantCode(t, run(t, nil, state, "plan", "-f", minimal, "-o", planFile), 0, "plan -o")
	wantCode(t, run(t, nil, state, "apply", planFile, "--auto-approve"), 0, "apply plan.json")
	wantCode(t, run(t, nil, state, "plan", "-f", minimal, "--detailed-exitcode"), 0, "plan after applying the saved plan")

	// Plan a change, then change the organization before applying it.
	edited := filepath.Join(dir, "org.yaml")
	b, err := os.ReadFile(filepath.Join(repoRoot, minimal))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edited, bytes.Replace(b, []byte("environment: dev"), []byte("environment: development"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	wantCode(t, run(t, nil, state, "plan", "-f", edited, "-o", planFile), 0, "plan the edit")
	wantCode(t, run(t, nil, state, "apply", "-f", edited, "--auto-approve"), 0, "apply the edit directly")
	r := run(t, nil, state, "apply", planFile, "--auto-approve")
	wantCode(t, r, 1, "apply of a stale plan")
	if !strings.Contains(r.stderr, "changed since") {
		t.Errorf("the refusal should say the organization changed:\n%s", r)
	}
}

func TestSandboxResetAndVersion(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "s.json")
	spec := filepath.Join(repoRoot, "examples/minimal/org.yaml")
	if code, _, stderr := (inProcess{}).run(t, "sandbox", "init", "--state", state); code != exitOK {
		t.Fatalf("init: %s", stderr)
	}
	if code, _, _ := (inProcess{}).run(t, "sandbox", "init", "--state", state); code != exitError {
		t.Error("init over an existing sandbox must fail, not wipe it")
	}
	if code, _, stderr := (inProcess{}).run(t, "--sandbox="+state, "apply", "-f", spec, "--auto-approve"); code != exitOK {
		t.Fatalf("apply: %s", stderr)
	}
	if code, _, _ := (inProcess{}).run(t, "--sandbox="+state, "plan", "-f", spec, "--detailed-exitcode"); code != exitOK {
		t.Fatal("plan after apply should be empty")
	}
	if code, _, stderr := (inProcess{}).run(t, "sandbox", "reset", "--state", state); code != exitOK {
		t.Fatalf("reset: %s", stderr)
	}
	if code, _, _ := (inProcess{}).run(t, "--sandbox="+state, "plan", "-f", spec, "--detailed-exitcode"); code != exitChanges {
		t.Error("after reset the organization should be new again")
	}
	if code, out, _ := (inProcess{}).run(t, "version"); code != exitOK || !strings.HasPrefix(out, "orgctl ") {
		t.Errorf("version: %d %q", code, out)
	}
}

// A plan made with --members is checked, when applied from its file,
// against a read that lists members too.
func TestSavedPlanKeepsMembers(t *testing.T) {
	if !planSettings(map[string]string{membersSetting: "true"}).Members {
		t.Error("a plan made with --members lost it")
	}
	if planSettings(map[string]string{}).Members {
		t.Error("a plan made without --members gained it")
	}
}

// A mistyped command line says what is wrong and what was probably meant,
// in a line or two, and exits 1.
func TestCommandLineMistakes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"plna"}, `unknown command "plna"; did you mean "plan"?`},
		{[]string{"drfit", "-f", "org.yaml"}, `did you mean "drift"?`},
		{[]string{"frobnicate"}, `unknown command "frobnicate"` + "\nRun 'orgctl --help'"},
		{[]string{"--bogus"}, "unknown flag: --bogus"},
		{[]string{"plan", "--fromat", "json"}, "unknown flag: --fromat; did you mean --format?\nRun 'orgctl plan --help'"},
		{[]string{"apply", "--auto-aprove"}, "did you mean --auto-approve?"},
		{[]string{"plan", "--frobnicate"}, "unknown flag: --frobnicate\nRun 'orgctl plan --help'"},
		{[]string{"-v"}, "no command after -v"},
		{[]string{"--sandobx"}, "unknown flag: --sandobx; did you mean --sandbox?"},
		{[]string{"--sandbox", "state.json", "plan"}, "write --sandbox=state.json"},
	}
	for _, tt := range tests {
		code, stdout, stderr := inProcess{}.run(t, tt.args...)
		if code != exitError || !strings.Contains(stderr, tt.want) || stdout != "" {
			t.Errorf("orgctl %s: exit %d, stderr %q, stdout %q; want exit 1 and %q", strings.Join(tt.args, " "), code, stderr, stdout, tt.want)
		}
		if n := strings.Count(stderr, "\n"); n > 2 {
			t.Errorf("orgctl %s: %d lines of error, want at most 2:\n%s", strings.Join(tt.args, " "), n, stderr)
		}
	}
}

// The errors a new user meets first come with what to do next.
func TestHints(t *testing.T) {
	tests := []struct{ err, want string }{
		{"sts GetCallerIdentity: get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found", "--profile"},
		{`Post "http://127.0.0.1:9/": dial tcp 127.0.0.1:9: connect: connection refused`, "orgctl sandbox serve"},
		{"AccessDeniedException: not authorized", ""},
	}
	for _, tt := range tests {
		if got := hint(errors.New(tt.err)); (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("hint(%q) = %q, want one mentioning %q", tt.err, got, tt.want)
		}
	}
}

// cancelOnRead is a terminal's stdin on which the user presses Ctrl-C
// instead of answering: reading it interrupts the command.
type cancelOnRead struct {
	*os.File
	cancel context.CancelFunc
}

func (c cancelOnRead) Read(p []byte) (int, error) {
	c.cancel()
	return c.File.Read(p)
}

// Ctrl-C at the confirmation prompt changes nothing and says so once.
func TestInterruptAtThePrompt(t *testing.T) {
	t.Parallel()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close() // ends the read the prompt left waiting
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb bytes.Buffer
	a := &app{stdin: cancelOnRead{r, cancel}, stdout: &out, stderr: &errb,
		getenv: func(string) string { return "" }, isTerminal: func(uintptr) bool { return true }}
	state := "--sandbox=" + filepath.Join(t.TempDir(), "s.json")
	code := a.main(ctx, []string{state, "apply", "-f", filepath.Join(repoRoot, "examples/minimal/org.yaml")})
	if code != exitError || strings.Count(errb.String(), "Interrupted before anything was changed.") != 1 || strings.Contains(errb.String(), "cancelled") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit %d and one line saying it was interrupted before anything changed", code, errb.String(), exitError)
	}
	if code, _, _ := (inProcess{}).run(t, state, "plan", "-f", filepath.Join(repoRoot, "examples/minimal/org.yaml"), "--detailed-exitcode"); code != exitChanges {
		t.Errorf("a plan after the interrupt exits %d, want %d: something was applied", code, exitChanges)
	}
}
