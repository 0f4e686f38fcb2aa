package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// names are the words of candidates, descriptions dropped.
func names(cands []string) []string {
	out := make([]string, len(cands))
	for i, c := range cands {
		out[i], _, _ = strings.Cut(c, "\t")
	}
	return out
}

func TestCompletions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line      string // the words typed; a trailing space starts a new one
		directive string
		want      []string // exactly these, or with contains, at least these
		contains  bool
	}{
		{"pl", directiveWords, []string{"plan"}, false},
		{"", directiveWords, []string{"validate", "plan", "apply", "sandbox", "completion", "help"}, true},
		{"--profile prod dr", directiveWords, []string{"drift"}, false},
		{"--sandbox pl", directiveWords, []string{"plan"}, false},
		{"--sandbox=s.json i", directiveWords, []string{"import", "iam-policy"}, false},
		{"--profile ", directiveWords, nil, false},
		{"sandbox ", directiveWords, []string{"init", "serve", "reset", "generate"}, false},
		{"sandbox g", directiveWords, []string{"generate"}, false},
		{"sandbox generate --acc", directiveWords, []string{"--account-id", "--accounts"}, false},
		{"sandbox serve --ra", directiveWords, []string{"--rate"}, false},
		{"sandbox serve --rate ", directiveWords, []string{"aws", "none"}, false},
		{"--ra", directiveWords, []string{"--rate"}, false},
		{"plan --ra", directiveWords, nil, false},
		{"plan --f", directiveWords, []string{"--file", "--format"}, false},
		{"plan --", directiveWords, []string{"--detailed-exitcode", "--target", "--sandbox", "--profile"}, true},
		{"plan --format ", directiveWords, []string{"text", "json", "markdown"}, false},
		{"plan --format=m", directiveWords, []string{"--format=markdown"}, false},
		{"drift -f org.yaml --format j", directiveWords, []string{"json"}, false},
		{"lint --format ", directiveWords, []string{"text", "json", "sarif"}, false},
		{"graph --format ", directiveWords, []string{"mermaid", "dot"}, false},
		{"iam-policy --for ", directiveWords, []string{"plan", "apply"}, false},
		{"iam-policy --identity c", directiveWords, []string{"cross-account"}, false},
		{"plan -f ", directiveFiles, nil, false},
		{"plan --file=o", directiveFiles, nil, false},
		{"--sandbox=", directiveFiles, nil, false},
		{"import -o ", directiveDirs, nil, false},
		{"apply ", directiveFiles, nil, false},
		{"apply plan.json ", directiveWords, nil, false},
		{"unlock ", directiveWords, nil, false},
		{"completion ", directiveWords, []string{"bash", "zsh", "fish"}, false},
		{"help ap", directiveWords, []string{"apply"}, false},
		{"plna ", directiveWords, nil, false},
		{"plan --no-color=", directiveWords, nil, false},
	}
	for _, tt := range tests {
		words := strings.Split(tt.line, " ")
		directive, cands := completions(words)
		got := names(cands)
		ok := directive == tt.directive
		if tt.contains {
			for _, w := range tt.want {
				ok = ok && slices.Contains(got, w)
			}
		} else {
			ok = ok && slices.Equal(got, tt.want)
		}
		if !ok {
			t.Errorf("orgctl %s<TAB>: %s %q, want %s %q (contains: %v)", tt.line, directive, got, tt.directive, tt.want, tt.contains)
		}
	}
}

// Every flag a command's help lists, completion offers: both read the
// flags the command registers.
func TestCompletionOffersEveryFlagOfTheHelp(t *testing.T) {
	t.Parallel()
	for _, path := range helpPaths() {
		_, out, _ := inProcess{}.run(t, append(strings.Fields(path), "--help")...)
		_, cands := completions(append(strings.Fields(path), "--"))
		offered := names(cands)
		listed := flagRE.FindAllStringSubmatch(out, -1)
		if path != "" && len(listed) == 0 && strings.Contains(out, "\nFlags:") {
			t.Errorf("orgctl %s --help: found no flags in it; the pattern is broken", path)
		}
		for _, m := range listed {
			if !slices.Contains(offered, m[2]) {
				t.Errorf("orgctl %s --help lists %s, which completion does not offer (it offers %q)", path, m[2], offered)
			}
		}
	}
}

// The bash script, sourced in bash, completes as the table says.
func TestCompletionBash(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "orgctl.bash")
	r := run(t, nil, "completion", "bash")
	wantCode(t, r, 0, "completion bash")
	if err := os.WriteFile(script, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plan.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "specs"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ line, want string }{ // want: sorted
		{"pl", "plan"},
		{"sandbox s", "serve"},
		{"plan --f", "--file --format"},
		{"plan --format ", "json markdown text"},
		{"plan --format=m", "markdown"}, // bash replaces what follows the =
		{"--profile prod dr", "drift"},
		{"graph --format d", "dot"},
		{"completion ", "bash fish zsh"},
		{"apply pl", "plan.json"},
		{"plan -f=pl", "plan.json"},
		{"plan --ra", ""},
		{"import -o sp", "specs"},         // directories only
		{"plan -f sp", "spec.yaml specs"}, // files, and directories to go into
		{"unlock ", ""},
	}
	for _, tt := range tests {
		line := orgctlBin + " " + tt.line
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c",
			`source "$1"; COMP_LINE="$2"; COMP_POINT=${#COMP_LINE}; _orgctl; echo "${COMPREPLY[*]}"`, "bash", script, line)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tt.line, err, out)
		}
		// Bash sorts what it shows; compgen lists files as the directory does.
		got := strings.Fields(string(out))
		if slices.Sort(got); strings.Join(got, " ") != tt.want {
			t.Errorf("orgctl %s<TAB> in bash: %q, want %q", tt.line, got, tt.want)
		}
	}
}

// The zsh and fish scripts ask orgctl as the bash one does; they are
// checked by their shells where installed.
func TestCompletionZshAndFish(t *testing.T) {
	t.Parallel()
	tests := []struct {
		shell string
		want  []string
		check []string // a syntax check, if the shell is here
	}{
		{"zsh", []string{"#compdef orgctl", "__complete", "compdef _orgctl orgctl", "_describe", "_files"}, []string{"-n"}},
		{"fish", []string{"__complete", "complete -c orgctl", "__fish_complete_path"}, []string{"--no-execute"}},
	}
	for _, tt := range tests {
		code, script, stderr := inProcess{}.run(t, "completion", tt.shell)
		if code != exitOK {
			t.Fatalf("completion %s: %s", tt.shell, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(script, w) {
				t.Errorf("the %s script has no %q:\n%s", tt.shell, w, script)
			}
		}
		if sh, err := exec.LookPath(tt.shell); err == nil {
			f := filepath.Join(t.TempDir(), "orgctl."+tt.shell)
			if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(sh, append(tt.check, f)...).CombinedOutput(); err != nil {
				t.Errorf("%s rejects its script: %v\n%s", tt.shell, err, out)
			}
		}
	}
}

func TestCompletionNeedsAShell(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"completion"}, {"completion", "powershell"}} {
		code, stdout, stderr := inProcess{}.run(t, args...)
		if code != exitError || stdout != "" || !strings.Contains(stderr, "orgctl completion bash|zsh|fish") {
			t.Errorf("orgctl %s: exit %d, stdout %q, stderr %q", strings.Join(args, " "), code, stdout, stderr)
		}
	}
}
