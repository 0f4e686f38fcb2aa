package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// command is one subcommand and its help.
type command struct {
	name    string
	summary string
	// run is nil for subcommands: their parent's run dispatches them.
	run func(ctx context.Context, a *app, args []string) int
	doc
}

// doc is what a command's help says besides its flags, and what its
// positional arguments complete to.
type doc struct {
	args        string // the positional part of the usage line
	about       string // one paragraph
	examples    []example
	subcommands []command

	argFiles    bool     // its argument is a file
	argWords    []string // its argument is one of these
	argCommands bool     // its argument is a command's name
}

// example is a command line and what it is for.
type example struct{ what, line string }

// helpWidth is the width help text is wrapped to.
const helpWidth = 80

// lookupCommand finds a command by its path: "plan", "sandbox serve".
func lookupCommand(path string) *command {
	name, sub, _ := strings.Cut(path, " ")
	for i := range commands {
		c := &commands[i]
		if c.name != name {
			continue
		}
		if sub == "" {
			return c
		}
		for j := range c.subcommands {
			if c.subcommands[j].name == sub {
				return &c.subcommands[j]
			}
		}
	}
	return nil
}

// commandUsage prints the help of the command whose flags fs holds: the
// usage line, its description, examples and own flags, and the global
// flags in short.
func (a *app) commandUsage(fs *pflag.FlagSet) {
	w := a.stdout
	path := fs.Name()
	c := lookupCommand(path)
	if c == nil { // a mistyped sandbox subcommand: show those there are
		a.sandboxUsage(w)
		return
	}
	fmt.Fprintln(w, usageLine(path, c.args))
	if c.about != "" {
		fmt.Fprintln(w)
		writeWrapped(w, c.about, "")
	}
	writeExamples(w, c.examples)
	own := flagList(fs, func(f *pflag.Flag) bool { return globalFlags.Lookup(f.Name) == nil })
	sandboxOnly := flagList(fs, func(f *pflag.Flag) bool { return sandboxOnlyFlags[f.Name] && showsSandboxFlags(path) })
	if len(own) > 0 {
		fmt.Fprintln(w, "\nFlags:")
		writeFlags(w, own)
	}
	if len(sandboxOnly) > 0 {
		fmt.Fprintln(w, "\nSandbox flags:")
		writeFlags(w, sandboxOnly)
	}
	writeGlobalsInShort(w)
}

// showsSandboxFlags says whether the help at path lists the sandbox-only
// flags: orgctl's, the sandbox's, and that of the one command that reads
// them itself.
func showsSandboxFlags(path string) bool {
	return path == "" || path == "sandbox" || path == "sandbox serve"
}

func usageLine(path, args string) string {
	s := "Usage: orgctl " + path
	if args != "" {
		s += " " + args
	}
	return s + " [flags]"
}

func writeExamples(w io.Writer, examples []example) {
	if len(examples) == 0 {
		return
	}
	fmt.Fprintln(w, "\nExamples:")
	for i, e := range examples {
		if i > 0 {
			fmt.Fprintln(w)
		}
		writeWrapped(w, e.what, "  # ")
		fmt.Fprintf(w, "  %s\n", e.line)
	}
}

// writeGlobalsInShort names the global flags a command accepts, leaving
// their descriptions to 'orgctl --help' and the sandbox-only ones to
// 'orgctl sandbox --help'.
func writeGlobalsInShort(w io.Writer) {
	var items []string
	globalFlags.VisitAll(func(f *pflag.Flag) {
		if sandboxOnlyFlags[f.Name] || f.Hidden {
			return
		}
		items = append(items, strings.TrimSpace(flagNames(f)))
	})
	fmt.Fprintln(w, "\nGlobal flags (see 'orgctl --help'):")
	for _, l := range wrapItems(items, "  ", "  ", helpWidth) {
		fmt.Fprintln(w, l)
	}
}

// usage prints orgctl's help: the commands and every global flag.
func (a *app) usage(w io.Writer) {
	fmt.Fprintln(w, "orgctl keeps an AWS Organization equal to a YAML spec.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: orgctl [global flags] COMMAND [flags]")
	fmt.Fprintln(w, "\nCommands:")
	writeCommandList(w, commands)
	fmt.Fprintln(w, "\nGlobal flags:")
	writeFlags(w, flagList(globalFlags, func(f *pflag.Flag) bool { return !sandboxOnlyFlags[f.Name] }))
	fmt.Fprintln(w, "\nSandbox flags (with --sandbox, and for 'orgctl sandbox serve'):")
	writeFlags(w, flagList(globalFlags, func(f *pflag.Flag) bool { return sandboxOnlyFlags[f.Name] }))
	fmt.Fprintln(w)
	writeWrapped(w, "Run 'orgctl COMMAND --help' or 'orgctl help COMMAND' for a command's description, flags and examples.", "")
}

// sandboxUsage prints the help of 'orgctl sandbox'.
func (a *app) sandboxUsage(w io.Writer) {
	c := lookupCommand("sandbox")
	fmt.Fprintln(w, usageLine(c.name, c.args))
	fmt.Fprintln(w)
	writeWrapped(w, c.about, "")
	fmt.Fprintln(w, "\nCommands:")
	writeCommandList(w, c.subcommands)
	writeExamples(w, c.examples)
	fmt.Fprintln(w, "\nSandbox flags (with --sandbox, and for 'orgctl sandbox serve'):")
	writeFlags(w, flagList(globalFlags, func(f *pflag.Flag) bool { return sandboxOnlyFlags[f.Name] }))
	writeGlobalsInShort(w)
	fmt.Fprintln(w)
	writeWrapped(w, "Run 'orgctl sandbox COMMAND --help' for a command's flags and examples.", "")
}

// flagList returns the flags of fs that keep takes and help shows, in
// their order. (Adding them to another set would write to them, and
// globalFlags is shared.)
func flagList(fs *pflag.FlagSet, keep func(*pflag.Flag) bool) []*pflag.Flag {
	var out []*pflag.Flag
	fs.VisitAll(func(f *pflag.Flag) {
		if !f.Hidden && keep(f) {
			out = append(out, f)
		}
	})
	return out
}

func writeCommandList(w io.Writer, cs []command) {
	width := 0
	for _, c := range cs {
		width = max(width, len(c.name))
	}
	for _, c := range cs {
		indent := strings.Repeat(" ", width+4)
		lines := wrapWords(c.summary, helpWidth-len(indent))
		for i, l := range lines {
			if i == 0 {
				fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, l)
			} else {
				fmt.Fprintf(w, "%s%s\n", indent, l)
			}
		}
	}
}

// writeFlags prints one row per flag: its names and value, then its
// description wrapped beside them, or below when the names are too long.
func writeFlags(w io.Writer, flags []*pflag.Flag) {
	const maxNames = 34
	col := 0
	for _, f := range flags {
		if n := len(flagNames(f)); n <= maxNames {
			col = max(col, n)
		}
	}
	col += 2
	indent := strings.Repeat(" ", col)
	for _, f := range flags {
		names := flagNames(f)
		lines := wrapWords(flagDescription(f), helpWidth-col)
		if len(names) > col-2 {
			fmt.Fprintln(w, names)
			names = ""
		}
		for i, l := range lines {
			if i == 0 && names != "" {
				fmt.Fprintf(w, "%-*s%s\n", col, names, l)
			} else {
				fmt.Fprintf(w, "%s%s\n", indent, l)
			}
		}
	}
}

// flagNames is a flag's left column: "  -f, --file FILE".
func flagNames(f *pflag.Flag) string {
	if f.Shorthand != "" {
		return "  -" + f.Shorthand + ", " + flagName(f)
	}
	return "      " + flagName(f)
}

// flagName is "--file FILE", "--sandbox[=PATH]" or, for a boolean,
// "--no-color": a boolean's =true|false is noise nobody types.
func flagName(f *pflag.Flag) string {
	s := "--" + f.Name
	if f.Value.Type() == "bool" {
		return s
	}
	if f.NoOptDefVal != "" {
		return s + "[=" + valueName(f) + "]"
	}
	return s + " " + valueName(f)
}

// valueName names a flag's value: the word its description quotes in
// backticks, its choices, or a word for its type.
func valueName(f *pflag.Flag) string {
	if name, _ := pflag.UnquoteUsage(f); strings.Contains(f.Usage, "`") {
		return name
	}
	if vs := flagValues(f); len(vs) > 0 {
		return strings.Join(vs, "|")
	}
	switch f.Value.Type() {
	case "int", "int64", "uint":
		return "N"
	case "duration":
		return "DURATION"
	}
	parts := strings.Split(f.Name, "-")
	return strings.ToUpper(parts[len(parts)-1])
}

// flagDescription is a flag's description and, unless zero, its default.
func flagDescription(f *pflag.Flag) string {
	_, usage := pflag.UnquoteUsage(f)
	switch d := f.DefValue; d {
	case "", "false", "0", "0s", "[]":
	default:
		if f.Value.Type() == "duration" {
			d = shortDuration(d)
		}
		usage += " (default " + d + ")"
	}
	return usage
}

// shortDuration drops a duration's zero tails: 10m0s is 10m.
func shortDuration(d string) string {
	if strings.HasSuffix(d, "m0s") {
		d = strings.TrimSuffix(d, "0s")
	}
	if strings.HasSuffix(d, "h0m") {
		d = strings.TrimSuffix(d, "0m")
	}
	return d
}

// writeWrapped prints text wrapped at word boundaries, each line after
// prefix.
func writeWrapped(w io.Writer, text, prefix string) {
	for _, l := range wrapWords(text, helpWidth-len(prefix)) {
		fmt.Fprintf(w, "%s%s\n", prefix, l)
	}
}

// wrapWords breaks text into lines of at most width columns, at spaces;
// a word longer than width has a line to itself.
func wrapWords(text string, width int) []string {
	return wrapItems(strings.Fields(text), "", " ", width)
}

// wrapItems joins items with sep into lines of at most width columns,
// each line after indent, never breaking an item.
func wrapItems(items []string, indent, sep string, width int) []string {
	var lines []string
	line := ""
	for _, it := range items {
		switch {
		case line == "":
			line = indent + it
		case len(line)+len(sep)+len(it) <= width:
			line += sep + it
		default:
			lines = append(lines, line)
			line = indent + it
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// runHelp prints the help of the command its arguments name, or orgctl's.
func runHelp(ctx context.Context, a *app, args []string) int {
	fs := newFlagSet("help", &globals{})
	if code, done := a.parse(fs, args); done {
		return code
	}
	if fs.NArg() == 0 {
		a.usage(a.stdout)
		return exitOK
	}
	name := fs.Arg(0)
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, a, append(fs.Args()[1:], "--help"))
		}
	}
	return a.unknownCommand(name, fs.Args())
}
