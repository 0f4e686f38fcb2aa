package main

import (
	"path/filepath"
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

// sandboxEndpoint is how a plan names the sandbox it was made against: by
// its state file, as the port of an in-process sandbox changes every run.
const sandboxEndpoint = "sandbox:"

// endpointOf names where a run's requests go: the sandbox's state file,
// the --endpoint-url, or "" for AWS's own endpoints.
func endpointOf(g *globals) string {
	if g.sandbox != "" {
		p, err := filepath.Abs(g.sandbox)
		if err != nil {
			p = g.sandbox
		}
		if r, err := filepath.EvalSymlinks(p); err == nil {
			p = r
		}
		return sandboxEndpoint + p
	}
	return strings.TrimRight(g.endpointURL, "/")
}

// describeEndpoint names an endpoint for messages.
func describeEndpoint(ep string) string {
	switch {
	case ep == "":
		return "AWS"
	case strings.HasPrefix(ep, sandboxEndpoint):
		return "the sandbox in " + strings.TrimPrefix(ep, sandboxEndpoint)
	}
	return "the endpoint " + ep
}

// endpointFlag is the global flag that reaches an endpoint; "" for AWS.
func endpointFlag(ep string) string {
	switch {
	case ep == "":
		return ""
	case strings.HasPrefix(ep, sandboxEndpoint):
		return "--sandbox=" + shellQuote(strings.TrimPrefix(ep, sandboxEndpoint))
	}
	return "--endpoint-url " + shellQuote(ep)
}
