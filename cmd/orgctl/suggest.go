package main

import (
	"regexp"
	"strings"

	"github.com/orgctl/orgctl/engine"
)

// command is an orgctl command line for a message to suggest: the global
// flags that said which organization this run reached, then args, so that
// pasted it reaches the same organization. git adds --git-repo and
// --git-ref, for commands that read the spec.
func (g *globals) command(git bool, args ...string) string {
	parts := []string{"orgctl"}
	if g.sandbox != "" {
		parts = append(parts, "--sandbox="+shellQuote(g.sandbox))
	}
	for _, f := range []struct{ name, value string }{
		{"--endpoint-url", g.endpointURL}, {"--profile", g.profile}, {"--region", g.region}, {"--role-arn", g.roleARN},
	} {
		if f.value != "" {
			parts = append(parts, f.name, shellQuote(f.value))
		}
	}
	if git && g.gitRepo != "" {
		parts = append(parts, "--git-repo", shellQuote(g.gitRepo))
		if g.gitRef != "" {
			parts = append(parts, "--git-ref", shellQuote(g.gitRef))
		}
	}
	for _, a := range args {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " ")
}

// replanCommand suggests how to make a saved plan again: from the commit's
// repository and ref when it came from git, through what this run reached.
func (g *globals) replanCommand(p *engine.Plan, planFile string) string {
	h := *g
	h.gitRepo, h.gitRef = "", ""
	file := p.Spec
	if p.Source != nil {
		h.gitRepo, h.gitRef = p.Source.Repo, p.Source.Ref
		// A spec from git is named FILE@COMMIT.
		if i := strings.LastIndexByte(file, '@'); i > 0 {
			file = file[:i]
		}
	}
	args := []string{"plan"}
	if file != "" {
		args = append(args, "-f", file)
	}
	return h.command(true, append(args, "-o", planFile)...)
}

// safeWord is what a shell takes as one word without quotes.
var safeWord = regexp.MustCompile(`^[A-Za-z0-9_./:=@%+,-]+$`)

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if safeWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
