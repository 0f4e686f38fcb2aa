package diag

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/orgctl/orgctl/facts"
)

// Sources returns the bytes of a source file by name, or nil when unknown.
type Sources func(file string) []byte

// Render writes diagnostics for a human: severity and summary, the place,
// a snippet of the offending line with a caret under the column, and the
// detail saying what to change.
func Render(w io.Writer, ds Diagnostics, src Sources, color bool) {
	for _, d := range ds {
		renderOne(w, d, src, color)
	}
}

func renderOne(w io.Writer, d Diagnostic, src Sources, color bool) {
	label := "Error"
	paint := "\x1b[1;31m"
	if d.Severity == Warning {
		label, paint = "Warning", "\x1b[1;33m"
	}
	if color {
		fmt.Fprintf(w, "%s%s:\x1b[0m \x1b[1m%s\x1b[0m\n", paint, label, d.Summary)
	} else {
		fmt.Fprintf(w, "%s: %s\n", label, d.Summary)
	}
	if d.Subject != nil {
		fmt.Fprintf(w, "\n  on %s:\n", d.Subject)
		if src != nil && d.Subject.Line > 0 {
			if line, ok := sourceLine(src(d.Subject.File), d.Subject.Line); ok {
				shown, pad := snippet(line, d.Subject.Col)
				fmt.Fprintf(w, "  %4d | %s\n", d.Subject.Line, shown)
				if d.Subject.Col > 0 {
					fmt.Fprintf(w, "       | %s^\n", pad)
				}
			}
		}
	}
	if d.Detail != "" {
		fmt.Fprintf(w, "\n%s\n", d.Detail)
	}
	fmt.Fprintln(w)
}

func sourceLine(b []byte, n int) (string, bool) {
	if b == nil {
		return "", false
	}
	lines := bytes.Split(b, []byte("\n"))
	if n < 1 || n > len(lines) {
		return "", false
	}
	return strings.TrimRight(string(lines[n-1]), "\r"), true
}

// snippet returns the line as shown, with the characters that make text
// other than it looks escaped (a file may hold a raw bidirectional
// override), and the padding that puts a caret under column col (counted
// in characters, as YAML counts) of the line as shown. Tabs are kept, so
// the caret lines up however the terminal renders them.
func snippet(line string, col int) (shown, pad string) {
	var s, p strings.Builder
	i := -1
	for _, r := range line {
		i++
		out := string(r)
		if r != '\t' {
			out = facts.Visible(out)
		}
		s.WriteString(out)
		if i >= col-1 {
			continue
		}
		if r == '\t' {
			p.WriteRune('\t')
		} else {
			p.WriteString(strings.Repeat(" ", utf8.RuneCountInString(out)))
		}
	}
	return s.String(), p.String()
}
