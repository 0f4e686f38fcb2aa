package diag

import (
	"bytes"
	"fmt"
	"io"
	"strings"
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
				fmt.Fprintf(w, "  %4d | %s\n", d.Subject.Line, line)
				if d.Subject.Col > 0 {
					pad := caretPad(line, d.Subject.Col)
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

// caretPad keeps tabs so the caret lines up under the column however the
// terminal renders tabs.
func caretPad(line string, col int) string {
	var b strings.Builder
	for i, r := range line {
		if i >= col-1 {
			break
		}
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteRune(' ')
		}
	}
	return b.String()
}
