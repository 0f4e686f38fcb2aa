package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/orgctl/orgctl/diag"
	"github.com/orgctl/orgctl/spec"
)

// Rule is one check of the baseline.
type Rule struct {
	// ID names the rule in output and in settings.lint.disable.
	ID string
	// Group is the part of the baseline the rule belongs to.
	Group string
	// Severity is diag.Error (lint exits 1) or diag.Warning.
	Severity diag.Severity
	// Title says in one line what the rule wants.
	Title string
	// Why says in one line why it matters.
	Why string
	// Fix says in one line how to satisfy it.
	Fix string
	// Check reports the rule's findings on c.
	Check func(c *Context)
}

// Finding is one place where a rule does not hold.
type Finding struct {
	Rule     string        `json:"rule"`
	Severity diag.Severity `json:"severity"`
	Message  string        `json:"message"`
	// Path is where in the spec's model the finding is (accounts[3]), or
	// a policy and statement (policies[2].Statement[0]).
	Path    string    `json:"path,omitempty"`
	Subject *diag.Pos `json:"subject,omitempty"`
	// Suppressed is set when settings.lint.disable switches the rule off;
	// Reason is the reason given there.
	Suppressed bool   `json:"suppressed,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// Disabled is a rule settings.lint.disable switches off.
type Disabled struct {
	Rule    string    `json:"rule"`
	Reason  string    `json:"reason"`
	Subject *diag.Pos `json:"subject,omitempty"`
}

// Report is what a lint run found.
type Report struct {
	File     string     `json:"file"`
	Findings []Finding  `json:"findings"`
	Disabled []Disabled `json:"disabled"`
}

var registry []*Rule

// register adds rules; each rule file calls it from init.
func register(rs ...*Rule) {
	for _, r := range rs {
		if r.ID == "" || r.Check == nil || (r.Severity != diag.Error && r.Severity != diag.Warning) {
			panic("lint: incomplete rule " + r.ID)
		}
		if Lookup(r.ID) != nil {
			panic("lint: rule registered twice: " + r.ID)
		}
		i, _ := slices.BinarySearchFunc(registry, r.ID, func(x *Rule, id string) int { return strings.Compare(x.ID, id) })
		registry = slices.Insert(registry, i, r)
	}
}

// Rules lists every rule, sorted by id.
func Rules() []*Rule { return slices.Clone(registry) }

// Lookup returns the rule with id, or nil.
func Lookup(id string) *Rule {
	for _, r := range registry {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// unknownRule reports settings.lint.disable entries that name no rule.
var unknownRule = &Rule{
	ID: "lint-unknown-rule", Group: "lint", Severity: diag.Warning,
	Title: "settings.lint.disable names rules that exist",
	Why:   "A misspelt rule id disables nothing, and a stale one hides what the reader thinks is switched off.",
	Fix:   "Use an id orgctl lint prints, or remove the entry.",
	Check: func(c *Context) {
		ids := make([]string, len(registry))
		for i, r := range registry {
			ids[i] = r.ID
		}
		for i, d := range c.Spec.Settings.Lint.Disable {
			if d.Rule != "" && Lookup(d.Rule) == nil {
				c.Report(fmt.Sprintf("settings.lint.disable[%d].rule", i), "there is no lint rule %q.%s", d.Rule, spec.DidYouMean(d.Rule, ids))
			}
		}
	},
}

func init() { register(unknownRule) }

// Options tune a run.
type Options struct {
	// CrossAccountActions are the IAM actions orgctl makes in member
	// accounts through settings.crossAccountRole (the catalogue's
	// providers declare them). Guardrails must let them through in the
	// security account. Empty: a built-in list of the services' calls.
	CrossAccountActions []string
}

// Run applies every rule to s, a spec that loaded without errors.
func Run(s *spec.Spec, opts Options) *Report {
	rep := &Report{File: s.File, Findings: []Finding{}, Disabled: []Disabled{}}
	off := map[string]string{}
	for i, d := range s.Settings.Lint.Disable {
		if Lookup(d.Rule) == nil {
			continue
		}
		off[d.Rule] = d.Reason
		rep.Disabled = append(rep.Disabled, Disabled{Rule: d.Rule, Reason: d.Reason,
			Subject: s.Locs.Pos(fmt.Sprintf("settings.lint.disable[%d]", i))})
	}
	c := newContext(s)
	c.orgctlActions = defaultActions
	if len(opts.CrossAccountActions) > 0 {
		c.orgctlActions = slices.Compact(slices.Sorted(slices.Values(opts.CrossAccountActions)))
	}
	for _, r := range registry {
		c.rule = r
		start := len(c.findings)
		r.Check(c)
		if reason, ok := off[r.ID]; ok {
			for i := start; i < len(c.findings); i++ {
				c.findings[i].Suppressed, c.findings[i].Reason = true, reason
			}
		}
	}
	rep.Findings = append(rep.Findings, c.findings...)
	return rep
}

// Failed reports whether a finding of severity error is not suppressed:
// lint's exit status.
func (r *Report) Failed() bool {
	for _, f := range r.Findings {
		if f.Severity == diag.Error && !f.Suppressed {
			return true
		}
	}
	return false
}

// Counts returns the active errors and warnings and the suppressed findings.
func (r *Report) Counts() (errors, warnings, suppressed int) {
	for _, f := range r.Findings {
		switch {
		case f.Suppressed:
			suppressed++
		case f.Severity == diag.Error:
			errors++
		default:
			warnings++
		}
	}
	return
}
