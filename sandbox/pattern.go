package sandbox

import (
	"regexp"
	"slices"
	"sync"
)

// Pattern is a regular expression compiled when first used. AWS's input
// patterns repeat with counts ({4,32}, {1,512}) that compile to large
// programs: compiled when the package loads, they would cost every start
// of orgctl milliseconds, though most runs never serve a request.
type Pattern struct {
	expr string
	once sync.Once
	re   *regexp.Regexp
}

var (
	patternsMu sync.Mutex
	patterns   []*Pattern
)

// NewPattern returns the pattern expr, to compile on first use. A test
// compiles every pattern the imported services made (Patterns), so a bad
// one fails there rather than in a request.
func NewPattern(expr string) *Pattern {
	p := &Pattern{expr: expr}
	patternsMu.Lock()
	patterns = append(patterns, p)
	patternsMu.Unlock()
	return p
}

// Patterns lists every pattern made so far.
func Patterns() []*Pattern {
	patternsMu.Lock()
	defer patternsMu.Unlock()
	return slices.Clone(patterns)
}

// Regexp compiles the pattern, once.
func (p *Pattern) Regexp() *regexp.Regexp {
	p.once.Do(func() { p.re = regexp.MustCompile(p.expr) })
	return p.re
}

// MatchString reports whether s matches the pattern.
func (p *Pattern) MatchString(s string) bool { return p.Regexp().MatchString(s) }

// FindStringSubmatch is regexp's, on the pattern.
func (p *Pattern) FindStringSubmatch(s string) []string { return p.Regexp().FindStringSubmatch(s) }

// Matcher is what input validation checks a string with: a Pattern or a
// compiled regexp.
type Matcher interface{ MatchString(string) bool }
