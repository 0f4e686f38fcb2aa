package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// Shell completion: the scripts 'orgctl completion SHELL' prints only pass
// the words typed so far to 'orgctl __complete' and show what it answers,
// so what completes follows the command table and each command's flags.

// completeCommand is the hidden command the completion scripts call.
const completeCommand = "__complete"

// shells are those orgctl writes completion scripts for.
var shells = []string{"bash", "zsh", "fish"}

// The directives on the first line of __complete's answer: complete the
// words on the following lines (each may carry a tab and a description),
// or let the shell complete file or directory names.
const (
	directiveWords = ":words"
	directiveFiles = ":files"
	directiveDirs  = ":dirs"
)

func runCompletion(_ context.Context, a *app, args []string) int {
	fs := newFlagSet("completion", &globals{})
	if code, done := a.parse(fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		return a.fail(fmt.Errorf("name the shell: %s", a.shellList()))
	}
	script, ok := completionScripts[fs.Arg(0)]
	if !ok {
		return a.fail(fmt.Errorf("no completion for %q: %s", fs.Arg(0), a.shellList()))
	}
	fmt.Fprint(a.stdout, script)
	return exitOK
}

func (a *app) shellList() string {
	return "orgctl completion " + strings.Join(shells, "|")
}

// complete answers a completion script: words are the arguments typed so
// far, the last the one being completed ("" after a space).
func (a *app) complete(words []string) int {
	directive, cands := completions(words)
	fmt.Fprintln(a.stdout, directive)
	for _, c := range cands {
		fmt.Fprintln(a.stdout, c)
	}
	return exitOK
}

// completions returns a directive and the candidates for the last of
// words, each "word" or "word\tdescription".
func completions(words []string) (string, []string) {
	if len(words) == 0 {
		words = []string{""}
	}
	cur, before := words[len(words)-1], words[:len(words)-1]
	fs := globalFlags
	var cmd, sub *command
	positional := 0
	var pending *pflag.Flag // a flag whose value is the next word
	for _, w := range before {
		if pending != nil {
			pending = nil
			continue
		}
		if strings.HasPrefix(w, "-") && len(w) > 1 {
			if f := lookupFlag(fs, w); f != nil && takesValue(f) && !strings.Contains(w, "=") {
				pending = f
			}
			continue
		}
		switch {
		case cmd == nil:
			if cmd = lookupCommand(w); cmd == nil {
				return directiveWords, nil
			}
			fs = flagsOf(cmd, "")
		case len(cmd.subcommands) > 0 && sub == nil:
			if sub = lookupCommand(cmd.name + " " + w); sub == nil {
				return directiveWords, nil
			}
			fs = flagsOf(cmd, w)
		default:
			positional++
		}
	}
	path := ""
	if cmd != nil {
		path = cmd.name
		if sub != nil {
			path += " " + sub.name
		}
	}
	if pending != nil {
		return flagValueCompletions(pending, "", cur)
	}
	if strings.HasPrefix(cur, "-") {
		if name, value, ok := strings.Cut(cur, "="); ok {
			if f := lookupFlag(fs, name); f != nil && f.Value.Type() != "bool" {
				return flagValueCompletions(f, name+"=", value)
			}
			return directiveWords, nil
		}
		return directiveWords, flagCompletions(fs, path, cur)
	}
	switch {
	case cmd == nil:
		return directiveWords, commandCompletions(commands, cur)
	case len(cmd.subcommands) > 0 && sub == nil:
		return directiveWords, commandCompletions(cmd.subcommands, cur)
	case positional > 0:
		return directiveWords, nil
	case cmd.argFiles:
		return directiveFiles, nil
	case cmd.argCommands:
		return directiveWords, commandCompletions(commands, cur)
	}
	return directiveWords, withPrefix(cmd.argWords, cur)
}

// flagsOf returns the flags of a command, or of its subcommand sub, by
// running it with an app that captures its flag set.
func flagsOf(c *command, sub string) *pflag.FlagSet {
	if c.run == nil || (len(c.subcommands) > 0 && sub == "") {
		return globalFlags
	}
	var fs *pflag.FlagSet
	a := &app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
		getenv: func(string) string { return "" }, isTerminal: func(uintptr) bool { return false },
		capture: func(f *pflag.FlagSet) { fs = f }}
	var args []string
	if sub != "" {
		args = []string{sub}
	}
	c.run(context.Background(), a, args)
	if fs == nil {
		return globalFlags
	}
	return fs
}

// flagCompletions are the flags of fs a command shows in its help that
// start with prefix.
func flagCompletions(fs *pflag.FlagSet, path, prefix string) []string {
	var out []string
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || (sandboxOnlyFlags[f.Name] && !showsSandboxFlags(path)) {
			return
		}
		if name := "--" + f.Name; strings.HasPrefix(name, prefix) {
			out = append(out, name+"\t"+shortDescription(f))
		}
	})
	return out
}

// flagValueCompletions completes a flag's value after prefix ("--f=" when
// joined to it).
func flagValueCompletions(f *pflag.Flag, prefix, value string) (string, []string) {
	if vs := flagValues(f); len(vs) > 0 {
		var out []string
		for _, v := range withPrefix(vs, value) {
			out = append(out, prefix+v)
		}
		return directiveWords, out
	}
	switch name, _ := pflag.UnquoteUsage(f); name {
	case "FILE", "PATH", "URL|PATH":
		return directiveFiles, nil
	case "DIR":
		return directiveDirs, nil
	}
	return directiveWords, nil
}

func commandCompletions(cs []command, prefix string) []string {
	var out []string
	for _, c := range cs {
		if strings.HasPrefix(c.name, prefix) {
			out = append(out, c.name+"\t"+c.summary)
		}
	}
	return out
}

func withPrefix(words []string, prefix string) []string {
	return slices.DeleteFunc(slices.Clone(words), func(w string) bool { return !strings.HasPrefix(w, prefix) })
}

// shortDescription is a flag's description up to its first clause, for
// shells that show one beside each flag.
func shortDescription(f *pflag.Flag) string {
	_, usage := pflag.UnquoteUsage(f)
	if i := strings.IndexAny(usage, ";("); i > 0 {
		usage = usage[:i]
	}
	return strings.TrimSpace(usage)
}

var completionScripts = map[string]string{"bash": bashCompletion, "zsh": zshCompletion, "fish": fishCompletion}

// bashCompletion splits the line up to the cursor itself, as bash's own
// words break at = and :; it then gives bash the candidates with what
// precedes such a break taken off, as bash replaces only what follows it.
// It keeps to what bash 3.2 (macOS's) has: no mapfile.
const bashCompletion = `# bash completion for orgctl. Load it with:
#   source <(orgctl completion bash)
_orgctl() {
    local line="${COMP_LINE:0:COMP_POINT}" words=() out=() cur c i pre=""
    read -ra words <<< "$line"
    [[ $line =~ [[:space:]]$ ]] && words+=("")
    [[ ${#words[@]} -lt 2 ]] && return
    cur="${words[${#words[@]}-1]}"
    while IFS= read -r c; do out+=("$c"); done < <("${words[0]/#\~/$HOME}" __complete "${words[@]:1}" 2>/dev/null)
    COMPREPLY=()
    case "${out[0]}" in
    :files|:dirs)
        local arg="$cur" flag=""
        if [[ $cur == -*=* ]]; then flag="${cur%%=*}="; arg="${cur#*=}"; fi
        local kind=-f
        [[ ${out[0]} == :dirs ]] && kind=-d
        compopt -o filenames 2>/dev/null
        while IFS= read -r c; do COMPREPLY+=("$flag$c"); done < <(compgen "$kind" -- "$arg")
        ;;
    *)
        for c in "${out[@]:1}"; do COMPREPLY+=("${c%%$'\t'*}"); done
        ;;
    esac
    for ((i = ${#cur} - 1; i >= 0; i--)); do
        if [[ ${cur:i:1} == [=:] && $COMP_WORDBREAKS == *"${cur:i:1}"* ]]; then
            pre="${cur:0:i+1}"
            break
        fi
    done
    if [[ -n $pre ]]; then
        for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]="${COMPREPLY[i]#"$pre"}"; done
    fi
}
complete -F _orgctl orgctl
`

const zshCompletion = `#compdef orgctl
# zsh completion for orgctl. Load it with:
#   source <(orgctl completion zsh)
# or save it as _orgctl in a directory of $fpath.
_orgctl() {
    local -a out cands
    local c name desc
    out=("${(@f)$(${words[1]} __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    case ${out[1]} in
    :files|:dirs)
        [[ $PREFIX == -*=* ]] && compset -P '*='
        if [[ ${out[1]} == :dirs ]]; then _files -/; else _files; fi
        ;;
    *)
        for c in "${(@)out[2,-1]}"; do
            name=${c%%$'\t'*}
            desc=
            [[ $c == *$'\t'* ]] && desc=${c#*$'\t'}
            cands+=("${name//:/\\:}${desc:+:$desc}")
        done
        (( ${#cands} )) && _describe -t values orgctl cands
        ;;
    esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _orgctl "$@"
else
    compdef _orgctl orgctl
fi
`

const fishCompletion = `# fish completion for orgctl. Load it with:
#   orgctl completion fish | source
# or save it as ~/.config/fish/completions/orgctl.fish
function __orgctl_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    test (count $cur) -eq 0; and set cur ""
    set -l out ($words[1] __complete $words[2..-1] $cur 2>/dev/null)
    switch "$out[1]"
        case :files :dirs
            set -l flag (string match -r '^-[^=]*=' -- $cur); or set flag ""
            set -l arg (string replace -r '^-[^=]*=' '' -- $cur)
            set -l paths
            if test "$out[1]" = :dirs
                set paths (__fish_complete_directories $arg)
            else
                set paths (__fish_complete_path $arg)
            end
            for p in $paths
                echo $flag$p
            end
        case '*'
            test (count $out) -gt 1; and printf '%s\n' $out[2..-1]
    end
end
complete -c orgctl -f -a '(__orgctl_complete)'
`
