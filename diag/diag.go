// Package diag carries problems to the user: what went wrong, where in the
// spec, and what to change. Finding a problem (a path into the spec) is
// separate from locating it (a file, line and column), so validation rules
// can be written against the decoded model and still point at the source.
//
// diag imports nothing of orgctl; every other package may import it.
package diag

import (
	"fmt"
	"strings"
)

// Severity says whether a diagnostic stops the command.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Pos is a place in a source file. Line and Col count from 1.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem. Summary is a short sentence; Detail says what
// to change. Subject, when known, is where the problem is in the spec.
// Path is the location in the decoded model (accounts[3].email), kept so
// JSON consumers can match diagnostics without parsing positions.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Summary  string   `json:"summary"`
	Detail   string   `json:"detail,omitempty"`
	Subject  *Pos     `json:"subject,omitempty"`
	Path     string   `json:"path,omitempty"`
}

// Error renders the diagnostic on one line: "file:line:col: summary: detail".
func (d Diagnostic) Error() string {
	var b strings.Builder
	if d.Subject != nil {
		b.WriteString(d.Subject.String())
		b.WriteString(": ")
	}
	b.WriteString(d.Summary)
	if d.Detail != "" {
		b.WriteString(": ")
		b.WriteString(d.Detail)
	}
	return b.String()
}

// Diagnostics is an ordered list of problems.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errs returns only the errors.
func (ds Diagnostics) Errs() Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Err returns the diagnostics as an error when any of them is an error,
// and nil otherwise.
func (ds Diagnostics) Err() error {
	if !ds.HasErrors() {
		return nil
	}
	return ds
}

// Error joins the messages of all diagnostics, one a line.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// Errorf builds an error diagnostic at pos (which may be nil).
func Errorf(pos *Pos, detail, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Error, Summary: fmt.Sprintf(format, args...), Detail: detail, Subject: pos}
}

// Warnf builds a warning diagnostic at pos (which may be nil).
func Warnf(pos *Pos, detail, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Warning, Summary: fmt.Sprintf(format, args...), Detail: detail, Subject: pos}
}
