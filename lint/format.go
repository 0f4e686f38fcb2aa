package lint

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/orgctl/orgctl/diag"
)

// WriteText writes the report for a person: findings grouped by rule,
// each rule's why and fix once, each finding with its source snippet as
// validate shows it; then the disabled rules and a summary line.
func WriteText(w io.Writer, r *Report, src diag.Sources, color bool) {
	for _, rule := range registry {
		var active, suppressed diag.Diagnostics
		for _, f := range r.Findings {
			if f.Rule != rule.ID {
				continue
			}
			d := diag.Diagnostic{Severity: f.Severity, Summary: f.Message, Subject: f.Subject, Path: f.Path}
			if f.Suppressed {
				suppressed = append(suppressed, d)
			} else {
				active = append(active, d)
			}
		}
		if len(active) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s [%s, %d finding(s)]: %s\n", rule.ID, rule.Severity, len(active), rule.Title)
		fmt.Fprintf(w, "  Why: %s\n  Fix: %s\n\n", rule.Why, rule.Fix)
		diag.Render(w, active, src, color)
	}
	if len(r.Disabled) > 0 {
		fmt.Fprintln(w, "Disabled rules (settings.lint.disable):")
		for _, d := range r.Disabled {
			n := 0
			for _, f := range r.Findings {
				if f.Rule == d.Rule && f.Suppressed {
					n++
				}
			}
			where := ""
			if d.Subject != nil {
				where = ", at " + d.Subject.String()
			}
			fmt.Fprintf(w, "  %s%s: %d finding(s) suppressed\n    Reason: %s\n", d.Rule, where, n, d.Reason)
		}
		fmt.Fprintln(w)
	}
	errs, warns, sup := r.Counts()
	fmt.Fprintf(w, "%s: %d error(s), %d warning(s), %d suppressed, %d rules checked.\n", r.File, errs, warns, sup, len(registry))
}

// jsonReport is the JSON output: a format version, the rules, the report.
type jsonReport struct {
	FormatVersion string     `json:"format_version"`
	File          string     `json:"file"`
	Errors        int        `json:"errors"`
	Warnings      int        `json:"warnings"`
	Suppressed    int        `json:"suppressed"`
	Findings      []Finding  `json:"findings"`
	Disabled      []Disabled `json:"disabled"`
	Rules         []jsonRule `json:"rules"`
}

type jsonRule struct {
	ID       string        `json:"id"`
	Group    string        `json:"group"`
	Severity diag.Severity `json:"severity"`
	Title    string        `json:"title"`
	Why      string        `json:"why"`
	Fix      string        `json:"fix"`
}

// WriteJSON writes the report as JSON.
func WriteJSON(w io.Writer, r *Report) error {
	errs, warns, sup := r.Counts()
	out := jsonReport{FormatVersion: "1", File: r.File, Errors: errs, Warnings: warns, Suppressed: sup,
		Findings: r.Findings, Disabled: r.Disabled}
	for _, rule := range registry {
		out.Rules = append(out.Rules, jsonRule{rule.ID, rule.Group, rule.Severity, rule.Title, rule.Why, rule.Fix})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
